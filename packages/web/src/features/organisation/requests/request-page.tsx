import type { RequestMessage, ServiceRequestDetail } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { msg } from '../../../shared/i18n/message';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { contractsApi, contractsQueryKey } from '../contracts/contracts-api';
import { Deadline } from './deadline';
import { requestStatusLabels } from './request-labels';
import { RequestSummary } from './request-summary';
import { requestQueryKey, requestsApi, requestsQueryKey } from './requests-api';

const closedStatuses = new Set(['active', 'rejected', 'withdrawn']);

const messageKindLabels: Record<RequestMessage['kind'], string> = {
  clarificationRequest: msg('portal.request.messageKinds.clarificationRequest'),
  clarificationAnswer: msg('portal.request.messageKinds.clarificationAnswer'),
  note: msg('portal.request.messageKinds.note'),
};

/** One request: its status and deadline, what it asks for, the messages with PMLP, and its contract. */
export function RequestPage() {
  const { t } = useTranslation();
  const requestId = useParams().requestId ?? '';
  const request = useQuery({
    queryKey: requestQueryKey(requestId),
    queryFn: () => requestsApi.read(requestId),
  });
  if (request.isPending) return <p className="loading">{t('common.loading')}</p>;
  if (request.isError) return <ProblemMessage error={request.error} />;
  const detail = request.data;
  return (
    <section aria-labelledby="request-title" className="request-page">
      <p>
        <Link to="/organisation/requests">{t('portal.request.backToList')}</Link>
      </p>
      <h1 id="request-title">{detail.title}</h1>
      <StatusLine request={detail} />
      {detail.status === 'clarification_requested' && <ClarificationAnswer request={detail} />}
      <ContractLink requestId={detail.id} />
      {detail.status === 'draft' && <DraftActions request={detail} />}
      <h2>{t('portal.request.asked')}</h2>
      <RequestSummary request={detail} />
      <Messages request={detail} />
      <History request={detail} />
      {!closedStatuses.has(detail.status) && <Withdraw request={detail} />}
    </section>
  );
}

function StatusLine({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  return (
    <dl className="facts status-line">
      <div>
        <dt>{t('portal.requests.status')}</dt>
        <dd data-testid="request-status">
          <strong>{t(requestStatusLabels[request.status])}</strong>
        </dd>
      </div>
      <div>
        <dt>{t('portal.requests.submittedAt')}</dt>
        <dd>{request.submittedAt ? formatDateTime(request.submittedAt) : '—'}</dd>
      </div>
      <div>
        <dt>{t('portal.requests.deadline')}</dt>
        <dd>
          <Deadline request={request} />
        </dd>
      </div>
      {request.pausedWorkingDays > 0 && (
        <div>
          <dt>{t('portal.request.paused')}</dt>
          <dd>{request.pausedWorkingDays}</dd>
        </div>
      )}
    </dl>
  );
}

function useRefresh(requestId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: requestQueryKey(requestId) });
    await queryClient.invalidateQueries({ queryKey: requestsQueryKey, exact: true });
  };
}

/** PMLP asked a question: the answer returns the request to review and restarts the deadline clock. */
function ClarificationAnswer({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  const refresh = useRefresh(request.id);
  const [body, setBody] = useState('');
  const question = request.messages.findLast((message) => message.kind === 'clarificationRequest');
  const answer = useMutation({
    mutationFn: () => requestsApi.writeMessage(request.id, { body: body.trim() }),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    answer.mutate();
  };
  return (
    <section aria-labelledby="clarification-title" className="clarification">
      <h2 id="clarification-title">{t('portal.request.clarificationTitle')}</h2>
      {question && <blockquote className="message-body">{question.body}</blockquote>}
      <form onSubmit={submit} className="stacked">
        <label>
          {t('portal.request.answer')}
          <textarea
            required
            maxLength={5000}
            rows={4}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        </label>
        <ProblemMessage error={answer.error} />
        <button type="submit" className="primary" disabled={answer.isPending || body.trim() === ''}>
          {t('portal.request.sendAnswer')}
        </button>
      </form>
    </section>
  );
}

function ContractLink({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const contracts = useQuery({ queryKey: contractsQueryKey, queryFn: contractsApi.list });
  const contract = contracts.data?.contracts.find((candidate) => candidate.requestId === requestId);
  if (!contract) return null;
  return (
    <p className="notice">
      <Link to={`/organisation/contracts/${contract.id}`}>
        {t('portal.request.contractLink', { version: contract.latestVersion })}
      </Link>
    </p>
  );
}

function DraftActions({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  const refresh = useRefresh(request.id);
  const submit = useMutation({ mutationFn: () => requestsApi.submit(request.id), onSuccess: refresh });
  return (
    <div className="page-actions">
      <Link className="button" to={`/organisation/requests/${request.id}/edit`}>
        {t('portal.request.edit')}
      </Link>
      <button type="button" className="primary" disabled={submit.isPending} onClick={() => submit.mutate()}>
        {t('portal.wizard.submit')}
      </button>
      <ProblemMessage error={submit.error} />
    </div>
  );
}

function Messages({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{t('portal.request.messages')}</h2>
      {request.messages.length === 0 ? (
        <p>{t('portal.request.noMessages')}</p>
      ) : (
        <ol className="messages">
          {request.messages.map((message) => (
            <li key={message.id} className={`message side-${message.author.side}`}>
              <p className="message-meta">
                <strong>{t(messageKindLabels[message.kind])}</strong> · {message.author.displayName} ·{' '}
                {formatDateTime(message.at)}
              </p>
              <p className="message-body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function History({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('portal.request.history')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('portal.request.when')}</th>
            <th scope="col">{t('portal.requests.status')}</th>
            <th scope="col">{t('portal.request.who')}</th>
            <th scope="col">{t('portal.request.note')}</th>
          </tr>
        </thead>
        <tbody>
          {request.history.map((entry) => (
            <tr key={`${entry.at}:${entry.toStatus}`}>
              <td>{formatDateTime(entry.at)}</td>
              <td>{t(requestStatusLabels[entry.toStatus])}</td>
              <td>{entry.actor.displayName}</td>
              <td>{entry.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Withdraw({ request }: { request: ServiceRequestDetail }) {
  const { t } = useTranslation();
  const refresh = useRefresh(request.id);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => requestsApi.withdraw(request.id, { reason: reason.trim() }),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    withdraw.mutate();
  };
  return (
    <details className="withdraw">
      <summary>{t('portal.request.withdraw')}</summary>
      <form onSubmit={submit} className="inline-form">
        <label>
          {t('portal.request.withdrawReason')}
          <input
            required
            minLength={3}
            maxLength={1000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <button type="submit" disabled={withdraw.isPending}>
          {t('portal.request.withdrawConfirm')}
        </button>
        <ProblemMessage error={withdraw.error} />
      </form>
    </details>
  );
}
