import type { AuditEventPage } from '@fpr/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../shared/api/client';
import { formatCents, formatDateTime } from '../../shared/format/format';
import { ProblemMessage } from '../../shared/ui/problem-message';
import { useMe } from './pdp-api';

function readLookups(cursor: string | undefined) {
  return apiRequest<AuditEventPage>('GET', '/api/v1/me/lookups', { query: { cursor, limit: 50 } });
}

/** The user's own lookups, newest first, as the access log recorded them. */
export function HistoryPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const lookups = useInfiniteQuery({
    queryKey: ['me', 'lookups'],
    queryFn: ({ pageParam }) => readLookups(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const purposeName = (id: string) => me.data?.purposes.find((purpose) => purpose.id === id)?.purpose ?? id;
  const events = lookups.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">{t('pdp.history.title')}</h1>
      <ProblemMessage error={lookups.error} />
      {lookups.isPending && <p className="loading">{t('common.loading')}</p>}
      {lookups.isSuccess && events.length === 0 && <p>{t('pdp.history.empty')}</p>}
      {events.length > 0 && (
        <table className="history">
          <thead>
            <tr>
              <th scope="col">{t('pdp.history.when')}</th>
              <th scope="col">{t('pdp.history.person')}</th>
              <th scope="col">{t('pdp.history.purpose')}</th>
              <th scope="col">{t('pdp.history.caseReference')}</th>
              <th scope="col">{t('pdp.history.queryType')}</th>
              <th scope="col">{t('pdp.history.fee')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{formatDateTime(event.occurredAt)}</td>
                <td>{event.personalCode}</td>
                <td>{purposeName(event.purposeId)}</td>
                <td>{event.caseReference ?? '—'}</td>
                <td>{t(`queryTypes.${event.queryType}`)}</td>
                <td>{formatCents(event.feeCents, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lookups.hasNextPage && (
        <button
          type="button"
          onClick={() => void lookups.fetchNextPage()}
          disabled={lookups.isFetchingNextPage}
        >
          {t('common.more')}
        </button>
      )}
    </section>
  );
}
