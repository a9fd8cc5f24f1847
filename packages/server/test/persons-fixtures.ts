import type { Environment } from '@fpr/contract';
import type { Db } from '../src/db/database';
import { appendCredit } from '../src/modules/billing/ledger.repository';
import { createUser } from './access-fixtures';
import { accessTokenFor, createConnection, createKeyClient } from './connection-fixtures';
import { createServiceRequest } from './contract-fixtures';

export interface PurposeOptions {
  scopes?: string[];
  fields?: string[];
  channels?: string[];
  environments?: string[];
  requiresCaseReference?: boolean;
  requiresEndUser?: boolean;
  status?: string;
}

/** A purpose of an active contract, inserted directly as activation would leave it. */
export async function createQueryPurpose(
  db: Db,
  organisationId: string,
  options: PurposeOptions = {},
): Promise<string> {
  const request = await createServiceRequest(db, { organisationId, status: 'active' });
  const contract = await db
    .insertInto('contract')
    .values({ organisationId, requestId: request.id, status: 'active', agreedVersion: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('purpose')
    .values({
      organisationId,
      contractId: contract.id,
      legalBasis: 'Law on customer due diligence, § 11',
      purpose: 'Customer identification',
      scopes: options.scopes ?? ['identity', 'documents'],
      fields: options.fields ?? ['residence.declaredAddress'],
      channels: options.channels ?? ['api', 'pdp'],
      environments: options.environments ?? ['test', 'production'],
      isMonitoring: false,
      validFrom: '2020-01-01',
      requiresCaseReference: options.requiresCaseReference ?? false,
      requiresEndUser: options.requiresEndUser ?? false,
      status: options.status ?? 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An active connection with a key client, and a fresh access token for it. */
export async function clientToken(
  db: Db,
  baseUrl: string,
  organisationId: string,
  environment: Environment,
): Promise<string> {
  const connection = await createConnection(db, { organisationId, environment });
  return accessTokenFor(baseUrl, await createKeyClient(db, connection));
}

/** Puts money on an organisation's prepaid balance, as an accountant's top-up would. */
export async function topUp(db: Db, organisationId: string, amountCents: number): Promise<void> {
  const accountant = await createUser(db, { role: 'accountant' });
  await appendCredit(db, {
    organisationId,
    amountCents,
    paymentReference: `TEST-${amountCents}`,
    receivedOn: '2026-01-05',
    idempotencyKey: null,
    createdBy: accountant.id,
    at: new Date(),
  });
}
