import type { Environment, PersonRecord, PersonStatus } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { UsablePurpose } from './purpose-binding';

export interface FoundPerson {
  id: string;
  personalCode: string;
  previousPersonalCode: string | null;
  status: PersonStatus;
  version: number;
  record: PersonRecord;
}

// The record column is the person's full JSONB; projection narrows it before anything leaves.
const personColumns = [
  'id',
  'personalCode',
  'previousPersonalCode',
  'status',
  'version',
  'data as record',
] as const;

function toFound(row: {
  id: string;
  personalCode: string;
  previousPersonalCode: string | null;
  status: string;
  version: number;
  record: unknown;
}): FoundPerson {
  // Status is CHECK-constrained; the record was validated against PersonRecord when written.
  return { ...row, status: row.status as PersonStatus, record: row.record as PersonRecord };
}

/** Persons whose current or previous code is among `codes` (one index probe each). */
export async function findPersonsByCodes(
  db: Db,
  environment: Environment,
  codes: string[],
): Promise<FoundPerson[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('person')
    .select(personColumns)
    .where('environment', '=', environment)
    .where((eb) => eb.or([eb('personalCode', 'in', codes), eb('previousPersonalCode', 'in', codes)]))
    .execute();
  return rows.map(toFound);
}

/** At most `limit` persons by folded surname (and given name) and birth date, on the name index. */
export async function findPersonsByName(
  db: Db,
  search: {
    environment: Environment;
    surname: string;
    givenName?: string;
    birthDate: string;
    sex?: 'M' | 'F';
    includeDeceased: boolean;
    limit: number;
  },
): Promise<FoundPerson[]> {
  let query = db
    .selectFrom('person')
    .select(personColumns)
    .where('environment', '=', search.environment)
    .where('searchSurname', '=', search.surname)
    .where('birthDate', '=', search.birthDate);
  // Any one of the given names matches: "peteris" finds "Jānis Pēteris".
  if (search.givenName !== undefined) {
    const word = `% ${escapeLike(search.givenName)} %`;
    query = query.where(sql<string>`' ' || search_given_names || ' '`, 'like', word);
  }
  if (search.sex !== undefined) query = query.where('sex', '=', search.sex);
  query = search.includeDeceased
    ? query.where('status', '!=', 'excluded')
    : query.where('status', '=', 'active');
  return (await query.orderBy('personalCode').limit(search.limit).execute()).map(toFound);
}

/** At most `limit` persons declared at an address, on the address index. */
export async function findPersonsByAddress(
  db: Db,
  search: { environment: Environment; addressCode: string; includeDeceased: boolean; limit: number },
): Promise<FoundPerson[]> {
  let query = db
    .selectFrom('person')
    .select(personColumns)
    .where('environment', '=', search.environment)
    .where('declaredAddressCode', '=', search.addressCode);
  query = search.includeDeceased
    ? query.where('status', '!=', 'excluded')
    : query.where('status', '=', 'active');
  return (await query.orderBy('personalCode').limit(search.limit).execute()).map(toFound);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A purpose with its contract's status: everything the binding rules check. */
export async function findUsablePurpose(db: Db, purposeId: string): Promise<UsablePurpose | undefined> {
  return db
    .selectFrom('purpose')
    .innerJoin('contract', 'contract.id', 'purpose.contractId')
    .select([
      'purpose.id',
      'purpose.organisationId',
      'purpose.scopes',
      'purpose.fields',
      'purpose.channels',
      'purpose.environments',
      'purpose.status',
      'contract.status as contractStatus',
      'purpose.validFrom',
      'purpose.validTo',
      'purpose.requiresCaseReference',
      'purpose.requiresEndUser',
    ])
    .where('purpose.id', '=', purposeId)
    .executeTakeFirst();
}
