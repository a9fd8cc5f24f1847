import type { ServiceRequestInput } from '@fpr/contract';
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import { openStatuses, type RequestStatus } from './request-status';

export interface ServiceRequestRow {
  id: string;
  organisationId: string;
  status: string;
  title: string;
  scopes: unknown;
  channels: string[];
  environments: string[];
  expectedSystemUsers: number;
  wantsMonitoring: boolean;
  contactPersons: unknown;
  submittedAt: Date | null;
  deadline: string | null;
  pausedWorkingDays: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** When the latest clarification was asked for; meaningful while one is pending. */
  waitingSince: Date | null;
}

const columns = [
  'serviceRequest.id',
  'serviceRequest.organisationId',
  'serviceRequest.status',
  'serviceRequest.title',
  'serviceRequest.scopes',
  'serviceRequest.channels',
  'serviceRequest.environments',
  'serviceRequest.expectedSystemUsers',
  'serviceRequest.wantsMonitoring',
  'serviceRequest.contactPersons',
  'serviceRequest.submittedAt',
  'serviceRequest.deadline',
  'serviceRequest.pausedWorkingDays',
  'serviceRequest.createdBy',
  'serviceRequest.createdAt',
  'serviceRequest.updatedAt',
] as const;

function waitingSince(eb: ExpressionBuilder<Database, 'serviceRequest'>) {
  return eb
    .selectFrom('requestEvent')
    .select((event) => event.fn.max('requestEvent.at').as('at'))
    .whereRef('requestEvent.requestId', '=', 'serviceRequest.id')
    .where('requestEvent.toStatus', '=', 'clarification_requested')
    .as('waitingSince');
}

function selectRequests(db: Db) {
  return db.selectFrom('serviceRequest').select(columns).select(waitingSince);
}

function contentOf(input: ServiceRequestInput) {
  return {
    title: input.title,
    scopes: JSON.stringify(input.scopes),
    channels: input.channels,
    environments: input.environments,
    expectedSystemUsers: input.expectedSystemUsers,
    wantsMonitoring: input.wantsMonitoring,
    contactPersons: JSON.stringify(input.contactPersons),
  };
}

