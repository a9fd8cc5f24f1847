import { cliBundle, cliEntry, ensureServerBuild } from '../build/server-build.js';

/**
 * The command-line tests run `bin/fpr.js`, which builds the bundle when it is stale: build it once
 * here, before any test file, so parallel files do not each build it at the same time.
 */
export async function setup(): Promise<void> {
  await ensureServerBuild(cliEntry, cliBundle, (line) => console.log(line));
}
