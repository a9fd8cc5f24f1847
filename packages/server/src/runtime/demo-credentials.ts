import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from '@fpr/contract';
import type { Db } from '../db/database';
import { createDemoAccess, type DemoAccess, hasDemoAccess } from '../modules/demo/demo-access';
import type { SecretBox } from '../modules/identity/secret-box';
import { samplePersonalCodes } from '../modules/register/register-read.repository';

const fileName = 'demo-credentials.json';

/**
 * Makes sure the demo's organisations and people exist and writes `<DATA_DIR>/demo-credentials.json`
 * (API.md §7). Their passwords, TOTP secrets and private keys exist in clear only in that file
 * (owner-readable only): the database keeps hashes and public keys. A second start reuses both.
 */
export async function ensureDemoCredentials(options: {
  db: Db;
  dataDir: string;
  baseUrl: string;
  secretBox: SecretBox;
  log: (line: string) => void;
}): Promise<string | undefined> {
  const file = join(options.dataDir, fileName);
  const access = await demoAccess(options, file);
  if (!access) return undefined;
  const samplePersons: Record<Environment, string[]> = {
    test: await samplePersonalCodes(options.db, 'test', 10),
    production: await samplePersonalCodes(options.db, 'production', 10),
  };
  const credentials = { baseUrl: options.baseUrl, ...access, samplePersons };
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return file;
}

async function demoAccess(
  options: { db: Db; secretBox: SecretBox; log: (line: string) => void },
  file: string,
): Promise<DemoAccess | undefined> {
  if (!(await hasDemoAccess(options.db))) {
    options.log('creating the demo organisations, people and system clients…');
    return createDemoAccess({ db: options.db, now: () => new Date(), secretBox: options.secretBox });
  }
  if (existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as DemoAccess;
    return { organisations: saved.organisations, pmlp: saved.pmlp };
  }
  options.log(
    `the demo exists but ${fileName} is gone: its secrets cannot be shown again (start on an empty DATA_DIR)`,
  );
  return undefined;
}
