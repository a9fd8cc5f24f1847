import type { Db } from '../../db/database';

/** A client as the token endpoint needs it, with its connection's current state. */
export interface TokenClientRow {
  clientId: string;
  organisationId: string;
  environment: string;
  connectionId: string;
  authMethod: string;
  publicJwk: unknown;
  secretHash: string | null;
  revokedAt: Date | null;
  connectionStatus: string;
  ipAllowList: string[];
}

export async function findTokenClient(db: Db, clientId: string): Promise<TokenClientRow | undefined> {
  return db
    .selectFrom('systemClient')
    .innerJoin('connection', 'connection.id', 'systemClient.connectionId')
    .select([
      'systemClient.clientId',
      'systemClient.organisationId',
      'systemClient.environment',
      'systemClient.connectionId',
      'systemClient.authMethod',
      'systemClient.publicJwk',
      'systemClient.secretHash',
      'systemClient.revokedAt',
      'connection.status as connectionStatus',
      'connection.ipAllowList',
    ])
    .where('systemClient.clientId', '=', clientId)
    .executeTakeFirst();
}

/** Records an assertion id; false when it was seen before (a replay). */
export async function recordAssertion(
  db: Db,
  assertion: { clientId: string; jti: string; expiresAt: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('usedAssertion')
    .values(assertion)
    .onConflict((conflict) => conflict.columns(['clientId', 'jti']).doNothing())
    .returning('jti')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets assertion ids that expired before `before`: an expired assertion is refused anyway. */
export async function deleteExpiredAssertions(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('usedAssertion').where('expiresAt', '<', before).execute();
}
