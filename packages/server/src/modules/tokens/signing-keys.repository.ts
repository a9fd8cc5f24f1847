import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface SigningKeyRow {
  kid: string;
  privateJwk: unknown;
  publicJwk: unknown;
  createdAt: Date;
  retiredAt: Date | null;
}

export type PublicSigningKeyRow = Omit<SigningKeyRow, 'privateJwk'>;

const publicColumns = ['kid', 'publicJwk', 'createdAt', 'retiredAt'] as const;

/**
 * Serialises key creation and rotation across processes for the rest of the transaction, so two
 * servers starting at once do not both create a first key.
 */
export async function lockSigningKeys(db: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('fpr_signing_key'))`.execute(db);
}

/** The key new tokens are signed with: the newest one not retired. */
export async function findNewestSigningKey(db: Db): Promise<SigningKeyRow | undefined> {
  return db
    .selectFrom('signingKey')
    .select([...publicColumns, 'privateJwk'])
    .where('retiredAt', 'is', null)
    .orderBy('createdAt', 'desc')
    .orderBy('kid')
    .limit(1)
    .executeTakeFirst();
}

/** Keys that may still verify a token: not retired, or retired after `retiredSince`. */
export async function listVerificationKeys(db: Db, retiredSince: Date): Promise<PublicSigningKeyRow[]> {
  return db
    .selectFrom('signingKey')
    .select(publicColumns)
    .where((eb) => eb.or([eb('retiredAt', 'is', null), eb('retiredAt', '>', retiredSince)]))
    .orderBy('createdAt')
    .execute();
}

export async function findVerificationKey(db: Db, kid: string): Promise<PublicSigningKeyRow | undefined> {
  return db.selectFrom('signingKey').select(publicColumns).where('kid', '=', kid).executeTakeFirst();
}

export async function insertSigningKey(
  db: Db,
  key: { kid: string; privateJwk: object; publicJwk: object; createdAt: Date },
): Promise<SigningKeyRow> {
  return db
    .insertInto('signingKey')
    .values({
      kid: key.kid,
      privateJwk: JSON.stringify(key.privateJwk),
      publicJwk: JSON.stringify(key.publicJwk),
      createdAt: key.createdAt,
    })
    .returning([...publicColumns, 'privateJwk'])
    .executeTakeFirstOrThrow();
}

/** Retires every key but `kid`; they keep verifying for a while (see signing-keys.ts). */
export async function retireOtherSigningKeys(db: Db, kid: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('signingKey')
    .set({ retiredAt: at })
    .where('kid', '!=', kid)
    .where('retiredAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
