import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface MonitoredPersonsRow {
  organisationId: string;
  environment: Environment;
  persons: number;
}

/** A month by its Latvian days: [firstDay, nextFirstDay). */
export interface MonthDays {
  firstDay: string;
  nextFirstDay: string;
}

/**
 * Distinct persons each organisation monitored in a calendar month (Rīga time), per environment. A
 * person counts once however many periods it had, when any of them touches the month: subscribed
 * before the month ended, and neither removed (`ended_at`) nor past its own last day (`end_date`)
 * before the month began. `organisationId` narrows it to one organisation (the price quote).
 */
export async function countMonitoredPersons(
  db: Db,
  month: MonthDays,
  organisationId?: string,
): Promise<MonitoredPersonsRow[]> {
  const start = sql`(${month.firstDay}::date::timestamp AT TIME ZONE 'Europe/Riga')`;
  const end = sql`(${month.nextFirstDay}::date::timestamp AT TIME ZONE 'Europe/Riga')`;
  const result = await sql<MonitoredPersonsRow>`
    SELECT organisation_id AS "organisationId", environment, count(DISTINCT person_id)::int AS persons
    FROM monitoring_subscription
    WHERE subscribed_at < ${end}
      AND (ended_at IS NULL OR ended_at >= ${start})
      AND (end_date IS NULL OR end_date >= ${month.firstDay}::date)
      AND (${organisationId ?? null}::uuid IS NULL OR organisation_id = ${organisationId ?? null}::uuid)
    GROUP BY organisation_id, environment`.execute(db);
  return result.rows;
}
