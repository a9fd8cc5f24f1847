import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuild } from '../build/server-build.js';

// Inside the repository (git-ignored), so the sources resolve npm packages as the real ones do.
const sourceDir = fileURLToPath(new URL(`../dist/test-${randomBytes(4).toString('hex')}/`, import.meta.url));
const entry = join(sourceDir, 'entry.ts');
const bundle = join(sourceDir, 'out', 'entry.js');

beforeAll(async () => {
  await mkdir(sourceDir, { recursive: true });
  await writeFile(
    entry,
    [
      "import { createRequire } from 'node:module';",
      "import { greeting } from './greeting';",
      'export const sourceUrl: string = import.meta.url;',
      "export const fontFile = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');",
      'export { greeting };',
    ].join('\n'),
  );
  await writeGreeting('first');
});
afterAll(async () => rm(sourceDir, { recursive: true, force: true }));

async function writeGreeting(word: string): Promise<void> {
  await writeFile(join(sourceDir, 'greeting.ts'), `export const greeting: string = '${word}';\n`);
}

/** Builds when stale; tells whether it built and what the bundle exports. */
async function buildAndLoad(): Promise<{ built: boolean; module: Record<string, string> }> {
  const lines: string[] = [];
  const file = await ensureServerBuild(entry, bundle, (line) => lines.push(line));
  // A query string per load: Node caches a module by its URL.
  const module = await import(`${pathToFileURL(file).href}?${randomBytes(4).toString('hex')}`);
  return { built: lines.length > 0, module };
}

describe('the server build', () => {
  it('keeps import.meta.url naming the source file, so paths resolved from it still hold', async () => {
    const { built, module } = await buildAndLoad();
    expect(built).toBe(true);
    expect(module.sourceUrl).toBe(pathToFileURL(entry).href);
    expect(existsSync(module.fontFile ?? '')).toBe(true);
  });

  it('builds again only when a bundled source changed', async () => {
    await buildAndLoad();
    const unchanged = await buildAndLoad();
    expect(unchanged).toMatchObject({ built: false, module: { greeting: 'first' } });

    await writeGreeting('second');
    const changed = await buildAndLoad();
    expect(changed).toMatchObject({ built: true, module: { greeting: 'second' } });
  });

  it('refuses import.meta.dirname, which the bundle would silently point elsewhere', async () => {
    const other = join(sourceDir, 'dirname.ts');
    await writeFile(other, 'export const here: string = import.meta.dirname;\n');
    await expect(ensureServerBuild(other, join(sourceDir, 'out', 'dirname.js'))).rejects.toThrow(
      /use import\.meta\.url/,
    );
  });
});
