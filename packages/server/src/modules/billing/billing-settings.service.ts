import type { BillingSettings, BillingSettingsHistory, UpdateBillingSettingsRequest } from '@fpr/contract';
import type { UserCaller } from '../identity/caller';
import {
  type BillingSettingRow,
  insertBillingSettings,
  listBillingSettings,
} from './billing-settings.repository';
import type { BillingContext } from './tariffs.service';

function toBillingSettings(row: BillingSettingRow): BillingSettings {
  return {
    invoiceDueDays: row.invoiceDueDays,
    isAutomaticSuspensionEnabled: row.isAutomaticSuspensionEnabled,
    suspensionOverdueDays: row.suspensionOverdueDays,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The settings in force and every earlier version. */
export async function readBillingSettings(ctx: BillingContext): Promise<BillingSettingsHistory> {
  const history = (await listBillingSettings(ctx.db)).map(toBillingSettings);
  const [current] = history;
  if (!current) throw new Error('the migration seeds the first settings');
  return { current, history };
}

/** A new version of the settings, in force at once; the old versions stay as history. */
export async function changeBillingSettings(
  ctx: BillingContext,
  actor: UserCaller,
  input: UpdateBillingSettingsRequest,
): Promise<BillingSettings> {
  const row = await insertBillingSettings(ctx.db, {
    ...input,
    reason: input.reason.trim(),
    createdBy: actor.userId,
    createdAt: ctx.now(),
  });
  return toBillingSettings(row);
}
