import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { Deadline } from './deadline';
import { requestStatusLabels } from './request-labels';
import { requestsApi, requestsQueryKey } from './requests-api';

/** The organisation's requests, newest first, with their status and PMLP's deadline. */
export function RequestsPage() {
  const { t } = useTranslation();
  const requests = useQuery({ queryKey: requestsQueryKey, queryFn: requestsApi.list });
  return (
    <section aria-labelledby="requests-title">
      <div className="page-heading">
        <h1 id="requests-title">{t('portal.requests.title')}</h1>
        <Link className="button primary" to="/organisation/requests/new">
          {t('portal.requests.new')}
        </Link>
      </div>
      <ProblemMessage error={requests.error} />
      {requests.isPending && <p className="loading">{t('common.loading')}</p>}
      {requests.data?.requests.length === 0 && <p className="notice">{t('portal.requests.none')}</p>}
      {requests.data && requests.data.requests.length > 0 && (
        <table className="requests">
          <thead>
            <tr>
              <th scope="col">{t('portal.requests.name')}</th>
              <th scope="col">{t('portal.requests.status')}</th>
              <th scope="col">{t('portal.requests.submittedAt')}</th>
              <th scope="col">{t('portal.requests.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.data.requests.map((request) => (
              <tr key={request.id}>
                <td>
                  <Link to={`/organisation/requests/${request.id}`}>{request.title}</Link>
                </td>
                <td>{t(requestStatusLabels[request.status])}</td>
                <td>{request.submittedAt ? formatDateTime(request.submittedAt) : '—'}</td>
                <td>
                  <Deadline request={request} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
