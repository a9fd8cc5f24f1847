import type { Environment } from '@fpr/contract';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { usablePurposeColumns } from '../persons/persons.repository';
import type { UsablePurpose } from '../persons/purpose-binding';

/** The organisation and environment a monitoring call works in. */
export interface MonitoringScope {
  organisationId: string;
  environment: Environment;
}

export interface MonitoringPurpose extends UsablePurpose {
  isMonitoring: boolean;
}

/** Purposes with their contract's status: everything the binding rules and the monitoring flag need. */
export async function findMonitoringPurposes(
  db: Db,
  purposeIds: readonly string[],
): Promise<MonitoringPurpose[]> {
  if (purposeIds.length === 0) return [];
  return purposeQuery(db)
    .where('purpose.id', 'in', [...purposeIds])
    .execute();
}

/** The organisation's purposes that include monitoring (a handful), whatever their state. */
export async function findOrganisationMonitoringPurposes(
  db: Db,
  organisationId: string,
): Promise<MonitoringPurpose[]> {
  return purposeQuery(db)
    .where('purpose.organisationId', '=', organisationId)
    .where('purpose.isMonitoring', '=', true)
    .execute();
}

function purposeQuery(db: Db) {
  return db
    .selectFrom('purpose')
    .innerJoin('contract', 'contract.id', 'purpose.contractId')
    .select([...usablePurposeColumns, 'purpose.isMonitoring']);
}

export interface CodedPerson {
  id: string;
  personalCode: string;
  previousPersonalCode: string | null;
  version: number;
}

/** Persons of an environment whose current or previous code is among `codes` (index probes). */
export async function findPersonsByAnyCode(
  db: Db,
  environment: Environment,
  codes: readonly string[],
): Promise<CodedPerson[]> {
  if (codes.length === 0) return [];
  return db
    .selectFrom('person')
    .select(['id', 'personalCode', 'previousPersonalCode', 'version'])
    .where('environment', '=', environment)
    .where((eb) =>
      eb.or([eb('personalCode', 'in', [...codes]), eb('previousPersonalCode', 'in', [...codes])]),
    )
    .execute();
}

/**
 * Holds off feed sealing until this transaction commits (ADR 0007): every event recorded after
 * the clock reading that follows is sealed — and fanned out — only once the new subscriptions are
 * visible, so none recorded inside a period is missed. Sealings in progress finish first.
 */
export async function holdFeedSealing(db: Db): Promise<Date> {
  const result = await sql<{ now: Date }>`
    SELECT clock_timestamp() AS now FROM feed_sequencer WHERE id = 1 FOR SHARE`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('the feed sequencer row is missing');
  return row.now;
}

/** Opens a period for each person not already monitored; answers the persons it opened one for. */
export async function openSubscriptions(
  db: Db,
  input: MonitoringScope & {
    purposeId: string;
    personIds: readonly string[];
    endDate: string | null;
    at: Date;
    actor: string;
  },
): Promise<Set<string>> {
  if (input.personIds.length === 0) return new Set();
  const rows = await sql<{ personId: string }>`
    INSERT INTO monitoring_subscription
      (organisation_id, environment, purpose_id, person_id, subscribed_at, end_date, subscribed_by)
    SELECT ${input.organisationId}::uuid, ${input.environment}::text, ${input.purposeId}::uuid, person_id,
      ${input.at}::timestamptz, ${input.endDate}::date, ${input.actor}::text
    FROM unnest(${[...input.personIds]}::bigint[]) AS person_id
    ON CONFLICT (organisation_id, environment, person_id) WHERE ended_at IS NULL DO NOTHING
    RETURNING person_id`.execute(db);
  return new Set(rows.rows.map((row) => String(row.personId)));
}

/**
 * Closes the open periods of these persons whose end date has passed, at the Rīga midnight after
 * it (as the feed already treated them), so a new period may open.
 */
export async function closeLapsedSubscriptions(
  db: Db,
  input: MonitoringScope & { personIds: readonly string[]; today: string },
): Promise<void> {
  if (input.personIds.length === 0) return;
  await db
    .updateTable('monitoringSubscription')
    .set({
      endedAt: sql<Date>`greatest(((end_date + 1)::timestamp AT TIME ZONE 'Europe/Riga'), subscribed_at)`,
      endedBy: 'endDate',
    })
    .where('organisationId', '=', input.organisationId)
    .where('environment', '=', input.environment)
    .where('personId', 'in', [...input.personIds])
    .where('endedAt', 'is', null)
    .where('endDate', '<', input.today)
    .execute();
}

/** Closes the open periods of these persons; answers the persons whose period it closed. */
export async function closeSubscriptions(
  db: Db,
  input: MonitoringScope & { personIds: readonly string[]; at: Date; actor: string },
): Promise<Set<string>> {
  if (input.personIds.length === 0) return new Set();
  const rows = await db
    .updateTable('monitoringSubscription')
    .set({ endedAt: sql<Date>`greatest(${input.at}::timestamptz, subscribed_at)`, endedBy: input.actor })
    .where('organisationId', '=', input.organisationId)
    .where('environment', '=', input.environment)
    .where('personId', 'in', [...input.personIds])
    .where('endedAt', 'is', null)
    .returning('personId')
    .execute();
  return new Set(rows.map((row) => row.personId));
}

export interface SubscriptionRow {
  id: string;
  personalCode: string;
  purposeId: string;
  subscribedAt: Date;
  endDate: string | null;
}

/** Open periods still inside their end date, by id after `afterId`. */
export async function listSubscriptions(
  db: Db,
  input: MonitoringScope & { afterId: string; today: string; limit: number },
): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('monitoringSubscription as s')
    .innerJoin('person', 'person.id', 's.personId')
    .select(['s.id', 'person.personalCode', 's.purposeId', 's.subscribedAt', 's.endDate'])
    .where('s.organisationId', '=', input.organisationId)
    .where('s.environment', '=', input.environment)
    .where('s.endedAt', 'is', null)
    .where((eb) => eb.or([eb('s.endDate', 'is', null), eb('s.endDate', '>=', input.today)]))
    .where('s.id', '>', input.afterId)
    .orderBy('s.id')
    .limit(input.limit)
    .execute();
}

/** Of these persons, those monitored by the organisation today (an open period inside its end date). */
export async function monitoredPersonIds(
  db: Db,
  input: MonitoringScope & { personIds: readonly string[]; today: string },
): Promise<Set<string>> {
  if (input.personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('monitoringSubscription')
    .select('personId')
    .where('organisationId', '=', input.organisationId)
    .where('environment', '=', input.environment)
    .where('personId', 'in', [...input.personIds])
    .where('endedAt', 'is', null)
    .where((eb) => eb.or([eb('endDate', 'is', null), eb('endDate', '>=', input.today)]))
    .execute();
  return new Set(rows.map((row) => row.personId));
}
