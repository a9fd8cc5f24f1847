import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web package's folder; the build reads from it and writes `dist/` inside it. */
export const webDir = fileURLToPath(new URL('..', import.meta.url));
export const webDistDir = join(webDir, 'dist');

const fingerprintFileName = '.build-fingerprint';
const fingerprintFile = join(webDistDir, fingerprintFileName);
const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

/**
 * Builds the web app unless `dist/` was built from exactly the current sources, so a fresh clone
 * (`npm install && npm start`) and the test run both serve what the sources say. The fingerprint
 * hashes file contents, not times: a checkout sets every time to now.
 */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<string> {
  const fingerprint = await sourceFingerprint();
  if (await isBuiltFrom(fingerprint)) return webDistDir;
  log('building the web app…');
  const startedAt = performance.now();
  await replaceDist(await productionBuild(), fingerprint);
  log(`built the web app in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  return webDistDir;
}

/**
 * Vite picks React's development JSX transform and build whenever NODE_ENV says so, and the test
 * runner sets NODE_ENV=test: the build runs with `production` and the caller's value comes back after.
 */
async function productionBuild(): Promise<string> {
  const { build } = await import('vite');
  const callerNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  // Built beside and moved into place, so a second build at the same time never serves half a folder.
  const outDir = join(webDir, `dist.building-${process.pid}-${Date.now()}`);
  try {
    await build({
      configFile: join(webDir, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
    return outDir;
  } finally {
    if (callerNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerNodeEnv;
  }
}

async function replaceDist(builtDir: string, fingerprint: string): Promise<void> {
  await writeFile(join(builtDir, fingerprintFileName), fingerprint);
  const previous = `${webDistDir}.previous-${process.pid}-${Date.now()}`;
  if (existsSync(webDistDir)) await rename(webDistDir, previous);
  await rename(builtDir, webDistDir);
  await rm(previous, { recursive: true, force: true });
}

async function isBuiltFrom(fingerprint: string): Promise<boolean> {
  if (!existsSync(join(webDistDir, 'index.html')) || !existsSync(fingerprintFile)) return false;
  return (await readFile(fingerprintFile, 'utf8')) === fingerprint;
}

/** A hash over the path and content of every build input, in a stable order. */
export async function sourceFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await inputFiles()) {
    hash.update(relative(webDir, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

async function inputFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const path = join(webDir, input);
    if (!existsSync(path)) continue;
    files.push(...(await filesUnder(path)));
  }
  return files.sort();
}

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => undefined);
  if (entries === undefined) return [path];
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
