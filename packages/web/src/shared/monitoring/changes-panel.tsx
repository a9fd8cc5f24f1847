import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../format/format';
import { ProblemMessage } from '../ui/problem-message';
import { type MonitoringEnvironment, monitoringApi, monitoringKeys } from './monitoring-api';
import { changeTypeLabels } from './monitoring-labels';

/**
 * The changes of monitored persons as the feed hands them out: in ascending order from the start,
 * newest shown first; "more" asks after the last position read, so none is skipped.
 */
export function ChangesPanel({ environment }: { environment: MonitoringEnvironment }) {
  const { t } = useTranslation();
  const feed = useInfiniteQuery({
    queryKey: monitoringKeys.changes(environment),
    queryFn: ({ pageParam }) => monitoringApi.changes(environment, pageParam),
    initialPageParam: 0,
    // The feed has no end: asking after the last position read is how new changes arrive.
    getNextPageParam: (page) => page.lastSequence,
  });
  const changes = (feed.data?.pages.flatMap((page) => page.changes) ?? []).toReversed();
  return (
    <div className="panel">
      <h2>{t('monitoring.changes')}</h2>
      <ProblemMessage error={feed.error} />
      {feed.isPending && <p className="loading">{t('common.loading')}</p>}
      {feed.isSuccess && changes.length === 0 && <p>{t('monitoring.noChanges')}</p>}
      {changes.length > 0 && (
        <table data-testid="changes">
          <thead>
            <tr>
              <th scope="col">{t('monitoring.recordedAt')}</th>
              <th scope="col">{t('monitoring.personalCode')}</th>
              <th scope="col">{t('monitoring.change')}</th>
              <th scope="col">{t('monitoring.effectiveDate')}</th>
              <th scope="col">{t('monitoring.scopes')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.sequence}>
                <td>{formatDateTime(change.recordedAt)}</td>
                <td>{change.personalCode}</td>
                <td>{t(changeTypeLabels[change.type])}</td>
                <td>{formatDate(change.effectiveDate)}</td>
                <td>{change.changedScopes.map((scope) => t(`scopes.${scope}`)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" disabled={feed.isFetching} onClick={() => void feed.fetchNextPage()}>
        {t('monitoring.refresh')}
      </button>
    </div>
  );
}
