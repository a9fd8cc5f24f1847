import type { Environment } from '@fpr/contract';
import type { Db } from '../src/db/database';
import { appendCredit } from '../src/modules/billing/ledger.repository';
import { parseFields } from '../src/modules/persons/field-selection';
import type { CodesDelivery, CodesDeliveryOutcome } from '../src/modules/persons/persons.repository';
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

/** What a delivery by codes needs, as the service would pass it, for a request of 2026-11-27. */
export function codesDelivery(request: {
  environment: Environment;
  codes: string[];
  purpose: { id: string; rowVersion: string };
  organisationId: string;
  requestId: string;
  fields: string[];
}): CodesDelivery {
  const { paths, selection } = parseFields(request.fields);
  return {
    environment: request.environment,
    codes: request.codes,
    purposeId: request.purpose.id,
    purposeRowVersion: request.purpose.rowVersion,
    organisationId: request.organisationId,
    day: '2026-11-27',
    requestId: request.requestId,
    at: new Date('2026-11-27T10:00:00Z'),
    actorKind: 'client',
    actorId: 'client-1',
    endUser: null,
    caseReference: null,
    searchParameters: ['personalCodes'],
    fields: paths,
    selection,
  };
}

/** The persons a delivery answered, parsed, after checking that the count it gave matches them. */
export function deliveredPersons(
  outcome: Pick<CodesDeliveryOutcome, 'personsJson' | 'personCount'>,
): Array<{ personalCode: string } & Record<string, unknown>> {
  const persons = JSON.parse(`[${outcome.personsJson}]`) as Array<
    { personalCode: string } & Record<string, unknown>
  >;
  if (persons.length !== outcome.personCount)
    throw new Error(`the delivery counted ${outcome.personCount} persons and answered ${persons.length}`);
  return persons;
}
