import type { AuditActorKind, AuditQueryType, Environment } from '@fpr/contract';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import { occurredAtText } from './audit-chain.repository';

/** One delivered person, as the delivering transaction records it. */
export interface NewAuditEvent {
  /** The X-Request-Id of the delivering request. */
  requestId: string;
  occurredAt: Date;
  organisationId: string;
  environment: Environment;
  actorKind: AuditActorKind;
  /** The client id of a system client, or the user id of a person. */
  actorId: string;
  /** `X-End-User`, when the call carried it. */
  endUser: string | null;
  purposeId: string;
  caseReference: string | null;
  queryType: AuditQueryType;
  /** The names of the search parameters used (`surname`, `birthDate`), never their values. */
  searchParameters: readonly string[];
  personId: string;
  /** The delivered person's code as stored, with the hyphen. */
  personalCode: string;
  /** The `scope.field` paths delivered. */
  fields: readonly string[];
  feeCents: number;
}

/**
 * Records deliveries in one multi-row INSERT inside the caller's transaction (the one that charges
 * and reads), so no delivery exists without its record. The rows start unlinked; the audit sealer
 * chains them after they commit, so writers never wait on one another.
 */
export async function insertAuditEvents(db: Db, records: readonly NewAuditEvent[]): Promise<void> {
  if (records.length === 0) return;
  await db
    .insertInto('auditEvent')
    .values(
      records.map((record) => ({
        requestId: record.requestId,
        occurredAt: record.occurredAt,
        organisationId: record.organisationId,
        environment: record.environment,
        actorKind: record.actorKind,
        actorId: record.actorId,
        endUser: record.endUser,
        purposeId: record.purposeId,
        caseReference: record.caseReference,
        queryType: record.queryType,
        searchParameters: [...record.searchParameters],
        personId: record.personId,
        personalCode: record.personalCode,
        fields: [...record.fields],
        feeCents: record.feeCents,
      })),
    )
    .execute();
}

/**
 * `insertAuditEvents` for many records of one request (a monitoring feed page: up to 1,000): one
 * array per column through `unnest`, so the statement stays small and is not compiled per row.
 */
export async function insertAuditEventsInBulk(db: Db, records: readonly NewAuditEvent[]): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (record: NewAuditEvent) => T) => records.map(pick);
  // Arrays of arrays cannot be unnested row by row: the text[] columns travel as JSON.
  const asJson = (values: readonly string[]) => JSON.stringify(values);
  await sql`
    INSERT INTO audit_event (request_id, occurred_at, organisation_id, environment, actor_kind, actor_id, end_user,
      purpose_id, case_reference, query_type, search_parameters, person_id, personal_code, fields, fee_cents)
    SELECT r.request_id, r.occurred_at, r.organisation_id, r.environment, r.actor_kind, r.actor_id, r.end_user,
      r.purpose_id, r.case_reference, r.query_type, ARRAY(SELECT jsonb_array_elements_text(r.search_parameters)),
      r.person_id, r.personal_code, ARRAY(SELECT jsonb_array_elements_text(r.fields)), r.fee_cents
    FROM unnest(
      ${column((r) => r.requestId)}::text[], ${column((r) => r.occurredAt)}::timestamptz[],
      ${column((r) => r.organisationId)}::uuid[], ${column((r) => r.environment)}::text[],
      ${column((r) => r.actorKind)}::text[], ${column((r) => r.actorId)}::text[], ${column((r) => r.endUser)}::text[],
      ${column((r) => r.purposeId)}::uuid[], ${column((r) => r.caseReference)}::text[],
      ${column((r) => r.queryType)}::text[], ${column((r) => asJson(r.searchParameters))}::jsonb[],
      ${column((r) => r.personId)}::bigint[], ${column((r) => r.personalCode)}::text[],
      ${column((r) => asJson(r.fields))}::jsonb[], ${column((r) => r.feeCents)}::integer[]
    ) AS r(request_id, occurred_at, organisation_id, environment, actor_kind, actor_id, end_user, purpose_id,
      case_reference, query_type, search_parameters, person_id, personal_code, fields, fee_cents)`.execute(
    db,
  );
}

/** Where a page of the log continues: the last record of the previous page. */
export interface AuditPosition {
  /** UTC with microseconds, exactly as stored. */
  occurredAt: string;
  id: string;
}

export interface AuditEventFilter {
  organisationId?: string;
  /** Only deliveries to this person (a PDP user) or system client. */
  actor?: { kind: AuditActorKind; id: string };
  /** The data subject's person rows (one per environment, found by current or previous code). */
  personIds?: readonly string[];
  purposeId?: string;
  environment?: Environment;
  /** Rīga calendar days, inclusive. */
  fromDay?: string;
  toDay?: string;
  /** Only records older than this (newest first). */
  before?: AuditPosition;
  limit: number;
}

