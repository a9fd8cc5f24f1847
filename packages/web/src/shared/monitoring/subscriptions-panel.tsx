import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../format/format';
import { ProblemMessage } from '../ui/problem-message';
import { type MonitoringEnvironment, monitoringApi, monitoringKeys } from './monitoring-api';

/** The persons monitored, in the order added, page by page; each can be removed. */
export function SubscriptionsPanel({
  environment,
  purposeNames,
}: {
  environment: MonitoringEnvironment;
  purposeNames: Map<string, string>;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: monitoringKeys.subscriptions(environment),
    queryFn: ({ pageParam }) => monitoringApi.subscriptions(environment, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const remove = useMutation({
    mutationFn: (personalCode: string) => monitoringApi.remove(environment, personalCode),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.subscriptions(environment) }),
  });
  const subscriptions = list.data?.pages.flatMap((page) => page.subscriptions) ?? [];
  return (
    <div className="panel">
      <h2>{t('monitoring.subscriptions')}</h2>
      <ProblemMessage error={list.error ?? remove.error} />
      {list.isPending && <p className="loading">{t('common.loading')}</p>}
      {list.isSuccess && subscriptions.length === 0 && <p>{t('monitoring.none')}</p>}
      {subscriptions.length > 0 && (
        <table data-testid="subscriptions">
          <thead>
            <tr>
              <th scope="col">{t('monitoring.personalCode')}</th>
              <th scope="col">{t('monitoring.purpose')}</th>
              <th scope="col">{t('monitoring.since')}</th>
              <th scope="col">{t('monitoring.endDate')}</th>
              <th scope="col">{t('monitoring.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((subscription) => (
              <tr key={subscription.personalCode}>
                <td>{subscription.personalCode}</td>
                <td>{purposeNames.get(subscription.purposeId) ?? subscription.purposeId}</td>
                <td>{formatDateTime(subscription.since)}</td>
                <td>{subscription.endDate ? formatDate(subscription.endDate) : '—'}</td>
                <td>
                  <button
                    type="button"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(subscription.personalCode)}
                  >
                    {t('monitoring.remove', { code: subscription.personalCode })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <button type="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('common.more')}
        </button>
      )}
    </div>
  );
}
