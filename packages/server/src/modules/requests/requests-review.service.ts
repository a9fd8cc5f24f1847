import type {
  ClarificationInput,
  ReasonRequest,
  ReviewQueueQuery,
  ServiceRequest,
  ServiceRequestDetail,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { type RequestTransition, transitionRequestStatus } from './request-transition.repository';
import { viewRequestDetail, viewRequests } from './request-view';
import {
  findRequestForStaff,
  insertRequestMessage,
  listRequestsForReview,
  type ServiceRequestRow,
} from './requests.repository';
import type { RequestsContext } from './requests.service';
import { compareForReview } from './review-queue';

/** PMLP's review queue: open requests first, overdue ones at the top, then by working days left. */
export async function readReviewQueue(
  ctx: RequestsContext,
  filter: ReviewQueueQuery,
): Promise<ServiceRequest[]> {
  const rows = await listRequestsForReview(ctx.db, filter);
  return (await viewRequests(ctx.db, rows, ctx.now())).sort(compareForReview);
}

/** A submitted request with history and messages (drafts stay the organisation's own). */
export async function readRequestForStaff(
  ctx: RequestsContext,
  requestId: string,
): Promise<ServiceRequestDetail> {
  return viewRequestDetail(ctx.db, await submittedRequest(ctx.db, requestId), ctx.now());
}

/** A reviewer takes up a submitted request. */
export async function startReview(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
): Promise<ServiceRequestDetail> {
  return moveRequest(ctx, { requestId, to: 'in_review', actorUserId: actor.userId });
}

/**
 * Asks the organisation to clarify: the message goes to the organisation and the deadline clock
 * stops until it answers.
 */
export async function requestClarification(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
  input: ClarificationInput,
): Promise<ServiceRequestDetail> {
  const transition = { requestId, to: 'clarification_requested' as const, actorUserId: actor.userId };
  return moveRequest(ctx, { ...transition, note: 'Clarification requested' }, async (trx, at) => {
    await insertRequestMessage(trx, {
      requestId,
      kind: 'clarificationRequest',
      body: input.message,
      authorUserId: actor.userId,
      at,
    });
  });
}

/** PMLP refuses the request, saying why. */
export async function rejectRequest(
  ctx: RequestsContext,
  actor: UserCaller,
  requestId: string,
  input: ReasonRequest,
): Promise<ServiceRequestDetail> {
  return moveRequest(ctx, { requestId, to: 'rejected', actorUserId: actor.userId, note: input.reason });
}

async function moveRequest(
  ctx: RequestsContext,
  transition: Omit<RequestTransition, 'at'>,
  alongside?: (trx: Db, at: Date) => Promise<void>,
): Promise<ServiceRequestDetail> {
  return ctx.db.transaction().execute(async (trx) => {
    await submittedRequest(trx, transition.requestId);
    const at = ctx.now();
    await transitionRequestStatus(trx, { ...transition, at });
    await alongside?.(trx, at);
    return viewRequestDetail(trx, await submittedRequest(trx, transition.requestId), at);
  });
}

async function submittedRequest(db: Db, requestId: string): Promise<ServiceRequestRow> {
  const row = await findRequestForStaff(db, requestId);
  if (!row) throw problem('notFound', { detail: 'No such request.' });
  return row;
}
