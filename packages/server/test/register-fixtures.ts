import type { LifeEventInput } from '@fpr/contract';
import type { Db } from '../src/db/database';
import { newPersonRecord } from '../src/modules/register/life-event-plans-new-persons';
import { writeChanges } from '../src/modules/register/register.repository';
import {
  type RecordedChange,
  type RegisterContext,
  recordLifeEvent,
} from '../src/modules/register/register.service';

/** The register's clock in tests: a fixed instant, so ages and dates never drift. */
export const fixedNow = new Date('2026-11-27T10:00:00Z');

export function registerContext(db: Db, overrides: Partial<RegisterContext> = {}): RegisterContext {
  return { db, now: () => fixedNow, actor: 'test-registrar', ...overrides };
}

let counter = 0;

/** Registers an adult through the real service and returns their personal code. */
export async function registerPerson(
  ctx: RegisterContext,
  person: Partial<Extract<LifeEventInput, { type: 'registered' }>> = {},
): Promise<string> {
  counter += 1;
  const [created] = await recordLifeEvent(ctx, {
    type: 'registered',
    environment: 'test',
    givenNames: 'Anna',
    surname: `Testa${counter}`,
    sex: 'F',
    birthDate: '1990-05-17',
    birthCountry: 'LTU',
    citizenship: 'LVA',
    legalStatus: 'citizen',
    effectiveDate: '2020-01-10',
    address: {
      addressCode: '100000001',
      text: 'Brīvības iela 1, Rīga, LV-1010',
      postcode: 'LV-1010',
      atvk: '0001000',
    },
    ...person,
  } as LifeEventInput);
  return (created as RecordedChange).personalCode;
}

/**
 * Inserts a person as the population seed would (for example with an old-format code, which the
 * service never issues), through the same repository the service writes with.
 */
export async function insertSeededPerson(
  db: Db,
  person: { personalCode: string; sex: 'M' | 'F'; birthDate: string; givenNames?: string; surname?: string },
): Promise<string> {
  const record = newPersonRecord({
    personalCode: person.personalCode,
    givenNames: person.givenNames ?? (person.sex === 'M' ? 'Jānis' : 'Inese'),
    surname: person.surname ?? (person.sex === 'M' ? 'Jansons' : 'Jansone'),
    sex: person.sex,
    birthDate: person.birthDate,
    birthCountry: 'LVA',
    birthPlace: 'Rīga',
    registration: null,
    citizenship: 'LVA',
    legalStatus: 'citizen',
    citizenshipSince: person.birthDate,
  });
  await writeChanges(db, [
    {
      environment: 'test',
      personId: null,
      expectedVersion: 0,
      record,
      type: 'registered',
      changedScopes: ['identity'],
      previousPersonalCode: null,
      effectiveDate: person.birthDate,
      details: {},
      recordedBy: 'seed',
    },
  ]);
  return person.personalCode;
}
