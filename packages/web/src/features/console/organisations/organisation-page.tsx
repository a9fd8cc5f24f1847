import type { Organisation } from '@fpr/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Fact } from '../../../shared/ui/fact';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, ReasonForm, useHasRole } from '../console-ui';
import { HistoryTable } from '../history-table';
import { ItemPage } from '../item-page';
import { StaffUsersTable } from '../users/staff-users-page';
import { LedgerPanel } from './ledger-panel';

/** One organisation: its fee exemption, people, connections and prepaid balance, each for the roles that handle it. */
export function OrganisationPage() {
  const { t } = useTranslation();
  const { organisationId = '' } = useParams();
  const isAdministrator = useHasRole('administrator');
  const handlesMoney = useHasRole('administrator', 'accountant');
  const organisation = useQuery({
    queryKey: consoleKeys.organisation(organisationId),
    queryFn: () => consoleApi.organisation(organisationId),
  });
  const data = organisation.data;
  return (
    <ItemPage
      titleId="organisation-title"
      title={data?.name ?? t('console.organisations.title')}
      backTo="/console/organisations"
      backLabel={t('console.organisations.back')}
      query={organisation}
    >
      {data && (
        <>
          <dl className="facts panel">
            <Fact label={t('console.organisations.registrationNumber')}>{data.registrationNumber}</Fact>
            <Fact label={t('console.organisations.legalForm')}>
              {t(`console.legalForms.${data.legalForm}`)}
            </Fact>
            <Fact label={t('console.organisations.feeExempt')} testId="fee-exemption">
              {data.feeExempt ? t('common.yes') : t('common.no')}
              {data.feeExemptionReason ? ` — ${data.feeExemptionReason}` : ''}
            </Fact>
          </dl>
          {isAdministrator && <FeeExemptionForm organisation={data} />}
          <OrganisationHistoryPanel organisationId={data.id} />
          <OrganisationConnections organisationId={data.id} />
          {handlesMoney && <LedgerPanel organisationId={data.id} />}
          {isAdministrator && <OrganisationUsers organisationId={data.id} />}
        </>
      )}
    </ItemPage>
  );
}

/** Granting or ending the exemption is a decision with its legal ground; the API records who and when. */
function FeeExemptionForm({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <h2>{t('console.organisations.feeExemption')}</h2>
      <ReasonForm
        maxLength={1000}
        reasonLabel={
          organisation.feeExempt
            ? t('console.organisations.endReason')
            : t('console.organisations.grantReason')
        }
        submitLabel={
          organisation.feeExempt
            ? t('console.organisations.endExemption')
            : t('console.organisations.grantExemption')
        }
        onSubmit={(reason) =>
          consoleApi.feeExemption(organisation.id, { feeExempt: !organisation.feeExempt, reason })
        }
        invalidates={[['console']]}
      />
    </div>
  );
}

function OrganisationConnections({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const connections = useQuery({
    queryKey: [...consoleKeys.connections, organisationId],
    queryFn: () => consoleApi.connections(organisationId),
  });
  return (
    <div className="panel">
      <h2>{t('console.connections.title')}</h2>
      <QueryState query={connections} />
      {connections.data &&
        (connections.data.connections.length === 0 ? (
          <p>{t('console.connections.empty')}</p>
        ) : (
          <ul>
            {connections.data.connections.map((connection) => (
              <li key={connection.id}>
                <Link to={`/console/connections/${connection.id}`}>
                  {t(`environments.${connection.environment}`)}:{' '}
                  {t(`console.connectionStatuses.${connection.status}`)}
                </Link>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

function OrganisationUsers({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const users = useQuery({
    queryKey: ['console', 'organisation', organisationId, 'users'],
    queryFn: () => consoleApi.organisationUsers(organisationId),
  });
  return (
    <div className="panel">
      <h2>{t('console.users.organisationUsers')}</h2>
      <QueryState query={users} />
      {users.data && <StaffUsersTable users={users.data.users} />}
    </div>
  );
}

/** Registration and fee-exemption decisions: who, when and why. */
function OrganisationHistoryPanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: [...consoleKeys.organisation(organisationId), 'history'],
    queryFn: () => consoleApi.organisationHistory(organisationId),
  });
  return (
    <div className="panel">
      <h2>{t('console.organisations.history')}</h2>
      <QueryState query={history} />
      {history.data &&
        (history.data.events.length === 0 ? (
          <p>{t('console.organisations.noHistory')}</p>
        ) : (
          <HistoryTable
            testId="organisation-history"
            entries={history.data.events.map((event) => ({
              at: event.at,
              what: t(`console.organisationActions.${event.action}`),
              who: event.actorName ?? '—',
              why: event.reason,
            }))}
          />
        ))}
    </div>
  );
}
