import type { Organisation } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, useHasRole } from '../console-ui';
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
    <section aria-labelledby="organisation-title">
      <p>
        <Link to="/console/organisations">{t('console.organisations.back')}</Link>
      </p>
      <h1 id="organisation-title">{data?.name ?? t('console.organisations.title')}</h1>
      <QueryState query={organisation} />
      {data && (
        <>
          <dl className="facts panel">
            <div>
              <dt>{t('console.organisations.registrationNumber')}</dt>
              <dd>{data.registrationNumber}</dd>
            </div>
            <div>
              <dt>{t('console.organisations.legalForm')}</dt>
              <dd>{t(`console.legalForms.${data.legalForm}`)}</dd>
            </div>
            <div>
              <dt>{t('console.organisations.feeExempt')}</dt>
              <dd data-testid="fee-exemption">
                {data.feeExempt ? t('common.yes') : t('common.no')}
                {data.feeExemptionReason ? ` — ${data.feeExemptionReason}` : ''}
              </dd>
            </div>
          </dl>
          {isAdministrator && <FeeExemptionForm organisation={data} />}
          <OrganisationHistoryPanel organisationId={data.id} />
          <OrganisationConnections organisationId={data.id} />
          {handlesMoney && <LedgerPanel organisationId={data.id} />}
          {isAdministrator && <OrganisationUsers organisationId={data.id} />}
        </>
      )}
    </section>
  );
}

/** Granting or ending the exemption is a decision with its legal ground; the API records who and when. */
function FeeExemptionForm({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      consoleApi.feeExemption(organisation.id, { feeExempt: !organisation.feeExempt, reason }),
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['console'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.organisations.feeExemption')}</h2>
      <form className="stacked" onSubmit={submit}>
        <label>
          {organisation.feeExempt
            ? t('console.organisations.endReason')
            : t('console.organisations.grantReason')}
          <input
            required
            minLength={3}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <div>
          <button type="submit" disabled={change.isPending}>
            {organisation.feeExempt
              ? t('console.organisations.endExemption')
              : t('console.organisations.grantExemption')}
          </button>
        </div>
        <ProblemMessage error={change.error} />
      </form>
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
          <table data-testid="organisation-history">
            <thead>
              <tr>
                <th scope="col">{t('console.common.when')}</th>
                <th scope="col">{t('console.contract.action')}</th>
                <th scope="col">{t('console.common.who')}</th>
                <th scope="col">{t('console.common.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.events.map((event) => (
                <tr key={`${event.at}-${event.action}`}>
                  <td>{formatDateTime(event.at)}</td>
                  <td>{t(`console.organisationActions.${event.action}`)}</td>
                  <td>{event.actorName ?? '—'}</td>
                  <td>{event.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
