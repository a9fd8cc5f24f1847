import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import type { Db } from '../../db/database';
import { notifyAccess } from './access-state.repository';
import {
  findNewestSigningKey,
  insertSigningKey,
  lockSigningKeys,
  retireOtherSigningKeys,
  type SigningKeyRow,
} from './signing-keys.repository';

/**
 * The server's token-signing keys (ES256). Rotation without downtime: a new key is added and signs
 * from then on, while the retired ones keep verifying until every token they signed has expired.
 */

export const signingAlgorithm = 'ES256';

/** Tokens live at most five minutes, so a key retired longer ago than that verifies nothing. */
export const retiredKeyGraceSeconds = 300;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface VerificationKey {
  kid: string;
  publicKey: CryptoKey;
  retiredAt: Date | null;
}

/** The newest key, created on first use. */
export async function ensureSigningKey(db: Db, at: Date = new Date()): Promise<SigningKeyRow> {
  const existing = await findNewestSigningKey(db);
  if (existing) return existing;
  return db.transaction().execute(async (trx) => {
    await lockSigningKeys(trx);
    // Another process may have created one while this one waited for the lock.
    const created = await findNewestSigningKey(trx);
    if (created) return created;
    const key = await insertSigningKey(trx, await newKeyMaterial(at));
    await notifyAccess(trx, { kind: 'signingKeys' });
    return key;
  });
}

/** Adds a new signing key and retires the others; every server signs with it once notified. */
export async function rotateSigningKey(db: Db, at: Date = new Date()): Promise<{ kid: string }> {
  return db.transaction().execute(async (trx) => {
    await lockSigningKeys(trx);
    const key = await insertSigningKey(trx, await newKeyMaterial(at));
    await retireOtherSigningKeys(trx, key.kid, at);
    await notifyAccess(trx, { kind: 'signingKeys' });
    return { kid: key.kid };
  });
}

/** Whether a key may verify a token at `now`. */
export function isKeyUsableForVerification(key: { retiredAt: Date | null }, now: Date): boolean {
  return key.retiredAt === null || now.getTime() - key.retiredAt.getTime() < retiredKeyGraceSeconds * 1000;
}

export async function importSigningKey(row: { kid: string; privateJwk: unknown }): Promise<SigningKey> {
  return { kid: row.kid, privateKey: await importEcKey(row.privateJwk) };
}

export async function importVerificationKey(row: {
  kid: string;
  publicJwk: unknown;
  retiredAt: Date | null;
}): Promise<VerificationKey> {
  return { kid: row.kid, publicKey: await importEcKey(row.publicJwk), retiredAt: row.retiredAt };
}

async function importEcKey(jwk: unknown): Promise<CryptoKey> {
  const key = await importJWK(jwk as JWK, signingAlgorithm);
  if (key instanceof Uint8Array) throw new Error('a signing key must be asymmetric');
  return key;
}

async function newKeyMaterial(at: Date) {
  const { privateKey, publicKey } = await generateKeyPair(signingAlgorithm, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  // The RFC 7638 thumbprint: a stable id derived from the key itself.
  const kid = await calculateJwkThumbprint(publicJwk);
  const alg = signingAlgorithm;
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg },
    publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
    createdAt: at,
  };
}
