import type { Db } from '../../db/database';

export interface BillingSettingRow {
  id: string;
  invoiceDueDays: number;
  isAutomaticSuspensionEnabled: boolean;
  suspensionOverdueDays: number;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
}

const columns = [
  'id',
  'invoiceDueDays',
  'isAutomaticSuspensionEnabled',
  'suspensionOverdueDays',
  'reason',
  'createdBy',
  'createdAt',
] as const;

/** Every version, newest first; the first is in force. */
export async function listBillingSettings(db: Db): Promise<BillingSettingRow[]> {
  return db.selectFrom('billingSetting').select(columns).orderBy('id', 'desc').execute();
}

/** The settings in force (the migration seeds the first version, so there always is one). */
export async function currentBillingSettings(db: Db): Promise<BillingSettingRow> {
  return db
    .selectFrom('billingSetting')
    .select(columns)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

export async function insertBillingSettings(
  db: Db,
  settings: Omit<BillingSettingRow, 'id'>,
): Promise<BillingSettingRow> {
  return db.insertInto('billingSetting').values(settings).returning(columns).executeTakeFirstOrThrow();
}
