// @ts-check
// Plain JavaScript on purpose: `bin/fpr.js` runs this before any TypeScript can be loaded.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: sources are named relative to it in the build's record of its inputs. */
const rootDir = fileURLToPath(new URL('../../../', import.meta.url));
const builderFile = fileURLToPath(import.meta.url);

/** The `fpr` command's entry and where its build goes. */
export const cliEntry = join(rootDir, 'packages/cli/src/main.ts');
export const cliBundle = join(rootDir, 'packages/cli/dist/fpr.js');

/**
 * @typedef {object} BuildRecord
 * @property {string} builder what built it: the esbuild version and this file's hash
 * @property {Record<string, string>} inputs every source file in the bundle and its SHA-256
 */

/**
 * Builds `entry` (TypeScript) into the single ES module `outfile` unless `outfile` was built from
 * exactly the current sources, so `npm install && npm start` runs plain JavaScript without a
 * separate build command, and an edited source is rebuilt at the next start. Returns `outfile`.
 * @param {string} entry
 * @param {string} outfile
 * @param {(line: string) => void} [log]
 * @returns {Promise<string>}
 */
export async function ensureServerBuild(entry, outfile, log = () => {}) {
  const builder = await builderFingerprint();
  if (await isBuiltFrom(outfile, builder)) return outfile;
  log(`building ${relative(rootDir, outfile)}…`);
  const startedAt = performance.now();
  await build(entry, outfile, builder, log);
  log(`built ${relative(rootDir, outfile)} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  return outfile;
}

/**
 * Our workspaces' TypeScript (`@fpr/*`, relative imports) goes into the bundle; every npm
 * package stays an import that Node resolves from `node_modules` as before, so packages that find
 * their own files at run time (embedded PostgreSQL's binaries, pdfkit's font metrics, Swagger UI's
 * assets, graphile-worker's migrations, pino's worker threads) keep working unchanged.
 * @param {string} entry
 * @param {string} outfile
 * @param {string} builder
 * @param {(line: string) => void} log
 */
async function build(entry, outfile, builder, log) {
  const esbuild = await import('esbuild');
  const outDir = dirname(outfile);
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    outfile,
    absWorkingDir: rootDir,
    // Errors arrive in the thrown error, warnings through `log`.
    logLevel: 'silent',
    plugins: [npmPackagesExternal, sourceRelativeImportMeta(outDir)],
  });
  const inputs = await hashFiles(Object.keys(result.metafile.inputs).sort());
  for (const warning of result.warnings)
    log(`warning: ${warning.text} (${warning.location?.file}:${warning.location?.line})`);
  // esbuild keeps a service process for further builds; this process only ever builds once.
  await esbuild.stop();
  const [output] = result.outputFiles;
  if (output === undefined || result.outputFiles.length !== 1) throw new Error('expected one output file');
  /** @type {BuildRecord} */
  const record = { builder, inputs };
  await mkdir(outDir, { recursive: true });
  // Written beside and renamed into place: a process starting meanwhile never loads half a file.
  await replaceFile(outfile, output.contents);
  await replaceFile(recordFileOf(outfile), `${JSON.stringify(record, null, 2)}\n`);
}

/** @type {import('esbuild').Plugin} */
const npmPackagesExternal = {
  name: 'npm-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@fpr/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * In a bundle, `import.meta.url` would name the bundle, not the source file that wrote it, and
 * paths resolved from it (`createRequire(import.meta.url)`, `new URL('../x', import.meta.url)`)
 * would point elsewhere. Each source's `import.meta.url` becomes its own file's URL, computed from
 * the bundle's location, so the bundle may move with the repository.
 * @param {string} outDir
 * @returns {import('esbuild').Plugin}
 */
function sourceRelativeImportMeta(outDir) {
  return {
    name: 'source-relative-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${join('/', 'node_modules', '/')}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (/import\.meta\.(dirname|filename)/.test(source))
          throw new Error(`${args.path}: use import.meta.url (the bundle rewrites only that)`);
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
        const fromBundle = relative(outDir, args.path).split('\\').join('/');
        const sourceUrl = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', sourceUrl), loader: 'ts' };
      });
    },
  };
}

/**
 * @param {string} outfile
 * @param {string} builder
 */
async function isBuiltFrom(outfile, builder) {
  const recordFile = recordFileOf(outfile);
  if (!existsSync(outfile) || !existsSync(recordFile)) return false;
  /** @type {BuildRecord} */
  const record = JSON.parse(await readFile(recordFile, 'utf8'));
  if (record.builder !== builder) return false;
  const names = Object.keys(record.inputs);
  const current = await hashFiles(names).catch(() => undefined);
  return current !== undefined && names.every((name) => current[name] === record.inputs[name]);
}

/**
 * The esbuild version and this file: a change to either changes what a build produces. Read from
 * its package.json, so a start that needs no build never loads esbuild.
 */
async function builderFingerprint() {
  const { version } = createRequire(import.meta.url)('esbuild/package.json');
  return `esbuild ${version}, ${sha256(await readFile(builderFile))}`;
}

/**
 * @param {string[]} names paths relative to the repository's root
 * @returns {Promise<Record<string, string>>}
 */
async function hashFiles(names) {
  const contents = await Promise.all(names.map((name) => readFile(resolve(rootDir, name))));
  return Object.fromEntries(names.map((name, index) => [name, sha256(contents[index] ?? '')]));
}

/** @param {string | Uint8Array} content */
function sha256(content) {
  return createHash('sha256').update(content).digest('hex');
}

/** @param {string} outfile */
function recordFileOf(outfile) {
  return `${outfile}.inputs.json`;
}

/**
 * @param {string} file
 * @param {string | Uint8Array} content
 */
async function replaceFile(file, content) {
  const building = `${file}.building-${process.pid}-${Date.now()}`;
  try {
    await writeFile(building, content);
    await rename(building, file);
  } finally {
    await rm(building, { force: true });
  }
}
