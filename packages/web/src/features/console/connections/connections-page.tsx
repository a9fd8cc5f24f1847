import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, useOrganisationNames } from '../console-ui';

/** Every organisation's connections per environment; a suspended one is marked. */
export function ConnectionsPage() {
  const { t } = useTranslation();
  const connections = useQuery({
    queryKey: consoleKeys.connections,
    queryFn: () => consoleApi.connections(),
  });
  const names = useOrganisationNames();
  return (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title">{t('console.connections.title')}</h1>
      <QueryState query={connections} />
      {connections.data &&
        (connections.data.connections.length === 0 ? (
          <p>{t('console.connections.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('console.common.organisation')}</th>
                <th scope="col">{t('console.connections.environment')}</th>
                <th scope="col">{t('console.common.status')}</th>
                <th scope="col">{t('console.connections.rateLimit')}</th>
                <th scope="col">{t('console.connections.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {connections.data.connections.map((connection) => (
                <tr key={connection.id}>
                  <td>
                    <Link to={`/console/connections/${connection.id}`}>
                      {names.get(connection.organisationId) ?? connection.organisationId}
                    </Link>
                  </td>
                  <td>{t(`environments.${connection.environment}`)}</td>
                  <td>
                    <ConnectionStatus status={connection.status} />
                  </td>
                  <td>{connection.rateLimitPerMinute}</td>
                  <td>{formatDateTime(connection.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

export function ConnectionStatus({ status }: { status: 'configured' | 'active' | 'suspended' }) {
  const { t } = useTranslation();
  const tone = status === 'active' ? 'ok' : status === 'suspended' ? 'bad' : 'warn';
  return <span className={`badge ${tone}`}>{t(`console.connectionStatuses.${status}`)}</span>;
}
