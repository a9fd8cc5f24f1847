import type { ServiceRequest } from '@fpr/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../../shared/format/format';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, useOrganisationNames } from '../console-ui';

/**
 * The review queue as the API orders it: requests PMLP owes an answer, overdue first, then by
 * working days left; closed ones after.
 */
export function QueuePage() {
  const { t } = useTranslation();
  const queue = useQuery({ queryKey: consoleKeys.queue, queryFn: consoleApi.queue });
  const names = useOrganisationNames();
  const requests = queue.data?.requests ?? [];
  const overdue = requests.filter((request) => request.isOverdue).length;
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('console.queue.title')}</h1>
      <QueryState query={queue} />
      {queue.data && (
        <>
          <p>{t('console.queue.summary', { total: requests.length, overdue })}</p>
          {requests.length === 0 ? (
            <p>{t('console.queue.empty')}</p>
          ) : (
            <table className="queue">
              <thead>
                <tr>
                  <th scope="col">{t('console.queue.request')}</th>
                  <th scope="col">{t('console.common.organisation')}</th>
                  <th scope="col">{t('console.common.status')}</th>
                  <th scope="col">{t('console.queue.submitted')}</th>
                  <th scope="col">{t('console.queue.deadline')}</th>
                  <th scope="col">{t('console.queue.daysLeft')}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((request) => (
                  <QueueRow
                    key={request.id}
                    request={request}
                    organisationName={names.get(request.organisationId)}
                  />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function QueueRow({ request, organisationName }: { request: ServiceRequest; organisationName?: string }) {
  const { t } = useTranslation();
  return (
    <tr className={request.isOverdue ? 'is-overdue' : undefined}>
      <td>
        <Link to={`/console/requests/${request.id}`}>{request.title}</Link>
      </td>
      <td>{organisationName ?? '—'}</td>
      <td>{t(`console.requestStatuses.${request.status}`)}</td>
      <td>{request.submittedAt ? formatDateTime(request.submittedAt) : '—'}</td>
      <td>{formatDate(request.deadline)}</td>
      <td>
        <DaysLeft request={request} />
      </td>
    </tr>
  );
}

/** Working days left, or how many the answer is late; an overdue request is marked in words, not only colour. */
export function DaysLeft({ request }: { request: Pick<ServiceRequest, 'daysLeft' | 'isOverdue'> }) {
  const { t } = useTranslation();
  if (request.daysLeft === null) return <>—</>;
  if (request.isOverdue)
    return <strong className="overdue">{t('console.queue.overdueBy', { days: -request.daysLeft })}</strong>;
  return <>{t('console.queue.workingDaysLeft', { days: request.daysLeft })}</>;
}
