import { type ConnectionStatus, type Environment, environments } from '@fpr/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../shared/format/format';
import { msg } from '../../../shared/i18n/message';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { channelLabels } from '../requests/request-labels';
import { connectionsApi, connectionsQueryKey, purposesQueryKey } from './connections-api';

const statusLabels: Record<ConnectionStatus, string> = {
  configured: msg('portal.connections.status.configured'),
  active: msg('portal.connections.status.active'),
  suspended: msg('portal.connections.status.suspended'),
};

/** The connection of each environment (PMLP sets them up) and the purposes the contracts grant. */
export function ConnectionsPage() {
  const { t } = useTranslation();
  const connections = useQuery({ queryKey: connectionsQueryKey, queryFn: connectionsApi.list });
  const byEnvironment = (environment: Environment) =>
    connections.data?.connections.find((connection) => connection.environment === environment);
  return (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title">{t('portal.connections.title')}</h1>
      <ProblemMessage error={connections.error} />
      {connections.isPending && <p className="loading">{t('common.loading')}</p>}
      {connections.data && (
        <div className="cards">
          {environments.map((environment) => {
            const connection = byEnvironment(environment);
            return (
              <article
                key={environment}
                className="card-section"
                aria-labelledby={`connection-${environment}`}
              >
                <h2 id={`connection-${environment}`}>{t(`environments.${environment}`)}</h2>
                {connection ? (
                  <dl className="facts">
                    <div>
                      <dt>{t('portal.requests.status')}</dt>
                      <dd>
                        <span className={`badge connection-${connection.status}`}>
                          {t(statusLabels[connection.status])}
                        </span>
                      </dd>
                    </div>
                    <div>
                      <dt>{t('portal.connections.allowList')}</dt>
                      <dd>
                        {connection.ipAllowList.length === 0
                          ? t('portal.connections.anyAddress')
                          : connection.ipAllowList.join(', ')}
                      </dd>
                    </div>
                    <div>
                      <dt>{t('portal.connections.rateLimit')}</dt>
                      <dd>{t('portal.connections.perMinute', { count: connection.rateLimitPerMinute })}</dd>
                    </div>
                    <div>
                      <dt>{t('portal.connections.changed')}</dt>
                      <dd>{formatDateTime(connection.updatedAt)}</dd>
                    </div>
                  </dl>
                ) : (
                  <p>{t('portal.connections.none')}</p>
                )}
              </article>
            );
          })}
        </div>
      )}
      <Purposes />
    </section>
  );
}

function Purposes() {
  const { t } = useTranslation();
  const purposes = useQuery({ queryKey: purposesQueryKey, queryFn: connectionsApi.purposes });
  return (
    <section aria-labelledby="purposes-title">
      <h2 id="purposes-title">{t('portal.connections.purposes')}</h2>
      <ProblemMessage error={purposes.error} />
      {purposes.data?.purposes.length === 0 && <p>{t('portal.connections.noPurposes')}</p>}
      {purposes.data && purposes.data.purposes.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('portal.wizard.purpose')}</th>
              <th scope="col">{t('portal.summary.scope')}</th>
              <th scope="col">{t('portal.wizard.channels')}</th>
              <th scope="col">{t('portal.wizard.environments')}</th>
              <th scope="col">{t('portal.connections.validity')}</th>
            </tr>
          </thead>
          <tbody>
            {purposes.data.purposes.map((purpose) => (
              <tr key={purpose.id}>
                <td>
                  {purpose.purpose}
                  <small className="field-list">{purpose.legalBasis}</small>
                </td>
                <td>
                  {[...purpose.scopes.map((scope) => t(`scopes.${scope}`)), ...purpose.fields].join(', ')}
                </td>
                <td>{purpose.channels.map((channel) => t(channelLabels[channel])).join(', ')}</td>
                <td>
                  {purpose.environments.map((environment) => t(`environments.${environment}`)).join(', ')}
                </td>
                <td>
                  {formatDate(purpose.validFrom)} – {purpose.validTo ? formatDate(purpose.validTo) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
