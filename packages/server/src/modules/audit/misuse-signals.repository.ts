import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { ActorDay } from './misuse-signals';

/**
 * Deliveries per actor and Rīga day in `fromDay`..`toDay`: how many fell outside the working hours,
 * and how many were of persons declared outside the population of a purpose that declares one (as
 * the register knows them now; a person with no declared address in Latvia is outside). A
 * municipality's code (ending in 000) covers every territory of the municipality (its first four
 * digits). Monitoring feed deliveries are left out: they follow the organisation's subscriptions,
 * not anybody's searching. One pass over the days' records by the time index; a person is read
 * only for a purpose with a declared population. The names are those of now.
 */
export async function readActorDays(
  db: Db,
  range: { environment: Environment; fromDay: string; toDay: string; fromHour: number; toHour: number },
): Promise<ActorDay[]> {
  const { rows } = await sql<ActorDay>`
    SELECT a.organisation_id AS "organisationId", o.name AS "organisationName", a.actor_kind AS "actorKind",
      a.actor_id AS "actorId", coalesce(u.display_name, c.name) AS "actorName", a.day::text AS day,
      a.persons, a.off_hours_persons AS "offHoursPersons",
      a.outside_population_persons AS "outsidePopulationPersons", a.first_at AS "firstAt", a.last_at AS "lastAt"
    FROM (
      SELECT d.organisation_id, d.actor_kind, d.actor_id, d.day, count(*)::integer AS persons,
        (count(*) FILTER (WHERE d.local_hour < ${range.fromHour} OR d.local_hour >= ${range.toHour}))::integer
          AS off_hours_persons,
        (count(*) FILTER (WHERE d.is_outside_population))::integer AS outside_population_persons,
        min(d.occurred_at) AS first_at, max(d.occurred_at) AS last_at
      FROM (
        SELECT e.organisation_id, e.actor_kind, e.actor_id, e.occurred_at,
          (e.occurred_at AT TIME ZONE 'Europe/Riga')::date AS day,
          extract(hour FROM e.occurred_at AT TIME ZONE 'Europe/Riga') AS local_hour,
          -- CASE, so that the person is looked up only under a purpose with a declared population.
          CASE WHEN cardinality(pu.population_territories) > 0 THEN NOT EXISTS (
            SELECT 1 FROM unnest(pu.population_territories) AS t(code),
              (SELECT p.data #>> '{residence,declaredAddress,atvk}' AS atvk FROM person p WHERE p.id = e.person_id) r
            WHERE t.code = r.atvk OR (right(t.code, 3) = '000' AND left(t.code, 4) = left(r.atvk, 4)))
          ELSE false END AS is_outside_population
        FROM audit_event e
        JOIN purpose pu ON pu.id = e.purpose_id
        WHERE e.environment = ${range.environment}
          AND e.occurred_at >= (${range.fromDay}::date::timestamp AT TIME ZONE 'Europe/Riga')
          AND e.occurred_at < ((${range.toDay}::date + 1)::timestamp AT TIME ZONE 'Europe/Riga')
          AND e.query_type <> 'monitoringFeed') d
      GROUP BY 1, 2, 3, 4) a
    JOIN organisation o ON o.id = a.organisation_id
    LEFT JOIN app_user u ON a.actor_kind = 'user' AND u.id::text = a.actor_id
    LEFT JOIN system_client c ON a.actor_kind = 'client' AND c.client_id = a.actor_id`.execute(db);
  return rows;
}
