import { sql } from 'kysely';
import type { Db } from '../../db/database';

/** Money columns are bigint and arrive as decimal strings; the mapper turns them into numbers. */
export interface LedgerEntryRow {
  id: string;
  organisationId: string;
  kind: string;
  amountCents: string;
  balanceAfterCents: string;
  paymentReference: string | null;
  receivedOn: string | null;
  reason: string | null;
  requestId: string | null;
  persons: number | null;
  idempotencyKey: string | null;
  createdBy: string | null;
  at: Date;
}

const columns = [
  'id',
  'organisationId',
  'kind',
  'amountCents',
  'balanceAfterCents',
  'paymentReference',
  'receivedOn',
  'reason',
  'requestId',
  'persons',
  'idempotencyKey',
  'createdBy',
  'at',
] as const;

const returning = sql`RETURNING id, organisation_id, kind, amount_cents, balance_after_cents, payment_reference,
  received_on, reason, request_id, persons, idempotency_key, created_by, at`;

export interface CreditEntry {
  organisationId: string;
  amountCents: number;
  paymentReference: string;
  receivedOn: string;
  idempotencyKey: string | null;
  createdBy: string;
  at: Date;
}

/**
 * A top-up: spread over the balance slots (created on the first one, see `credit_balance` in
 * migration 0018) with its ledger entry, in one statement.
 */
export async function appendCredit(db: Db, entry: CreditEntry): Promise<LedgerEntryRow> {
  const result = await sql<LedgerEntryRow>`
    WITH credit AS (
      SELECT credit_balance(${entry.organisationId}::uuid, ${entry.amountCents}::bigint) AS balance_cents)
    INSERT INTO ledger_entry (organisation_id, kind, amount_cents, balance_after_cents, payment_reference,
      received_on, idempotency_key, created_by, at)
    SELECT ${entry.organisationId}::uuid, 'topUp', ${entry.amountCents}::bigint, balance_cents, ${entry.paymentReference}::text,
      ${entry.receivedOn}::date, ${entry.idempotencyKey}::text, ${entry.createdBy}::uuid, ${entry.at}::timestamptz
    FROM credit
    ${returning}`.execute(db);
  const [row] = result.rows;
  if (!row) throw new Error('a credit always returns its entry');
  return row;
}

export interface DebitEntry {
  organisationId: string;
  kind: 'charge' | 'refund';
  /** Positive: how much leaves the balance. */
  amountCents: number;
  reason: string | null;
  requestId: string | null;
  persons: number | null;
  idempotencyKey: string | null;
  createdBy: string | null;
  at: Date;
}

/**
 * Takes money from the balance and records the entry, in one statement; undefined (and nothing
 * changed) when the balance does not cover it. Safe under concurrency without a read first:
 * `debit_balance` (migration 0018) takes a slot it holds locked until the caller commits, and
 * every slot's CHECK keeps it at zero or above, so no two debits can both spend the same cents.
 */
export async function appendDebit(db: Db, entry: DebitEntry): Promise<LedgerEntryRow | undefined> {
  const result = await sql<LedgerEntryRow>`
    WITH debit AS (
      SELECT debit_balance(${entry.organisationId}::uuid, ${entry.amountCents}::bigint) AS balance_cents)
    INSERT INTO ledger_entry (organisation_id, kind, amount_cents, balance_after_cents, reason, request_id, persons,
      idempotency_key, created_by, at)
    SELECT ${entry.organisationId}::uuid, ${entry.kind}::text, ${-entry.amountCents}::bigint, balance_cents, ${entry.reason}::text,
      ${entry.requestId}::text, ${entry.persons}::integer, ${entry.idempotencyKey}::text, ${entry.createdBy}::uuid,
      ${entry.at}::timestamptz
    FROM debit WHERE balance_cents IS NOT NULL
    ${returning}`.execute(db);
  return result.rows[0];
}

/** The balance in cents (the sum of its slots); 0 for an organisation that never topped up. */
export async function readBalance(db: Db, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('accountBalance')
    .select((eb) => eb.fn.sum<string | null>('balanceCents').as('balanceCents'))
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
  return Number(row?.balanceCents ?? 0);
}

/** What decides a delivery's fee: the exemption and the per-person tariff of the day (null if none). */
export async function stateFeeTermsOf(
  db: Db,
  organisationId: string,
  day: string,
): Promise<{ isFeeExempt: boolean; tariffCents: number | null } | undefined> {
  const row = await db
    .selectFrom('organisation')
    .leftJoin('tariff', (join) =>
      join
        .on('tariff.kind', '=', 'stateFeePerPerson')
        .on('tariff.validFrom', '<=', day)
        .on((eb) => eb.or([eb('tariff.validTo', 'is', null), eb('tariff.validTo', '>=', day)])),
    )
    .select(['organisation.isFeeExempt', 'tariff.amountCents'])
    .where('organisation.id', '=', organisationId)
    .executeTakeFirst();
  return row && { isFeeExempt: row.isFeeExempt, tariffCents: row.amountCents };
}

/** One page of an organisation's entries, newest first, older than `beforeId` when given. */
export async function listLedgerEntries(
  db: Db,
  organisationId: string,
  page: { beforeId?: string; limit: number },
): Promise<LedgerEntryRow[]> {
  let query = db
    .selectFrom('ledgerEntry')
    .select(columns)
    .where('organisationId', '=', organisationId)
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  return query.execute();
}

export async function organisationExists(db: Db, organisationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisation')
    .select('id')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}
