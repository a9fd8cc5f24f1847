import type { SubscriptionPage } from '@fpr/contract';
import type { SubscriptionRow } from './monitoring.repository';
import { encodeListCursor } from './monitoring-rules';

/** A page of `limit` subscriptions from `limit + 1` rows: the extra one proves there is a next page. */
export function toSubscriptionPage(rows: readonly SubscriptionRow[], limit: number): SubscriptionPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    subscriptions: page.map((row) => ({
      personalCode: row.personalCode,
      purposeId: row.purposeId,
      since: row.subscribedAt.toISOString(),
      endDate: row.endDate,
    })),
    next: rows.length > limit && last ? encodeListCursor(last.id) : null,
  };
}
