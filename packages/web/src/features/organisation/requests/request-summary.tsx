import type { ServiceRequestInput } from '@fpr/contract';
import { useTranslation } from 'react-i18next';
import { channelLabels } from './request-labels';

/** What a request asks for, as the wizard's last step and the request page show it. */
export function RequestSummary({ request }: { request: ServiceRequestInput }) {
  const { t } = useTranslation();
  return (
    <div className="request-summary">
      <table>
        <caption>{t('portal.wizard.scopes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portal.summary.scope')}</th>
            <th scope="col">{t('portal.wizard.legalBasis')}</th>
            <th scope="col">{t('portal.wizard.purpose')}</th>
          </tr>
        </thead>
        <tbody>
          {request.scopes.map((scope) => (
            <tr key={scope.scope}>
              <th scope="row">
                {t(`scopes.${scope.scope}`)}
                {scope.fields && <small className="field-list">{scope.fields.join(', ')}</small>}
              </th>
              <td>{scope.legalBasis}</td>
              <td>{scope.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <div>
          <dt>{t('portal.wizard.channels')}</dt>
          <dd>{request.channels.map((channel) => t(channelLabels[channel])).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('portal.wizard.environments')}</dt>
          <dd>{request.environments.map((environment) => t(`environments.${environment}`)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('portal.wizard.expectedUsers')}</dt>
          <dd>{request.expectedSystemUsers}</dd>
        </div>
        <div>
          <dt>{t('portal.summary.monitoring')}</dt>
          <dd>{request.wantsMonitoring ? t('common.yes') : t('common.no')}</dd>
        </div>
        <div>
          <dt>{t('portal.summary.contacts')}</dt>
          <dd>
            {request.contactPersons
              .map((person) => [person.name, person.email, person.phone].filter(Boolean).join(', '))
              .join('; ')}
          </dd>
        </div>
      </dl>
    </div>
  );
}
