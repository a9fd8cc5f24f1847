import type { AuditActorKind, Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { ActorDay } from './misuse-signals';

/**
 * Deliveries per actor and Rīga day in `fromDay`..`toDay`, with how many fell outside the working
 * hours. Monitoring feed deliveries are left out: they follow the organisation's subscriptions, not
 * anybody's searching. One pass over the days' records by the time index; the names come from
 * the organisation, the PDP user or the system client as they are now.
 */
export async function readActorDays(
  db: Db,
  range: { environment: Environment; fromDay: string; toDay: string; fromHour: number; toHour: number },
): Promise<ActorDay[]> {
  const localHour = sql`extract(hour FROM audit_event.occurred_at AT TIME ZONE 'Europe/Riga')`;
  const { rows } = await sql<{
    organisationId: string;
    organisationName: string;
    actorKind: AuditActorKind;
    actorId: string;
    actorName: string | null;
    day: string;
    persons: number;
    offHoursPersons: number;
    firstAt: Date;
    lastAt: Date;
  }>`
    SELECT a.organisation_id AS "organisationId", o.name AS "organisationName", a.actor_kind AS "actorKind",
      a.actor_id AS "actorId", coalesce(u.display_name, c.name) AS "actorName", a.day::text AS day,
      a.persons, a.off_hours_persons AS "offHoursPersons", a.first_at AS "firstAt", a.last_at AS "lastAt"
    FROM (
      SELECT organisation_id, actor_kind, actor_id, (occurred_at AT TIME ZONE 'Europe/Riga')::date AS day,
        count(*)::integer AS persons,
        (count(*) FILTER (WHERE ${localHour} < ${range.fromHour} OR ${localHour} >= ${range.toHour}))::integer
          AS off_hours_persons,
        min(occurred_at) AS first_at, max(occurred_at) AS last_at
      FROM audit_event
      WHERE environment = ${range.environment}
        AND occurred_at >= (${range.fromDay}::date::timestamp AT TIME ZONE 'Europe/Riga')
        AND occurred_at < ((${range.toDay}::date + 1)::timestamp AT TIME ZONE 'Europe/Riga')
        AND query_type <> 'monitoringFeed'
      GROUP BY 1, 2, 3, 4) a
    JOIN organisation o ON o.id = a.organisation_id
    LEFT JOIN app_user u ON a.actor_kind = 'user' AND u.id::text = a.actor_id
    LEFT JOIN system_client c ON a.actor_kind = 'client' AND c.client_id = a.actor_id`.execute(db);
  return rows;
}
