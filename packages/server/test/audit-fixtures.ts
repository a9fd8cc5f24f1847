import { randomUUID } from 'node:crypto';
import { type Environment, generateNewPersonalCode } from '@fpr/contract';
import type { Db } from '../src/db/database';
import type { NewAuditEvent } from '../src/modules/audit/audit.repository';
import { createServiceRequest } from './contract-fixtures';

export interface TestPurpose {
  id: string;
  organisationId: string;
  legalBasis: string;
  purpose: string;
}

/**
 * A purpose inserted directly with the active contract it belongs to, as the contracts module
 * would leave it; a covert purpose names the day it is disclosed to data subjects.
 */
export async function createPurpose(
  db: Db,
  options: {
    organisationId: string;
    legalBasis?: string;
    purpose?: string;
    covertUntil?: string;
    /** ATVK codes of the population the purpose serves. */
    populationTerritories?: string[];
  },
): Promise<TestPurpose> {
  const request = await createServiceRequest(db, {
    organisationId: options.organisationId,
    status: 'active',
  });
  const contract = await db
    .insertInto('contract')
    .values({
      organisationId: options.organisationId,
      requestId: request.id,
      status: 'active',
      agreedVersion: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const legalBasis = options.legalBasis ?? 'Fizisko personu reģistra likums, 11. pants';
  const purpose = options.purpose ?? 'Klientu identificēšana';
  const row = await db
    .insertInto('purpose')
    .values({
      organisationId: options.organisationId,
      contractId: contract.id,
      legalBasis,
      purpose,
      scopes: ['identity', 'residence'],
      channels: ['api', 'pdp'],
      environments: ['test', 'production'],
      isMonitoring: false,
      validFrom: '2026-01-01',
      validTo: null,
      isCovert: options.covertUntil !== undefined,
      disclosureDate: options.covertUntil ?? null,
      populationTerritories: options.populationTerritories ?? [],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, organisationId: options.organisationId, legalBasis, purpose };
}

export interface TestPerson {
  id: string;
  personalCode: string;
  environment: Environment;
}

/**
 * A register row with just the key columns the audit needs (no history, no change event); with
 * `atvk`, its record declares an address in that territory.
 */
export async function createPerson(
  db: Db,
  options: {
    environment?: Environment;
    personalCode?: string;
    previousPersonalCode?: string;
    atvk?: string;
  } = {},
): Promise<TestPerson> {
  const environment = options.environment ?? 'production';
  const personalCode = options.personalCode ?? generateNewPersonalCode(Math.random);
  const row = await db
    .insertInto('person')
    .values({
      environment,
      personalCode,
      previousPersonalCode: options.previousPersonalCode ?? null,
      givenNames: 'Līga',
      surname: 'Ozoliņa',
      searchGivenNames: 'liga',
      searchSurname: 'ozolina',
      sex: 'F',
      birthDate: '1985-03-14',
      status: 'active',
      declaredAddressCode: null,
      version: 1,
      data: JSON.stringify(
        options.atvk === undefined ? {} : { residence: { declaredAddress: { atvk: options.atvk } } },
      ),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, personalCode, environment };
}

/** One delivery of `person` to the purpose's organisation; anything may be overridden. */
export function auditRecord(
  purpose: TestPurpose,
  person: TestPerson,
  overrides: Partial<NewAuditEvent> = {},
): NewAuditEvent {
  return {
    requestId: randomUUID(),
    occurredAt: new Date('2026-11-27T10:00:00Z'),
    organisationId: purpose.organisationId,
    environment: person.environment,
    actorKind: 'client',
    actorId: 'client-test-1',
    endUser: null,
    purposeId: purpose.id,
    caseReference: null,
    queryType: 'byPersonalCode',
    searchParameters: ['personalCodes'],
    personId: person.id,
    personalCode: person.personalCode,
    fields: ['identity.givenNames', 'identity.surname'],
    feeCents: person.environment === 'production' ? 200 : 0,
    ...overrides,
  };
}
