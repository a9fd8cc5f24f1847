import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { MonthDays } from '../monitoring/monitoring-usage.repository';
import type { ExemptionEvent } from './fee-exemption';

function bounds(month: MonthDays) {
  return {
    start: sql`(${month.firstDay}::date::timestamp AT TIME ZONE 'Europe/Riga')`,
    end: sql`(${month.nextFirstDay}::date::timestamp AT TIME ZONE 'Europe/Riga')`,
  };
}

export interface ActiveUsersRow {
  organisationId: string;
  environment: Environment;
  users: number;
}

/**
 * Active system users per organisation and environment in a month: system clients (bound to the
 * environment's connection) that existed at some moment of the month — created before it ended and
 * not revoked before it began — and PDP users of the environment created before it ended and not
 * deactivated before it began. Contact persons work in no environment and are not counted.
 */
export async function countActiveSystemUsers(db: Db, month: MonthDays): Promise<ActiveUsersRow[]> {
  const { start, end } = bounds(month);
  const result = await sql<ActiveUsersRow>`
    SELECT organisation_id AS "organisationId", environment, count(*)::int AS users
    FROM (
      SELECT organisation_id, environment FROM system_client
      WHERE created_at < ${end} AND (revoked_at IS NULL OR revoked_at >= ${start})
      UNION ALL
      SELECT u.organisation_id, u.environment FROM app_user u
      WHERE u.role = 'pdpUser' AND u.created_at < ${end}
        AND NOT EXISTS (SELECT 1 FROM account_event e
                        WHERE e.user_id = u.id AND e.action = 'deactivated' AND e.at < ${start})
    ) AS users
    GROUP BY organisation_id, environment`.execute(db);
  return result.rows;
}

export interface OneOffRow {
  organisationId: string;
  environment: Environment;
  /** The Latvian day it arose. */
  day: string;
}

/** Connections configured in the month (their `created` history entry). */
export async function listConnectionSetUps(db: Db, month: MonthDays): Promise<OneOffRow[]> {
  const { start, end } = bounds(month);
  const result = await sql<OneOffRow>`
    SELECT c.organisation_id AS "organisationId", c.environment,
      to_char(e.at AT TIME ZONE 'Europe/Riga', 'YYYY-MM-DD') AS day
    FROM connection_event e JOIN connection c ON c.id = e.connection_id
    WHERE e.action = 'created' AND e.at >= ${start} AND e.at < ${end}`.execute(db);
  return result.rows;
}

/** System clients and PDP users created in the month. */
export async function listNewUsers(db: Db, month: MonthDays): Promise<OneOffRow[]> {
  const { start, end } = bounds(month);
  const result = await sql<OneOffRow>`
    SELECT organisation_id AS "organisationId", environment,
      to_char(created_at AT TIME ZONE 'Europe/Riga', 'YYYY-MM-DD') AS day
    FROM system_client WHERE created_at >= ${start} AND created_at < ${end}
    UNION ALL
    SELECT organisation_id, environment, to_char(created_at AT TIME ZONE 'Europe/Riga', 'YYYY-MM-DD')
    FROM app_user WHERE role = 'pdpUser' AND created_at >= ${start} AND created_at < ${end}`.execute(db);
  return result.rows;
}

export interface BillableOrganisation {
  id: string;
  name: string;
  registrationNumber: string;
  isFeeExempt: boolean;
  exemptionEvents: ExemptionEvent[];
}

/** Every organisation (one with no use gets no lines) with its fee-exemption history up to the month's end. */
export async function listBillableOrganisations(db: Db, month: MonthDays): Promise<BillableOrganisation[]> {
  const { end } = bounds(month);
  const result = await sql<
    Omit<BillableOrganisation, 'exemptionEvents'> & { events: Array<{ action: string; at: string }> }
  >`
    SELECT o.id, o.name, o.registration_number AS "registrationNumber", o.is_fee_exempt AS "isFeeExempt",
      coalesce((SELECT json_agg(json_build_object('action', e.action, 'at', e.at) ORDER BY e.id)
                FROM organisation_event e
                WHERE e.organisation_id = o.id AND e.at < ${end}
                  AND e.action IN ('feeExemptionGranted', 'feeExemptionEnded')), '[]') AS events
    FROM organisation o
    ORDER BY o.registration_number`.execute(db);
  return result.rows.map(({ events, ...organisation }) => ({
    ...organisation,
    exemptionEvents: events.map((event) => ({
      action: event.action as ExemptionEvent['action'],
      at: new Date(event.at),
    })),
  }));
}
