import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config';
import { createSecretBox, type SecretBox } from '../modules/identity/secret-box';

const fileName = 'secrets-key';

/**
 * The key that seals TOTP seeds: `SECRETS_KEY`, or one generated once into the data folder (owner-
 * readable only) so a single-server installation and the demo keep working across restarts.
 * Several servers sharing one database must all be given the same `SECRETS_KEY`.
 */
export async function secretsKeyOf(config: Config, dataDir: string): Promise<Buffer> {
  if (config.secretsKey) return config.secretsKey;
  const file = join(dataDir, fileName);
  if (existsSync(file)) return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  const key = randomBytes(32);
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}

export async function secretBoxOf(config: Config, dataDir: string): Promise<SecretBox> {
  return createSecretBox(await secretsKeyOf(config, dataDir));
}