export interface AuditEventRow {
  id: string;
  requestId: string;
  occurredAt: string;
  organisationId: string;
  environment: string;
  actorKind: string;
  actorId: string;
  endUser: string | null;
  purposeId: string;
  caseReference: string | null;
  queryType: string;
  searchParameters: string[];
  personalCode: string;
  fields: string[];
  feeCents: number;
  chainPosition: string | null;
}

/** A page of the log, newest first, by the filters given; a record not yet sealed has no position. */
export async function readAuditEvents(db: Db, filter: AuditEventFilter): Promise<AuditEventRow[]> {
  return (
    applyFilter(db.selectFrom('auditEvent'), filter)
      .leftJoin('auditChainLink', 'auditChainLink.auditEventId', 'auditEvent.id')
      .select([
        'auditEvent.id',
        'requestId',
        occurredAtText.as('occurredAt'),
        'organisationId',
        'environment',
        'actorKind',
        'actorId',
        'endUser',
        'purposeId',
        'caseReference',
        'queryType',
        'searchParameters',
        'personalCode',
        'fields',
        'feeCents',
        'auditChainLink.chainPosition',
      ])
      // Qualified, so the order is the indexed column and not the text of the same name.
      .orderBy('auditEvent.occurredAt', 'desc')
      .orderBy('auditEvent.id', 'desc')
      .limit(filter.limit)
      .execute()
  );
}

function applyFilter<O>(
  query: SelectQueryBuilder<Database, 'auditEvent', O>,
  filter: AuditEventFilter,
): SelectQueryBuilder<Database, 'auditEvent', O> {
  let q = query;
  if (filter.organisationId !== undefined)
    q = q.where('auditEvent.organisationId', '=', filter.organisationId);
  if (filter.actor !== undefined)
    q = q
      .where('auditEvent.actorKind', '=', filter.actor.kind)
      .where('auditEvent.actorId', '=', filter.actor.id);
  if (filter.personIds !== undefined) q = q.where('auditEvent.personId', 'in', filter.personIds);
  if (filter.purposeId !== undefined) q = q.where('auditEvent.purposeId', '=', filter.purposeId);
  if (filter.environment !== undefined) q = q.where('auditEvent.environment', '=', filter.environment);
  if (filter.fromDay !== undefined)
    q = q.where(
      sql<boolean>`audit_event.occurred_at >= (${filter.fromDay}::date::timestamp AT TIME ZONE 'Europe/Riga')`,
    );
  if (filter.toDay !== undefined)
    q = q.where(
      sql<boolean>`audit_event.occurred_at < ((${filter.toDay}::date + 1)::timestamp AT TIME ZONE 'Europe/Riga')`,
    );
  if (filter.before !== undefined)
    q = q.where(
      sql<boolean>`(audit_event.occurred_at, audit_event.id) < (${filter.before.occurredAt}::timestamptz, ${filter.before.id}::bigint)`,
    );
  return q;
}

/** The person rows of a current or previous personal code, in one environment or both. */
export async function findPersonIds(
  db: Db,
  personalCode: string,
  environment?: Environment,
): Promise<string[]> {
  let query = db
    .selectFrom('person')
    .select('id')
    .where((eb) =>
      eb.or([eb('personalCode', '=', personalCode), eb('previousPersonalCode', '=', personalCode)]),
    );
  if (environment !== undefined) query = query.where('environment', '=', environment);
  const rows = await query.execute();
  return rows.map((row) => row.id);
}

export interface SubjectDeliveryRow {
  occurredAt: Date;
  organisationName: string;
  registrationNumber: string;
  fields: string[];
  legalBasis: string;
  purpose: string;
}

/**
 * A data subject's deliveries, newest first, with the receiving organisation and the purpose.
 * Deliveries under a covert purpose stay out until its disclosure date (`today`, a Rīga day):
 * they are filtered here, so they never leave the database early.
 */
export async function readSubjectDeliveries(
  db: Db,
  options: { personIds: readonly string[]; environment: Environment; today: string; limit: number },
): Promise<SubjectDeliveryRow[]> {
  return db
    .selectFrom('auditEvent')
    .innerJoin('organisation', 'organisation.id', 'auditEvent.organisationId')
    .innerJoin('purpose', 'purpose.id', 'auditEvent.purposeId')
    .select([
      'auditEvent.occurredAt',
      'organisation.name as organisationName',
      'organisation.registrationNumber',
      'auditEvent.fields',
      'purpose.legalBasis',
      'purpose.purpose',
    ])
    .where('auditEvent.personId', 'in', options.personIds)
    .where('auditEvent.environment', '=', options.environment)
    .where((eb) =>
      eb.or([eb('purpose.isCovert', '=', false), eb('purpose.disclosureDate', '<=', options.today)]),
    )
    .orderBy('auditEvent.occurredAt', 'desc')
    .orderBy('auditEvent.id', 'desc')
    .limit(options.limit)
    .execute();
}
