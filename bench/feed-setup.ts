import { exportJWK, generateKeyPair } from 'jose';
import { sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database';
import { generateClientId } from '../packages/server/src/modules/tokens/client-secret';
import { createOrganisation } from '../packages/server/test/access-fixtures';
import { createServiceRequest } from '../packages/server/test/contract-fixtures';
import type { QueryCustomer } from './query-setup';

/** What every monitoring purpose of the benchmark grants: the scopes most life events touch. */
export const monitoredScopes = ['identity', 'names', 'residence', 'civilStatus', 'relatives', 'documents'];

export interface Monitor {
  organisationId: string;
  purposeId: string;
}

/** Organisations with an active contract whose purpose monitors `monitoredScopes` in the test environment. */
export async function createMonitors(db: Db, count: number): Promise<Monitor[]> {
  const monitors: Monitor[] = [];
  for (let i = 0; i < count; i++) {
    const organisation = await createOrganisation(db, { name: `Monitoring customer ${i + 1}` });
    const request = await createServiceRequest(db, { organisationId: organisation.id, status: 'active' });
    const contract = await db
      .insertInto('contract')
      .values({ organisationId: organisation.id, requestId: request.id, status: 'active', agreedVersion: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const purpose = await db
      .insertInto('purpose')
      .values({
        organisationId: organisation.id,
        contractId: contract.id,
        legalBasis: 'Credit Institutions Law, § 45',
        purpose: 'Keeping customer data current',
        scopes: monitoredScopes,
        fields: [],
        channels: ['api'],
        environments: ['test'],
        isMonitoring: true,
        validFrom: '2020-01-01',
        requiresCaseReference: false,
        requiresEndUser: false,
        status: 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    monitors.push({ organisationId: organisation.id, purposeId: purpose.id });
  }
  return monitors;
}

/**
 * `perMonitor` subscriptions for each monitor, bulk-inserted with INSERT … SELECT, one statement
 * per monitor (each a different pseudo-random sample of the register, drawn by hashing person ids
 * with the monitor's number). The ids are copied into a narrow table first: sorting the wide
 * person rows a hundred times would read the whole register a hundred times.
 */
export async function subscribeInBulk(
  db: Db,
  monitors: readonly Monitor[],
  perMonitor: number,
): Promise<number> {
  await sql`CREATE TABLE bench_person_id AS SELECT id FROM person WHERE environment = 'test'`.execute(db);
  for (const [k, monitor] of monitors.entries()) {
    await sql`
      INSERT INTO monitoring_subscription (organisation_id, environment, purpose_id, person_id, subscribed_at, subscribed_by)
      SELECT ${monitor.organisationId}::uuid, 'test', ${monitor.purposeId}::uuid, id, now(), 'bench'
      FROM bench_person_id ORDER BY hashint8(id * 1000003 + ${k}::bigint) LIMIT ${perMonitor}::integer`.execute(
      db,
    );
  }
  await sql`DROP TABLE bench_person_id`.execute(db);
  await sql`VACUUM ANALYZE monitoring_subscription`.execute(db);
  const count = await sql<{ n: string }>`SELECT count(*)::text AS n FROM monitoring_subscription`.execute(db);
  return Number(count.rows[0]?.n ?? 0);
}

/** A `private_key_jwt` client of the monitor on an active test connection with an unreachable rate limit. */
export async function createMonitorClient(
  db: Db,
  monitor: Monitor,
): Promise<Pick<QueryCustomer, 'clientId' | 'privateKey'>> {
  const connection = await db
    .insertInto('connection')
    .values({
      organisationId: monitor.organisationId,
      environment: 'test',
      status: 'active',
      ipAllowList: [],
      rateLimitPerMinute: 1_000_000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const clientId = generateClientId();
  await db
    .insertInto('systemClient')
    .values({
      clientId,
      organisationId: monitor.organisationId,
      connectionId: connection.id,
      environment: 'test',
      name: 'Benchmark monitoring client',
      authMethod: 'private_key_jwt',
      publicJwk: JSON.stringify(await exportJWK(publicKey)),
    })
    .execute();
  return { clientId, privateKey };
}

/** Switches the fan-out off and on, so one database measures life events with and without it. */
export async function setFanOut(db: Db, isOn: boolean): Promise<void> {
  await (isOn
    ? sql`ALTER TABLE change_event ENABLE TRIGGER change_event_fan_out`
    : sql`ALTER TABLE change_event DISABLE TRIGGER change_event_fan_out`
  ).execute(db);
}
