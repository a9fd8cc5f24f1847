import type { ServiceRequestDetail } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, ReasonForm, useOrganisationNames } from '../console-ui';
import { contractTemplate } from '../contracts/contract-template';
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
    <section aria-labelledby="request-title">
      <p>
        <Link to="/console/queue">{t('console.request.backToQueue')}</Link>
      </p>
      <h1 id="request-title">{data ? data.title : t('console.request.title')}</h1>
      <QueryState query={request} />
      {data && (
        <>
          <dl className="facts panel">
            <div>
              <dt>{t('console.common.organisation')}</dt>
              <dd>{names.get(data.organisationId) ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('console.common.status')}</dt>
              <dd>{t(`console.requestStatuses.${data.status}`)}</dd>
            </div>
            <div>
              <dt>{t('console.queue.deadline')}</dt>
              <dd>
                {formatDate(data.deadline)} (<DaysLeft request={data} />)
              </dd>
            </div>
            <div>
              <dt>{t('console.request.channels')}</dt>
              <dd>{data.channels.map((channel) => t(`console.channels.${channel}`)).join(', ')}</dd>
            </div>
            <div>
              <dt>{t('console.request.environments')}</dt>
              <dd>{data.environments.map((environment) => t(`environments.${environment}`)).join(', ')}</dd>
            </div>
            <div>
              <dt>{t('console.request.expectedSystemUsers')}</dt>
              <dd>{data.expectedSystemUsers}</dd>
            </div>
            <div>
              <dt>{t('console.request.monitoring')}</dt>
              <dd>{data.wantsMonitoring ? t('common.yes') : t('common.no')}</dd>
            </div>
            <div>
              <dt>{t('console.request.contactPersons')}</dt>
              <dd>{data.contactPersons.map((person) => `${person.name} <${person.email}>`).join('; ')}</dd>
            </div>
          </dl>
          <ScopesTable request={data} />
          <Decisions request={data} />
          <Messages request={data} />
          <History request={data} />
        </>
      )}
    </section>
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
          <button
            type="button"
            className="primary"
            onClick={() => startReview.mutate()}
            disabled={startReview.isPending}
          >
            {t('console.request.startReview')}
          </button>
          <ProblemMessage error={startReview.error} />
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    draft.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.request.draftContract')}</h2>
      <form className="stacked wide" onSubmit={submit}>
        <label>
          {t('console.contract.text')}
          <textarea
            className="contract-text"
            required
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <div>
          <button type="submit" className="primary" disabled={draft.isPending}>
            {t('console.request.startContract')}
          </button>
        </div>
        <ProblemMessage error={draft.error} />
      </form>
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
      {request.messages.length === 0 ? (
        <p>{t('console.request.noMessages')}</p>
      ) : (
        <ul className="messages">
          {request.messages.map((message) => (
            <li key={message.id} className={message.author.side}>
              <div className="meta">
                {t(`console.messageKinds.${message.kind}`)} · {message.author.displayName} ·{' '}
                {formatDateTime(message.at)}
              </div>
              <div>{message.body}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function History({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <h2>{t('console.common.history')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('console.common.when')}</th>
            <th scope="col">{t('console.common.status')}</th>
            <th scope="col">{t('console.common.who')}</th>
            <th scope="col">{t('console.common.note')}</th>
          </tr>
        </thead>
        <tbody>
          {request.history.map((entry) => (
            <tr key={`${entry.at}-${entry.toStatus}`}>
              <td>{formatDateTime(entry.at)}</td>
              <td>{t(`console.requestStatuses.${entry.toStatus}`)}</td>
              <td>{entry.actor.displayName}</td>
              <td>{entry.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
