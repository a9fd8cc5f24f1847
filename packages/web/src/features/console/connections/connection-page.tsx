import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, ReasonForm, useHasRole, useOrganisationNames } from '../console-ui';
import { ConnectionStatus } from './connections-page';

/** One connection with its history; an administrator suspends or restores it, always with a reason. */
export function ConnectionPage() {
  const { t } = useTranslation();
  const { connectionId = '' } = useParams();
  const isAdministrator = useHasRole('administrator');
  const names = useOrganisationNames();
  const connection = useQuery({
    queryKey: consoleKeys.connection(connectionId),
    queryFn: () => consoleApi.connection(connectionId),
  });
  const data = connection.data;
  const action = data?.status === 'active' ? 'suspend' : data?.status === 'suspended' ? 'restore' : undefined;
  return (
    <section aria-labelledby="connection-title">
      <p>
        <Link to="/console/connections">{t('console.connections.back')}</Link>
      </p>
      <h1 id="connection-title">{t('console.connections.one')}</h1>
      <QueryState query={connection} />
      {data && (
        <>
          <dl className="facts panel">
            <div>
              <dt>{t('console.common.organisation')}</dt>
              <dd>
                <Link to={`/console/organisations/${data.organisationId}`}>
                  {names.get(data.organisationId) ?? data.organisationId}
                </Link>
              </dd>
            </div>
            <div>
              <dt>{t('console.connections.environment')}</dt>
              <dd>{t(`environments.${data.environment}`)}</dd>
            </div>
            <div>
              <dt>{t('console.common.status')}</dt>
              <dd data-testid="connection-status">
                <ConnectionStatus status={data.status} />
              </dd>
            </div>
            <div>
              <dt>{t('console.connections.rateLimit')}</dt>
              <dd>{data.rateLimitPerMinute}</dd>
            </div>
            <div>
              <dt>{t('console.connections.ipAllowList')}</dt>
              <dd>
                {data.ipAllowList.length === 0
                  ? t('console.connections.anyAddress')
                  : data.ipAllowList.join(', ')}
              </dd>
            </div>
          </dl>
          {isAdministrator && action && (
            <div className="panel">
              <h2>
                {action === 'suspend' ? t('console.connections.suspend') : t('console.connections.restore')}
              </h2>
              <ReasonForm
                reasonLabel={t('console.common.reason')}
                submitLabel={
                  action === 'suspend' ? t('console.connections.suspend') : t('console.connections.restore')
                }
                onSubmit={(reason) => consoleApi.changeConnection(data.id, action, { reason })}
                invalidates={[consoleKeys.connection(data.id), consoleKeys.connections]}
              />
            </div>
          )}
          <div className="panel">
            <h2>{t('console.common.history')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('console.common.when')}</th>
                  <th scope="col">{t('console.contract.action')}</th>
                  <th scope="col">{t('console.common.status')}</th>
                  <th scope="col">{t('console.common.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {data.events.map((event) => (
                  <tr key={`${event.at}-${event.action}`}>
                    <td>{formatDateTime(event.at)}</td>
                    <td>{t(`console.connectionActions.${event.action}`)}</td>
                    <td>{t(`console.connectionStatuses.${event.toStatus}`)}</td>
                    <td>{event.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
