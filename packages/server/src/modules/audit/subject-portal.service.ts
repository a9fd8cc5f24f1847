import type { SubjectReport } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import type { ClientCaller, UserCaller } from '../identity/caller';
import { buildSubjectReport } from './audit.service';
import { mayReadSubjectReports, setSubjectReportAccess } from './subject-portal.repository';

export interface SubjectPortalContext {
  db: Db;
  now: () => Date;
}

/**
 * A citizen portal asks, for a person it has authenticated, who received their data. Only a client
 * PMLP has granted the right may ask; the report is of the client's own environment.
 */
export async function reportForPortal(
  ctx: SubjectPortalContext,
  client: ClientCaller,
  input: { personalCode: string },
): Promise<SubjectReport> {
  if (!(await mayReadSubjectReports(ctx.db, client.clientId))) {
    throw problem('forbidden', { detail: 'This client may not read data-subject reports.' });
  }
  return buildSubjectReport(ctx, { personalCode: input.personalCode, environment: client.environment });
}

/** A PMLP administrator grants or withdraws a client's right to read data-subject reports. */
export async function changeSubjectReportAccess(
  ctx: SubjectPortalContext,
  actor: UserCaller,
  clientId: string,
  input: { enabled: boolean; reason: string },
): Promise<{ clientId: string; mayReadSubjectReports: boolean }> {
  const changed = await setSubjectReportAccess(ctx.db, {
    clientId,
    isAllowed: input.enabled,
    actorUserId: actor.userId,
    reason: input.reason,
    at: ctx.now(),
  });
  if (!changed) throw problem('notFound', { detail: 'No such client.' });
  return changed;
}
