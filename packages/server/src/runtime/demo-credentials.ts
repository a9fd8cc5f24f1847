import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from '@fpr/contract';
import type { Db } from '../db/database';
import { samplePersonalCodes } from '../modules/register/register-read.repository';

/**
 * Writes `<DATA_DIR>/demo-credentials.json` (API.md §7): what a newcomer needs to try the demo.
 * Organisations, clients and users join it when the identity and lifecycle modules exist; until
 * then the registrar API's bootstrap secret is the one credential.
 */
export async function writeDemoCredentials(options: {
  db: Db;
  dataDir: string;
  baseUrl: string;
}): Promise<string> {
  const samplePersons: Record<Environment, string[]> = {
    test: await samplePersonalCodes(options.db, 'test', 10),
    production: await samplePersonalCodes(options.db, 'production', 10),
  };
  const credentials = {
    baseUrl: options.baseUrl,
    organisations: [],
    pmlp: { users: [] },
    samplePersons,
  };
  const file = join(options.dataDir, 'demo-credentials.json');
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return file;
}
