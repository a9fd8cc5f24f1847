import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { Fact } from '../../../shared/ui/fact';
import { consoleApi, consoleKeys } from '../console-api';
import { ReasonForm, useHasRole, useOrganisationNames } from '../console-ui';
import { ItemPage } from '../item-page';
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
    <ItemPage
      titleId="connection-title"
      title={t('console.connections.one')}
      backTo="/console/connections"
      backLabel={t('console.connections.back')}
      query={connection}
    >
      {data && (
        <>
          <dl className="facts panel">
            <Fact label={t('console.common.organisation')}>
              <Link to={`/console/organisations/${data.organisationId}`}>
                {names.get(data.organisationId) ?? data.organisationId}
              </Link>
            </Fact>
            <Fact label={t('console.connections.environment')}>{t(`environments.${data.environment}`)}</Fact>
            <Fact label={t('console.common.status')} testId="connection-status">
              <ConnectionStatus status={data.status} />
            </Fact>
            <Fact label={t('console.connections.rateLimit')}>{data.rateLimitPerMinute}</Fact>
            <Fact label={t('console.connections.ipAllowList')}>
              {data.ipAllowList.length === 0
                ? t('console.connections.anyAddress')
                : data.ipAllowList.join(', ')}
            </Fact>
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
    </ItemPage>
  );
}
