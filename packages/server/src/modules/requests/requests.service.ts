import type {
  InvalidParam,
  ReasonRequest,
  RequestMessage,
  RequestMessageInput,
  ServiceRequest,
  ServiceRequestDetail,
  ServiceRequestInput,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { loadCalendar } from '../calendar/calendar.repository';
import { rigaDate } from '../calendar/working-days';
import { organisationOf, type UserCaller } from '../identity/caller';
import { clarificationPause, deadlineFor } from './deadline';
import { requestInputProblems } from './request-input';
import { transitionRequestStatus } from './request-transition.repository';
import { viewRequestDetail, viewRequests } from './request-view';
import { toRequestMessage } from './requests.mapper';
import {
  findRequestForOrganisation,
  insertCreationEvent,
  insertDraft,
  insertRequestMessage,
  listRequestMessages,
  listRequestsOfOrganisation,
  lockRequest,
  type RequestMessageKind,
  type ServiceRequestRow,
  setDeadline,
  setSubmission,
  updateDraft,
} from './requests.repository';

export interface RequestsContext {
  db: Db;
  now: () => Date;
}

/** Creates a draft request of the caller's organisation; nothing is owed until it is submitted. */
export async function createRequest(
  ctx: RequestsContext,
  actor: UserCaller,
  input: ServiceRequestInput,
): Promise<ServiceRequestDetail> {
  const organisationId = organisationOf(actor);
  assertValid(requestInputProblems(input));
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const requestId = await insertDraft(trx, { organisationId, createdBy: actor.userId, at, input });
    await insertCreationEvent(trx, { requestId, actorUserId: actor.userId, at });
    return viewRequestDetail(trx, await ownRequest(trx, requestId, organisationId), at);
  });
}

/** Rewrites a draft; once submitted, the request text is fixed. */
export async function updateRequestDraft(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
  input: ServiceRequestInput,
): Promise<ServiceRequestDetail> {
  const organisationId = organisationOf(actor);
  assertValid(requestInputProblems(input));
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    if (!(await updateDraft(trx, { requestId, organisationId, at, input }))) {
      await ownRequest(trx, requestId, organisationId);
      throw problem('conflict', { detail: 'Only a draft request can be changed.' });
    }
    return viewRequestDetail(trx, await ownRequest(trx, requestId, organisationId), at);
  });
}

/** Submits a draft: the 30-working-day deadline starts on the submission date in Latvia. */
export async function submitRequest(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
): Promise<ServiceRequestDetail> {
  const organisationId = organisationOf(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const deadline = deadlineFor(rigaDate(at), 0, await loadCalendar(trx));
    const note = `Deadline ${deadline}`;
    await transitionRequestStatus(trx, {
      requestId,
      to: 'submitted',
      actorUserId: actor.userId,
      note,
      at,
      organisationId,
    });
    await setSubmission(trx, requestId, { submittedAt: at, deadline });
    return viewRequestDetail(trx, await ownRequest(trx, requestId, organisationId), at);
  });
}

/** The organisation withdraws its request, saying why. */
export async function withdrawRequest(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
  input: ReasonRequest,
): Promise<ServiceRequestDetail> {
  const organisationId = organisationOf(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const transition = { requestId, to: 'withdrawn' as const, actorUserId: actor.userId, note: input.reason };
    await transitionRequestStatus(trx, { ...transition, at, organisationId });
    return viewRequestDetail(trx, await ownRequest(trx, requestId, organisationId), at);
  });
}

/**
 * A message from the organisation. While PMLP waits for a clarification it is the answer: the
 * request returns to review and the deadline moves by the working days spent waiting.
 */
export async function postRequestMessage(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
  input: RequestMessageInput,
): Promise<RequestMessage> {
  const organisationId = organisationOf(actor);
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await lockRequest(trx, requestId, organisationId);
    if (!locked) throw problem('notFound', { detail: 'No such request.' });
    if (locked.status === 'rejected' || locked.status === 'withdrawn') {
      throw problem('conflict', { detail: `A ${locked.status} request takes no more messages.` });
    }
    const at = ctx.now();
    let kind: RequestMessageKind = 'note';
    if (locked.status === 'clarification_requested') {
      await resumeReview(trx, await ownRequest(trx, requestId, organisationId), actor, at);
      kind = 'clarificationAnswer';
    }
    const messageId = await insertRequestMessage(trx, {
      requestId,
      kind,
      body: input.body,
      authorUserId: actor.userId,
      at,
    });
    const [message] = await listRequestMessages(trx, requestId, messageId);
    if (!message) throw new Error('the message just inserted is missing');
    return toRequestMessage(message);
  });
}

/** The clarification arrived: the pause ends and pushes the deadline by the working days it lasted. */
async function resumeReview(trx: Db, request: ServiceRequestRow, actor: UserCaller, at: Date): Promise<void> {
  if (!request.submittedAt || !request.waitingSince)
    throw new Error('a waiting request was submitted and asked');
  const calendar = await loadCalendar(trx);
  const pause = clarificationPause(rigaDate(request.waitingSince), rigaDate(at), calendar);
  const pausedWorkingDays = request.pausedWorkingDays + pause;
  const deadline = deadlineFor(rigaDate(request.submittedAt), pausedWorkingDays, calendar);
  await transitionRequestStatus(trx, {
    requestId: request.id,
    to: 'in_review',
    actorUserId: actor.userId,
    note: `Clarification answered after ${pause} working days; deadline ${deadline}`,
    at,
  });
  await setDeadline(trx, request.id, { deadline, pausedWorkingDays, updatedAt: at });
}

/** The organisation's requests, newest first. */
export async function readOrganisationRequests(
  ctx: RequestsContext,
  actor: UserCaller,
): Promise<ServiceRequest[]> {
  const rows = await listRequestsOfOrganisation(ctx.db, organisationOf(actor));
  return viewRequests(ctx.db, rows, ctx.now());
}

/** One request of the caller's organisation with history and messages; another's is not found. */
export async function readOrganisationRequest(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
): Promise<ServiceRequestDetail> {
  const row = await ownRequest(ctx.db, requestId, organisationOf(actor));
  return viewRequestDetail(ctx.db, row, ctx.now());
}

export async function readOrganisationRequestMessages(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
): Promise<RequestMessage[]> {
  await ownRequest(ctx.db, requestId, organisationOf(actor));
  return (await listRequestMessages(ctx.db, requestId)).map(toRequestMessage);
}

async function ownRequest(db: Db, requestId: string, organisationId: string): Promise<ServiceRequestRow> {
  const row = await findRequestForOrganisation(db, requestId, organisationId);
  if (!row) throw problem('notFound', { detail: 'No such request.' });
  return row;
}

export function assertValid(invalidParams: InvalidParam[]): void {
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
}
