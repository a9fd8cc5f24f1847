import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface DailyQueriesRow {
  day: string;
  organisationId: string;
  organisationName: string;
  queries: string;
  persons: string;
}

/** Production deliveries per Rīga day and organisation, from the first day to the last, both included. */
export async function countDailyQueries(db: Db, fromDay: string, toDay: string): Promise<DailyQueriesRow[]> {
  const day = sql<string>`to_char(audit_event.occurred_at AT TIME ZONE 'Europe/Riga', 'YYYY-MM-DD')`;
  return db
    .selectFrom('auditEvent')
    .innerJoin('organisation', 'organisation.id', 'auditEvent.organisationId')
    .select([
      day.as('day'),
      'auditEvent.organisationId',
      'organisation.name as organisationName',
      sql<string>`count(DISTINCT audit_event.request_id)`.as('queries'),
      sql<string>`count(*)`.as('persons'),
    ])
    .where('auditEvent.environment', '=', 'production')
    .where(sql<boolean>`audit_event.occurred_at >= (${fromDay}::date::timestamp AT TIME ZONE 'Europe/Riga')`)
    .where(
      sql<boolean>`audit_event.occurred_at < ((${toDay}::date + 1)::timestamp AT TIME ZONE 'Europe/Riga')`,
    )
    .groupBy([day, 'auditEvent.organisationId', 'organisation.name'])
    .orderBy(day)
    .orderBy('organisation.name')
    .execute();
}

/** State fee charged per Rīga calendar month from the first day of `fromMonthDay`'s month on. */
export async function sumMonthlyFees(
  db: Db,
  fromMonthDay: string,
): Promise<{ month: string; feeCents: string }[]> {
  const month = sql<string>`to_char(ledger_entry.at AT TIME ZONE 'Europe/Riga', 'YYYY-MM')`;
  return db
    .selectFrom('ledgerEntry')
    .select([month.as('month'), sql<string>`-sum(ledger_entry.amount_cents)`.as('feeCents')])
    .where('ledgerEntry.kind', '=', 'charge')
    .where(sql<boolean>`ledger_entry.at >= (${fromMonthDay}::date::timestamp AT TIME ZONE 'Europe/Riga')`)
    .groupBy(month)
    .execute();
}

/** Service requests by status, drafts left out. */
export async function countRequestsByStatus(db: Db): Promise<{ status: string; count: string }[]> {
  return db
    .selectFrom('serviceRequest')
    .select(['status', sql<string>`count(*)`.as('count')])
    .where('status', '<>', 'draft')
    .groupBy('status')
    .orderBy('status')
    .execute();
}
