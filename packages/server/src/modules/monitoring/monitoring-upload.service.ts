import type { SubscriptionUploadQuery, SubscriptionUploadResponse } from '@fpr/contract';
import { problem } from '../../http/problem';
import { type MonitoringContext, type MonitoringOrigin, subscribe } from './monitoring.service';
import { parseCodeUpload } from './monitoring-rules';

const refusals = {
  empty: 'The file holds no personal codes.',
  tooManyCodes: 'The file holds more than 1,000 personal codes; split it.',
  lineTooLong: 'A line is longer than any personal code could be.',
} as const;

/**
 * The portal's bulk upload: a file of codes, one per line, subscribed through `subscribe` as one
 * call, each line answering its own outcome. A line that is not a personal code is `invalid`.
 */
export async function uploadSubscriptions(
  ctx: MonitoringContext,
  origin: MonitoringOrigin,
  query: SubscriptionUploadQuery,
  file: string,
): Promise<SubscriptionUploadResponse> {
  const parsed = parseCodeUpload(file);
  if (!parsed.ok) {
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'body', code: parsed.reason, reason: refusals[parsed.reason] }],
    });
  }
  const { results } = await subscribe(ctx, origin, {
    purposeId: query.purposeId,
    endDate: query.endDate,
    personalCodes: parsed.lines.map((line) => line.personalCode),
  });
  return {
    results: parsed.lines.map((line, index) => ({
      line: line.line,
      personalCode: results[index]?.personalCode ?? line.personalCode,
      outcome: results[index]?.outcome ?? 'invalid',
    })),
  };
}
