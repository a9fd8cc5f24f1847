import type { Db } from '../../db/database';

/** Whether a live client holds the right to read data-subject reports. */
export async function mayReadSubjectReports(db: Db, clientId: string): Promise<boolean> {
  const row = await db
    .selectFrom('systemClient')
    .select(['mayReadSubjectReports'])
    .where('clientId', '=', clientId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return row?.mayReadSubjectReports === true;
}

/** Grants or withdraws the right; undefined when no such client exists. */
export async function setSubjectReportAccess(
  db: Db,
  change: { clientId: string; isAllowed: boolean; actorUserId: string; reason: string; at: Date },
): Promise<{ clientId: string; mayReadSubjectReports: boolean } | undefined> {
  return db
    .updateTable('systemClient')
    .set({
      mayReadSubjectReports: change.isAllowed,
      subjectReportsChangedBy: change.actorUserId,
      subjectReportsChangedAt: change.at,
      subjectReportsReason: change.reason,
    })
    .where('clientId', '=', change.clientId)
    .returning(['clientId', 'mayReadSubjectReports'])
    .executeTakeFirst();
}
