import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { canTransition, type RequestStatus } from './request-status';

export interface RequestTransition {
  requestId: string;
  to: RequestStatus;
  actorUserId: string;
  note?: string;
  at: Date;
  /** When set, only a request of this organisation is found (organisation-side calls). */
  organisationId?: string;
}

/**
 * Moves a request to `to` and records the step in its history, inside the caller's transaction.
 * The row is locked first, so two concurrent transitions cannot both start from the same status.
 * Unknown (or another organisation's) request → `notFound`; a step the lifecycle forbids → `conflict`.
 */
export async function transitionRequestStatus(
  trx: Db,
  transition: RequestTransition,
): Promise<{ from: RequestStatus; to: RequestStatus }> {
  let query = trx.selectFrom('serviceRequest').select(['status']).where('id', '=', transition.requestId);
  if (transition.organisationId !== undefined)
    query = query.where('organisationId', '=', transition.organisationId);
  const row = await query.forUpdate().executeTakeFirst();
  if (!row) throw problem('notFound', { detail: 'No such request.' });
  // The column is CHECK-constrained to the statuses.
  const from = row.status as RequestStatus;
  if (!canTransition(from, transition.to)) {
    throw problem('conflict', { detail: `A request in status ${from} cannot move to ${transition.to}.` });
  }
  await trx
    .updateTable('serviceRequest')
    .set({ status: transition.to, updatedAt: transition.at })
    .where('id', '=', transition.requestId)
    .execute();
  await trx
    .insertInto('requestEvent')
    .values({
      requestId: transition.requestId,
      fromStatus: from,
      toStatus: transition.to,
      actorUserId: transition.actorUserId,
      note: transition.note ?? null,
      at: transition.at,
    })
    .execute();
  return { from, to: transition.to };
}
