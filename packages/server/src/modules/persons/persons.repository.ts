import type { Environment, PersonRecord, PersonStatus } from '@fpr/contract';
import { sql } from 'kysely';
import { type Db, prepared } from '../../db/database';
import type { FieldSelection } from './field-selection';
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

export interface NameSearch {
  environment: Environment;
  surname: string;
  givenName?: string;
  birthDate: string;
  sex?: 'M' | 'F';
  includeDeceased: boolean;
  limit: number;
}

/** At most `limit` persons by folded surname (and given name) and birth date, on the name index. */
export async function findPersonsByName(db: Db, search: NameSearch): Promise<FoundPerson[]> {
  return (await nameSearchQuery(db, search).execute()).map(toFound);
}

/** The name search as a query, so a test can ask PostgreSQL for its plan. */
export function nameSearchQuery(db: Db, search: NameSearch) {
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
  return query.orderBy('personalCode').limit(search.limit);
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

/** A purpose with the versions of its row and its contract's row, so a cached copy can be proven current. */
export interface VersionedPurpose extends UsablePurpose {
  /** `xmin` of the purpose and contract rows: any update of either changes it. */
  rowVersion: string;
}

/**
 * A purpose with its contract's status — everything the binding rules check — and the row versions
 * a single-statement delivery checks a remembered copy against.
 */
/** What purpose binding checks (`checkPurposeUsable`), read from a purpose joined with its contract. */
export const usablePurposeColumns = [
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
] as const;

export async function findVersionedPurpose(db: Db, purposeId: string): Promise<VersionedPurpose | undefined> {
  return db
    .selectFrom('purpose')
    .innerJoin('contract', 'contract.id', 'purpose.contractId')
    .select([
      ...usablePurposeColumns,
      sql<string>`purpose.xmin::text || ':' || contract.xmin::text`.as('rowVersion'),
    ])
    .where('purpose.id', '=', purposeId)
    .executeTakeFirst();
}

export interface CodesDelivery {
  environment: Environment;
  /** Normalised, without duplicates. */
  codes: readonly string[];
  purposeId: string;
  /** The purpose version the caller's checks were made on; the delivery happens only on that one. */
  purposeRowVersion: string;
  organisationId: string;
  /** The Rīga day of `at`: it picks the tariff. */
  day: string;
  requestId: string;
  at: Date;
  actorKind: 'client' | 'user';
  actorId: string;
  endUser: string | null;
  caseReference: string | null;
  searchParameters: readonly string[];
  fields: readonly string[];
  /** What each delivered person carries besides code, status and version, in the order asked. */
  selection: FieldSelection;
}

export interface CodesDeliveryOutcome {
  /** False: the purpose or its contract changed since it was checked; nothing was done. */
  isPurposeCurrent: boolean;
  /** False: the balance did not cover the fee (or no tariff covers the day); nothing was written. */
  isDelivered: boolean;
  /**
   * The delivered persons' JSON texts (`projectPerson`'s shape, built by PostgreSQL) joined by
   * commas — the inside of the answer's array — in the order of `codes`, each person once; empty
   * unless delivered.
   */
  personsJson: string;
  /** How many persons `personsJson` holds. */
  personCount: number;
  /** Null when no tariff covers the day although a fee is due. */
  amountCents: number | null;
  /** After the charge; null when nothing was charged. */
  balanceAfterCents: number | null;
  /** Before this statement (for the 402 answer). */
  balanceCents: number;
}

/** The outcome columns both delivery statements answer (cents as text: bigint). */
interface OutcomeRow {
  isPurposeCurrent: boolean;
  isDelivered: boolean;
  amountCents: string | null;
  balanceAfterCents: string | null;
  personsJson: string;
  personCount: number;
}

interface DeliveryRow extends OutcomeRow {
  balanceCents: string | null;
}

/**
 * A delivery by personal codes in ONE statement (one round trip, its own transaction) through
 * `deliver_persons_by_codes` (migration 0026, planned once per connection): the read, the state fee
 * (tariff of the day, exemption, conditional debit with its ledger entry), one audit record per
 * delivered person and the delivered persons' JSON. The debit and the audit rows happen only
 * together — when the fee is zero or the debit succeeded — and only while the purpose is the
 * checked version, so a refusal changes nothing. `debit_balance` (migrations 0018, 0025) takes one
 * of the organisation's balance slots that no concurrent charge holds, so charges of one
 * organisation do not queue behind each other's commits, and no slot goes below zero.
 */
export async function deliverByCodes(db: Db, input: CodesDelivery): Promise<CodesDeliveryOutcome> {
  const codes = [...input.codes];
  const { scopes, scopeFields } = selectionColumns(input.selection);
  // The function answers a row per person, each repeating the five outcome columns; joined here into
  // one row, a 100-code answer reaches Node as one text instead of 100 rows to parse and join (about
  // 8 % of the server's CPU for such a request).
  const result = await sql<DeliveryRow>`${prepared}
    SELECT d.is_purpose_current, d.is_delivered, d.amount_cents, d.balance_after_cents, d.balance_cents,
      coalesce(string_agg(d.person, ',' ORDER BY d.place), '') AS persons_json, count(d.person)::integer AS person_count
    FROM deliver_persons_by_codes(${input.environment}::text, ${codes}::text[], ${input.purposeId}::uuid,
      ${input.purposeRowVersion}::text, ${input.organisationId}::uuid, ${input.day}::date,
      ${input.requestId}::text, ${input.at}::timestamptz, ${input.actorKind}::text, ${input.actorId}::text,
      ${input.endUser}::text, ${input.caseReference}::text, ${[...input.searchParameters]}::text[],
      ${[...input.fields]}::text[], ${scopes}::text[], ${scopeFields}::text[])
      WITH ORDINALITY AS d (is_purpose_current, is_delivered, amount_cents, balance_after_cents, balance_cents,
        person, place)
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return deliveryOutcome(result.rows);
}

/** The selection as the delivery functions take it: a whole scope as NULL, a narrowed one as its fields (catalogue names, never with a comma). */
function selectionColumns(selection: FieldSelection): {
  scopes: string[];
  scopeFields: Array<string | null>;
} {
  const scopes = [...selection.keys()];
  const scopeFields = scopes.map((scope) => {
    const fields = selection.get(scope);
    return fields === undefined || fields === 'all' ? null : [...fields].join(',');
  });
  return { scopes, scopeFields };
}

function deliveryOutcome(rows: DeliveryRow[]): CodesDeliveryOutcome {
  const row = rows[0];
  if (!row || rows.length !== 1) throw new Error('the delivery statement always answers one row');
  return { ...outcomeOf(row), balanceCents: Number(row.balanceCents ?? 0) };
}

function outcomeOf(row: OutcomeRow): TogetherOutcome {
  return {
    isPurposeCurrent: row.isPurposeCurrent,
    isDelivered: row.isDelivered,
    personsJson: row.personsJson,
    personCount: row.personCount,
    amountCents: centsOrNull(row.amountCents),
    balanceAfterCents: centsOrNull(row.balanceAfterCents),
  };
}

/** What `deliverTogether` answers for each request; the balance before it is not known there. */
export type TogetherOutcome = Omit<CodesDeliveryOutcome, 'balanceCents'>;

interface TogetherRow extends OutcomeRow {
  requestIndex: number;
}

/**
 * Many deliveries by codes in ONE statement and one commit, through `deliver_persons_together`
 * (migration 0030): each request as `deliverByCodes` would do it alone — its own purpose check,
 * fee, ledger entry, audit records and persons — but an organisation's fees taken in one debit.
 * When that debit is not covered, none of the organisation's requests is delivered
 * (`isDelivered` false although `isPurposeCurrent`): the caller repeats them alone.
 * Outcomes in the order of `deliveries`, which all belong to one environment.
 */
export async function deliverTogether(
  db: Db,
  environment: Environment,
  deliveries: readonly CodesDelivery[],
): Promise<TogetherOutcome[]> {
  const requests = deliveries.map((input) => {
    if (input.environment !== environment) throw new Error('deliveries together share one environment');
    const { scopes, scopeFields } = selectionColumns(input.selection);
    return {
      purpose_id: input.purposeId,
      purpose_row_version: input.purposeRowVersion,
      organisation_id: input.organisationId,
      day: input.day,
      request_id: input.requestId,
      at: input.at.toISOString(),
      actor_kind: input.actorKind,
      actor_id: input.actorId,
      end_user: input.endUser,
      case_reference: input.caseReference,
      search_parameters: input.searchParameters,
      fields: input.fields,
      scopes,
      scope_fields: scopeFields,
      codes: input.codes,
    };
  });
  // The function answers a row per request and delivered person, by request and then by the place
  // asked; joined here into a row per request, as `deliverByCodes` does.
  const result = await sql<TogetherRow>`${prepared}
    SELECT d.request_index, d.is_purpose_current, d.is_delivered, d.amount_cents, d.balance_after_cents,
      coalesce(string_agg(d.person, ',' ORDER BY d.place), '') AS persons_json, count(d.person)::integer AS person_count
    FROM deliver_persons_together(${environment}::text, ${JSON.stringify(requests)}::jsonb)
      WITH ORDINALITY AS d (request_index, is_purpose_current, is_delivered, amount_cents, balance_after_cents,
        person, place)
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  const outcomes: TogetherOutcome[] = deliveries.map(() => ({
    isPurposeCurrent: false,
    isDelivered: false,
    personsJson: '',
    personCount: 0,
    amountCents: null,
    balanceAfterCents: null,
  }));
  for (const row of result.rows) {
    if (!outcomes[row.requestIndex - 1])
      throw new Error(`the delivery statement answered request ${row.requestIndex} of ${deliveries.length}`);
    outcomes[row.requestIndex - 1] = outcomeOf(row);
  }
  return outcomes;
}

/** Amounts come as text (bigint sums); null stays null. */
function centsOrNull(text: string | null): number | null {
  return text === null ? null : Number(text);
}
