import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface VersionSummaryRow {
  number: number;
  textHash: string;
  authorName: string;
  createdAt: Date;
  commentCount: number;
}

export interface VersionRow {
  number: number;
  text: string;
  textHash: string;
  authorName: string;
  createdAt: Date;
}

export async function insertVersion(
  db: Db,
  version: {
    contractId: string;
    number: number;
    text: string;
    textHash: string;
    authorUserId: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('contractVersion')
    .values({
      contractId: version.contractId,
      number: version.number,
      text: version.text,
      textHash: version.textHash,
      authorUserId: version.authorUserId,
      createdAt: version.at,
    })
    .execute();
}

export async function findVersion(
  db: Db,
  contractId: string,
  number: number,
): Promise<VersionRow | undefined> {
  return db
    .selectFrom('contractVersion')
    .innerJoin('appUser', 'appUser.id', 'contractVersion.authorUserId')
    .select([
      'contractVersion.number',
      'contractVersion.text',
      'contractVersion.textHash',
      'appUser.displayName as authorName',
      'contractVersion.createdAt',
    ])
    .where('contractVersion.contractId', '=', contractId)
    .where('contractVersion.number', '=', number)
    .executeTakeFirst();
}

/** The newest version (number, hash, text); undefined only for a contract without versions. */
export async function findLatestVersion(
  db: Db,
  contractId: string,
): Promise<{ number: number; textHash: string; text: string } | undefined> {
  return db
    .selectFrom('contractVersion')
    .select(['number', 'textHash', 'text'])
    .where('contractId', '=', contractId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listVersions(db: Db, contractId: string): Promise<VersionSummaryRow[]> {
  return db
    .selectFrom('contractVersion')
    .innerJoin('appUser', 'appUser.id', 'contractVersion.authorUserId')
    .select([
      'contractVersion.number',
      'contractVersion.textHash',
      'appUser.displayName as authorName',
      'contractVersion.createdAt',
    ])
    .select((eb) =>
      eb
        .selectFrom('contractComment')
        .select(sql<number>`count(*)::int`.as('count'))
        .whereRef('contractComment.contractId', '=', 'contractVersion.contractId')
        .whereRef('contractComment.versionNumber', '=', 'contractVersion.number')
        .as('commentCount'),
    )
    .where('contractVersion.contractId', '=', contractId)
    .orderBy('contractVersion.number')
    .execute()
    .then((rows) => rows.map((row) => ({ ...row, commentCount: row.commentCount ?? 0 })));
}

export interface CommentRow {
  id: string;
  versionNumber: number;
  body: string;
  authorName: string;
  /** Null for PMLP staff: how the comment's side is told. */
  authorOrganisationId: string | null;
  at: Date;
}

const commentColumns = [
  'contractComment.id',
  'contractComment.versionNumber',
  'contractComment.body',
  'appUser.displayName as authorName',
  'appUser.organisationId as authorOrganisationId',
  'contractComment.at',
] as const;

export async function insertComment(
  db: Db,
  comment: { contractId: string; versionNumber: number; body: string; authorUserId: string; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('contractComment')
    .values(comment)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findComment(db: Db, id: string): Promise<CommentRow | undefined> {
  return db
    .selectFrom('contractComment')
    .innerJoin('appUser', 'appUser.id', 'contractComment.authorUserId')
    .select(commentColumns)
    .where('contractComment.id', '=', id)
    .executeTakeFirst();
}

export async function listComments(db: Db, contractId: string, versionNumber: number): Promise<CommentRow[]> {
  return db
    .selectFrom('contractComment')
    .innerJoin('appUser', 'appUser.id', 'contractComment.authorUserId')
    .select(commentColumns)
    .where('contractComment.contractId', '=', contractId)
    .where('contractComment.versionNumber', '=', versionNumber)
    .orderBy('contractComment.id')
    .execute();
}

export interface ApprovalRow {
  versionNumber: number;
  side: string;
  textHash: string;
  approvedByName: string;
  approvedAt: Date;
}

export async function insertApproval(
  db: Db,
  approval: {
    contractId: string;
    versionNumber: number;
    side: string;
    textHash: string;
    approvedBy: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('contractApproval')
    .values({
      contractId: approval.contractId,
      versionNumber: approval.versionNumber,
      side: approval.side,
      textHash: approval.textHash,
      approvedBy: approval.approvedBy,
      approvedAt: approval.at,
    })
    .execute();
}

export async function listApprovals(db: Db, contractId: string): Promise<ApprovalRow[]> {
  return db
    .selectFrom('contractApproval')
    .innerJoin('appUser', 'appUser.id', 'contractApproval.approvedBy')
    .select([
      'contractApproval.versionNumber',
      'contractApproval.side',
      'contractApproval.textHash',
      'appUser.displayName as approvedByName',
      'contractApproval.approvedAt',
    ])
    .where('contractApproval.contractId', '=', contractId)
    .orderBy('contractApproval.versionNumber')
    .orderBy('contractApproval.approvedAt')
    .orderBy('contractApproval.side')
    .execute();
}
