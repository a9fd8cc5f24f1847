import type { ServiceRequestDetail } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDate } from '../../../shared/format/format';
import { ActionButton } from '../../../shared/ui/action-button';
import { Fact } from '../../../shared/ui/fact';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, ReasonForm, useOrganisationNames } from '../console-ui';
import { contractTemplate } from '../contracts/contract-template';
import { ContractTextForm } from '../contracts/contract-text-form';
import { HistoryTable } from '../history-table';
import { ItemPage } from '../item-page';
import { MessageList } from '../message-list';
import { DaysLeft } from './queue-page';

/** Statuses in which PMLP still owes the organisation an answer. */
const openForDecision = new Set(['submitted', 'in_review']);

/** One request under review: what is asked and why, the deadline, the conversation and the decisions. */
export function RequestPage() {
  const { t } = useTranslation();
  const { requestId = '' } = useParams();
  const request = useQuery({
    queryKey: consoleKeys.request(requestId),
    queryFn: () => consoleApi.request(requestId),
  });
  const names = useOrganisationNames();
  const data = request.data;
  return (
    <ItemPage
      titleId="request-title"
      title={data ? data.title : t('console.request.title')}
      backTo="/console/queue"
      backLabel={t('console.request.backToQueue')}
      query={request}
    >
      {data && (
        <>
          <dl className="facts panel">
            <Fact label={t('console.common.organisation')}>{names.get(data.organisationId) ?? '—'}</Fact>
            <Fact label={t('console.common.status')}>{t(`console.requestStatuses.${data.status}`)}</Fact>
            <Fact label={t('console.queue.deadline')}>
              {formatDate(data.deadline)} (<DaysLeft request={data} />)
            </Fact>
            <Fact label={t('console.request.channels')}>
              {data.channels.map((channel) => t(`console.channels.${channel}`)).join(', ')}
            </Fact>
            <Fact label={t('console.request.environments')}>
              {data.environments.map((environment) => t(`environments.${environment}`)).join(', ')}
            </Fact>
            <Fact label={t('console.request.expectedSystemUsers')}>{data.expectedSystemUsers}</Fact>
            <Fact label={t('console.request.monitoring')}>
              {data.wantsMonitoring ? t('common.yes') : t('common.no')}
            </Fact>
            <Fact label={t('console.request.contactPersons')}>
              {data.contactPersons.map((person) => `${person.name} <${person.email}>`).join('; ')}
            </Fact>
          </dl>
          <ScopesTable request={data} />
          <Decisions request={data} />
          <Messages request={data} />
          <History request={data} />
        </>
      )}
    </ItemPage>
  );
}

function ScopesTable({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <h2>{t('console.request.scopes')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('console.request.scope')}</th>
            <th scope="col">{t('console.common.legalBasis')}</th>
            <th scope="col">{t('console.common.purpose')}</th>
          </tr>
        </thead>
        <tbody>
          {request.scopes.map((scope) => (
            <tr key={scope.scope}>
              <td>
                {t(`scopes.${scope.scope}`)}
                {scope.fields && <small> ({scope.fields.join(', ')})</small>}
              </td>
              <td>{scope.legalBasis}</td>
              <td>{scope.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Decisions({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: consoleKeys.request(request.id) }),
      queryClient.invalidateQueries({ queryKey: consoleKeys.queue }),
    ]);
  const startReview = useMutation({
    mutationFn: () => consoleApi.startReview(request.id),
    onSuccess: refresh,
  });
  const invalidates = [consoleKeys.request(request.id), consoleKeys.queue];
  if (request.status === 'clarification_requested')
    return <p className="notice">{t('console.request.waitingForAnswer')}</p>;
  if (!openForDecision.has(request.status)) return <ContractLink requestId={request.id} />;
  return (
    <div className="panels">
      {request.status === 'submitted' && (
        <div className="panel">
          <h2>{t('console.request.review')}</h2>
          <p>{t('console.request.reviewHelp')}</p>
          <ActionButton action={startReview}>{t('console.request.startReview')}</ActionButton>
        </div>
      )}
      {request.status === 'in_review' && (
        <>
          <div className="panel">
            <h2>{t('console.request.clarification')}</h2>
            <ReasonForm
              multiline
              reasonLabel={t('console.request.clarificationMessage')}
              submitLabel={t('console.request.askClarification')}
              onSubmit={(message) => consoleApi.askClarification(request.id, { message })}
              invalidates={invalidates}
            />
          </div>
          <DraftContract request={request} />
        </>
      )}
      <div className="panel">
        <h2>{t('console.request.rejectTitle')}</h2>
        <ReasonForm
          multiline
          reasonLabel={t('console.request.rejectReason')}
          submitLabel={t('console.request.reject')}
          onSubmit={(reason) => consoleApi.reject(request.id, { reason })}
          invalidates={invalidates}
        />
      </div>
    </div>
  );
}

/** Approval of the request is the start of its contract: version 1 of the text, drafted here. */
function DraftContract({ request }: { request: ServiceRequestDetail }) {
  const organisation = useQuery({
    queryKey: consoleKeys.organisation(request.organisationId),
    queryFn: () => consoleApi.organisation(request.organisationId),
  });
  // The draft starts from a template naming the organisation, so it waits for the name.
  if (!organisation.data) return <QueryState query={organisation} />;
  return <DraftContractForm request={request} organisationName={organisation.data.name} />;
}

function DraftContractForm({
  request,
  organisationName,
}: {
  request: ServiceRequestDetail;
  organisationName: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [text, setText] = useState(() => contractTemplate(request, organisationName));
  const draft = useMutation({
    mutationFn: () => consoleApi.startContract(request.id, text),
    onSuccess: async (contract) => {
      await queryClient.invalidateQueries({ queryKey: ['console'] });
      await navigate(`/console/contracts/${contract.id}`);
    },
  });
  return (
    <div className="panel">
      <h2>{t('console.request.draftContract')}</h2>
      <ContractTextForm
        text={text}
        onTextChange={setText}
        onSubmit={() => draft.mutate()}
        submitLabel={t('console.request.startContract')}
        canSubmit={!draft.isPending}
        isPrimary
        error={draft.error}
      />
    </div>
  );
}

function ContractLink({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const contracts = useQuery({ queryKey: consoleKeys.contracts, queryFn: consoleApi.contracts });
  const contract = contracts.data?.contracts.find((candidate) => candidate.requestId === requestId);
  if (!contract) return null;
  return (
    <p>
      <Link to={`/console/contracts/${contract.id}`}>{t('console.request.openContract')}</Link>
    </p>
  );
}

function Messages({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <h2>{t('console.request.messages')}</h2>
      <MessageList
        messages={request.messages.map((message) => ({
          ...message,
          side: message.author.side,
          by: `${t(`console.messageKinds.${message.kind}`)} · ${message.author.displayName}`,
        }))}
        empty={t('console.request.noMessages')}
      />
    </div>
  );
}

function History({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  const entries = request.history.map((entry) => ({
    at: entry.at,
    what: t(`console.requestStatuses.${entry.toStatus}`),
    who: entry.actor.displayName,
    why: entry.note,
  }));
  return (
    <div className="panel">
      <h2>{t('console.common.history')}</h2>
      <HistoryTable
        entries={entries}
        whatHeading={t('console.common.status')}
        whyHeading={t('console.common.note')}
      />
    </div>
  );
}
