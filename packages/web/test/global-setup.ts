import { ensureWebBuild } from '../build/web-build';

/** The browser tests and the bundle check read the built app: build it once, before any test file. */
export async function setup(): Promise<void> {
  await ensureWebBuild((line) => console.log(line));
}
