import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { LedgerEntryRow } from '../billing/ledger.repository';
import type { MonthDays } from '../monitoring/monitoring-usage.repository';

const columns = sql`id, organisation_id AS "organisationId", kind, amount_cents AS "amountCents",
  balance_after_cents AS "balanceAfterCents", payment_reference AS "paymentReference", received_on AS "receivedOn",
  reason, request_id AS "requestId", persons, idempotency_key AS "idempotencyKey", created_by AS "createdBy", at`;

/** An organisation's ledger entries of a month (Rīga time), in the order they were made. */
export async function listMonthEntries(
  db: Db,
  organisationId: string,
  month: MonthDays,
): Promise<LedgerEntryRow[]> {
  const result = await sql<LedgerEntryRow>`
    SELECT ${columns} FROM ledger_entry
    WHERE organisation_id = ${organisationId}
      AND at >= (${month.firstDay}::date::timestamp AT TIME ZONE 'Europe/Riga')
      AND at < (${month.nextFirstDay}::date::timestamp AT TIME ZONE 'Europe/Riga')
    ORDER BY id`.execute(db);
  return result.rows;
}

/** The balance when the month began: after the last entry before it (0 before the first). */
export async function balanceBefore(db: Db, organisationId: string, firstDay: string): Promise<number> {
  const result = await sql<{ balanceAfterCents: string }>`
    SELECT balance_after_cents AS "balanceAfterCents" FROM ledger_entry
    WHERE organisation_id = ${organisationId}
      AND at < (${firstDay}::date::timestamp AT TIME ZONE 'Europe/Riga')
    ORDER BY id DESC LIMIT 1`.execute(db);
  const row = result.rows[0];
  return row ? Number(row.balanceAfterCents) : 0;
}
