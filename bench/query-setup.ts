import { randomBytes } from 'node:crypto';
import { clientAssertionType } from '@fpr/contract';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database';
import { appendCredit } from '../packages/server/src/modules/billing/ledger.repository';
import { parseFields } from '../packages/server/src/modules/persons/field-selection';
import { generateClientId } from '../packages/server/src/modules/tokens/client-secret';
import { createOrganisation, createUser } from '../packages/server/test/access-fixtures';
import { createServiceRequest } from '../packages/server/test/contract-fixtures';

/** What every run of the benchmark asks for: two whole scopes. */
export const queriedFields = ['identity', 'residence'];

export interface QueryCustomer {
  organisationId: string;
  purposeId: string;
  clientId: string;
  privateKey: CryptoKey;
  /** The `scope.field` paths the audit records for `queriedFields`. */
  auditedFields: readonly string[];
  /** The state fee per person of today's tariff. */
  feeCents: number;
}

// Enough for every run at any speed: the benchmark must never meet a 402.
const prepaidCents = 1_000_000_000_000;

/**
 * A paying private company, as the lifecycle would leave it: a large prepaid balance, an active
 * contract with a purpose for `identity` + `residence` over the API in production, an active
 * production connection whose rate limit the load cannot reach, and a `private_key_jwt` client.
 */
export async function createQueryCustomer(db: Db): Promise<QueryCustomer> {
  const organisation = await createOrganisation(db, { name: 'Benchmark Bank AS' });
  const accountant = await createUser(db, { role: 'accountant' });
  await appendCredit(db, {
    organisationId: organisation.id,
    amountCents: prepaidCents,
    paymentReference: 'BENCH-PREPAYMENT',
    receivedOn: '2026-01-05',
    idempotencyKey: null,
    createdBy: accountant.id,
    at: new Date(),
  });
  const purposeId = await createPurpose(db, organisation.id);
  const connection = await db
    .insertInto('connection')
    .values({
      organisationId: organisation.id,
      environment: 'production',
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
      organisationId: organisation.id,
      connectionId: connection.id,
      environment: 'production',
      name: 'Benchmark client',
      authMethod: 'private_key_jwt',
      publicJwk: JSON.stringify(await exportJWK(publicKey)),
    })
    .execute();
  return {
    organisationId: organisation.id,
    purposeId,
    clientId,
    privateKey,
    auditedFields: parseFields(queriedFields).paths,
    feeCents: await tariffCents(db),
  };
}

async function createPurpose(db: Db, organisationId: string): Promise<string> {
  const request = await createServiceRequest(db, { organisationId, status: 'active' });
  const contract = await db
    .insertInto('contract')
    .values({ organisationId, requestId: request.id, status: 'active', agreedVersion: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const purpose = await db
    .insertInto('purpose')
    .values({
      organisationId,
      contractId: contract.id,
      legalBasis: 'Law on the prevention of money laundering, § 11',
      purpose: 'Customer due diligence',
      scopes: queriedFields,
      fields: [],
      channels: ['api'],
      environments: ['production'],
      isMonitoring: false,
      validFrom: '2020-01-01',
      requiresCaseReference: false,
      requiresEndUser: false,
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return purpose.id;
}

async function tariffCents(db: Db): Promise<number> {
  const row = await db
    .selectFrom('tariff')
    .select('amountCents')
    .where('kind', '=', 'stateFeePerPerson')
    .where('validTo', 'is', null)
    .executeTakeFirstOrThrow();
  if (row.amountCents === null) throw new Error('the state fee has an amount');
  return row.amountCents;
}

/**
 * A random sample of production personal codes, also stored in `bench_code (i, code)` (1-based) so
 * that pgbench can pick the same kind of random person by a random number.
 */
export async function sampleCodes(db: Db, count: number): Promise<string[]> {
  const range = await sql<{ low: string; high: string }>`
    SELECT min(id)::text AS low, max(id)::text AS high FROM person WHERE environment = 'production'`.execute(
    db,
  );
  const low = Number(range.rows[0]?.low ?? 0);
  const high = Number(range.rows[0]?.high ?? 0);
  const ids = Array.from({ length: count * 2 }, () => low + Math.floor(Math.random() * (high - low + 1)));
  const rows = await sql<{ personalCode: string }>`
    SELECT personal_code FROM person
    WHERE environment = 'production' AND id = ANY(${ids}::bigint[])
    LIMIT ${count}`.execute(db);
  const codes = rows.rows.map((row) => row.personalCode);
  await sql`CREATE TABLE bench_code (i integer PRIMARY KEY, code text NOT NULL)`.execute(db);
  await sql`INSERT INTO bench_code (i, code) SELECT ordinality, code FROM unnest(${codes}::text[]) WITH ORDINALITY AS c(code, ordinality)`.execute(
    db,
  );
  await sql`ANALYZE bench_code`.execute(db);
  return codes;
}

/** An access token for the customer's client, through the token endpoint over HTTP. */
export async function fetchAccessToken(
  baseUrl: string,
  audienceBase: string,
  customer: Pick<QueryCustomer, 'clientId' | 'privateKey'>,
) {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(customer.clientId)
    .setSubject(customer.clientId)
    .setAudience(`${audienceBase}/oauth/token`)
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .setJti(randomBytes(12).toString('base64url'))
    .sign(customer.privateKey);
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: clientAssertionType,
      client_assertion: assertion,
    }).toString(),
  });
  if (response.status !== 200) throw new Error(`token refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
