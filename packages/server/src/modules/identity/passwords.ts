import { hash, verify } from '@node-rs/argon2';
import { randomToken } from './secrets';

// OWASP's argon2id baseline (19 MiB, 2 passes): about 25 ms here, slow enough for guessing,
// cheap enough for a log-in.
// `algorithm: 2` is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function isPasswordCorrect(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check when the username is unknown, so the answer's timing does
 * not tell an attacker which usernames exist.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  decoyHash ??= hashPassword(randomToken());
  await isPasswordCorrect(await decoyHash, password);
}

/** An initial password for a new or reset account: shown once, 20 random URL-safe characters. */
export function generatePassword(): string {
  return randomToken(15);
}