/** A new draft; returns its id. */
export async function insertDraft(
  db: Db,
  draft: { organisationId: string; createdBy: string; at: Date; input: ServiceRequestInput },
): Promise<string> {
  const row = await db
    .insertInto('serviceRequest')
    .values({
      organisationId: draft.organisationId,
      status: 'draft',
      ...contentOf(draft.input),
      createdBy: draft.createdBy,
      createdAt: draft.at,
      updatedAt: draft.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Rewrites a draft of the organisation; false when there is no such draft (any more). */
export async function updateDraft(
  db: Db,
  draft: { requestId: string; organisationId: string; at: Date; input: ServiceRequestInput },
): Promise<boolean> {
  const result = await db
    .updateTable('serviceRequest')
    .set({ ...contentOf(draft.input), updatedAt: draft.at })
    .where('id', '=', draft.requestId)
    .where('organisationId', '=', draft.organisationId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A request of this organisation only: another organisation's request is simply not found. */
export async function findRequestForOrganisation(
  db: Db,
  requestId: string,
  organisationId: string,
): Promise<ServiceRequestRow | undefined> {
  return selectRequests(db)
    .where('serviceRequest.id', '=', requestId)
    .where('serviceRequest.organisationId', '=', organisationId)
    .executeTakeFirst();
}

/** A request as PMLP sees it: drafts are the organisation's own until submitted. */
export async function findRequestForStaff(db: Db, requestId: string): Promise<ServiceRequestRow | undefined> {
  return selectRequests(db)
    .where('serviceRequest.id', '=', requestId)
    .where('serviceRequest.status', '!=', 'draft')
    .executeTakeFirst();
}

export async function listRequestsOfOrganisation(
  db: Db,
  organisationId: string,
): Promise<ServiceRequestRow[]> {
  return selectRequests(db)
    .where('serviceRequest.organisationId', '=', organisationId)
    .orderBy('serviceRequest.createdAt', 'desc')
    .orderBy('serviceRequest.id')
    .execute();
}

export async function listRequestsForReview(
  db: Db,
  filter: { status?: RequestStatus; organisationId?: string },
): Promise<ServiceRequestRow[]> {
  let query = selectRequests(db).where('serviceRequest.status', '!=', 'draft');
  if (filter.status !== undefined) query = query.where('serviceRequest.status', '=', filter.status);
  if (filter.organisationId !== undefined) {
    query = query.where('serviceRequest.organisationId', '=', filter.organisationId);
  }
  return query.execute();
}

export async function setSubmission(
  db: Db,
  requestId: string,
  submission: { submittedAt: Date; deadline: string },
): Promise<void> {
  await db.updateTable('serviceRequest').set(submission).where('id', '=', requestId).execute();
}

export async function setDeadline(
  db: Db,
  requestId: string,
  deadline: { deadline: string; pausedWorkingDays: number; updatedAt: Date },
): Promise<void> {
  await db.updateTable('serviceRequest').set(deadline).where('id', '=', requestId).execute();
}

/** Submitted requests PMLP still owes an answer, locked: their deadlines are about to be recomputed. */
export async function lockOpenRequestDeadlines(
  db: Db,
): Promise<{ id: string; submittedAt: Date; deadline: string | null; pausedWorkingDays: number }[]> {
  const rows = await db
    .selectFrom('serviceRequest')
    .select(['id', 'submittedAt', 'deadline', 'pausedWorkingDays'])
    .where('status', 'in', openStatuses)
    .where('submittedAt', 'is not', null)
    .forUpdate()
    .execute();
  return rows.flatMap(({ submittedAt, ...row }) => (submittedAt ? [{ ...row, submittedAt }] : []));
}

export interface PersonRef {
  id: string;
  displayName: string;
  organisationId: string | null;
}

export interface RequestEventRow {
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  at: Date;
  actor: PersonRef;
}

export async function listRequestEvents(db: Db, requestId: string): Promise<RequestEventRow[]> {
  const rows = await db
    .selectFrom('requestEvent')
    .innerJoin('appUser', 'appUser.id', 'requestEvent.actorUserId')
    .select([
      'requestEvent.fromStatus',
      'requestEvent.toStatus',
      'requestEvent.note',
      'requestEvent.at',
      'appUser.id as actorId',
      'appUser.displayName',
      'appUser.organisationId',
    ])
    .where('requestEvent.requestId', '=', requestId)
    .orderBy('requestEvent.id')
    .execute();
  return rows.map(({ actorId, displayName, organisationId, ...event }) => ({
    ...event,
    actor: { id: actorId, displayName, organisationId },
  }));
}

export interface RequestMessageRow {
  id: string;
  kind: string;
  body: string;
  at: Date;
  author: PersonRef;
}

export type RequestMessageKind = 'clarificationRequest' | 'clarificationAnswer' | 'note';

export async function insertRequestMessage(
  db: Db,
  message: { requestId: string; kind: RequestMessageKind; body: string; authorUserId: string; at: Date },
): Promise<string> {
  const row = await db.insertInto('requestMessage').values(message).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listRequestMessages(
  db: Db,
  requestId: string,
  messageId?: string,
): Promise<RequestMessageRow[]> {
  let query = db
    .selectFrom('requestMessage')
    .innerJoin('appUser', 'appUser.id', 'requestMessage.authorUserId')
    .select([
      'requestMessage.id',
      'requestMessage.kind',
      'requestMessage.body',
      'requestMessage.at',
      'appUser.id as authorId',
      'appUser.displayName',
      'appUser.organisationId',
    ])
    .where('requestMessage.requestId', '=', requestId);
  if (messageId !== undefined) query = query.where('requestMessage.id', '=', messageId);
  const rows = await query.orderBy('requestMessage.id').execute();
  return rows.map(({ authorId, displayName, organisationId, ...message }) => ({
    ...message,
    author: { id: authorId, displayName, organisationId },
  }));
}

/** The first history entry: who created the draft, and when. */
export async function insertCreationEvent(
  db: Db,
  event: { requestId: string; actorUserId: string; at: Date },
) {
  await db
    .insertInto('requestEvent')
    .values({ ...event, fromStatus: null, toStatus: 'draft', note: null })
    .execute();
}

/** Locks the request row (of this organisation, when given) for the rest of the transaction. */
export async function lockRequest(
  db: Db,
  requestId: string,
  organisationId?: string,
): Promise<{ status: string } | undefined> {
  let query = db.selectFrom('serviceRequest').select(['status']).where('id', '=', requestId);
  if (organisationId !== undefined) query = query.where('organisationId', '=', organisationId);
  return query.forUpdate().executeTakeFirst();
}
