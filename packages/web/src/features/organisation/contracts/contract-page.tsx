import type { ContractDetail, ContractSide } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/format/format';
import { msg } from '../../../shared/i18n/message';
import { ConfirmDialog } from '../../../shared/ui/confirm-dialog';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { contractStatusLabels } from '../requests/request-labels';
import { ContractDiffView } from './contract-diff-view';
import { contractQueryKey, contractsApi } from './contracts-api';

const sideLabels: Record<ContractSide, string> = {
  organisation: msg('portal.contract.sides.organisation'),
  pmlp: msg('portal.contract.sides.pmlp'),
};

/** The contract negotiation: versions of the text, a side-by-side comparison, comments and approval. */
export function ContractPage() {
  const { t } = useTranslation();
  const contractId = useParams().contractId ?? '';
  const contract = useQuery({
    queryKey: contractQueryKey(contractId),
    queryFn: () => contractsApi.read(contractId),
  });
  if (contract.isPending) return <p className="loading">{t('common.loading')}</p>;
  if (contract.isError) return <ProblemMessage error={contract.error} />;
  const detail = contract.data;
  return (
    <section aria-labelledby="contract-title" className="contract-page">
      <p>
        <Link to={`/organisation/requests/${detail.requestId}`}>{t('portal.contract.backToRequest')}</Link>
      </p>
      <h1 id="contract-title">{t('portal.contract.title', { organisation: detail.organisationName })}</h1>
      <dl className="facts status-line">
        <div>
          <dt>{t('portal.requests.status')}</dt>
          <dd data-testid="contract-status">
            <strong>{t(contractStatusLabels[detail.status])}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('portal.contract.latest')}</dt>
          <dd>{detail.latestVersion}</dd>
        </div>
        <div>
          <dt>{t('portal.contract.agreed')}</dt>
          <dd>{detail.agreedVersion ?? '—'}</dd>
        </div>
      </dl>
      <Versions contract={detail} />
      {detail.status === 'drafting' && <Approval contract={detail} />}
      <VersionReader contract={detail} />
      {detail.latestVersion > 1 && <Comparison contract={detail} />}
    </section>
  );
}

function approvalsOf(contract: ContractDetail, version: number) {
  return contract.approvals.filter((approval) => approval.version === version);
}

function Versions({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  return (
    <table className="versions">
      <caption>{t('portal.contract.versions')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('portal.contract.version')}</th>
          <th scope="col">{t('portal.contract.author')}</th>
          <th scope="col">{t('portal.request.when')}</th>
          <th scope="col">{t('portal.contract.comments')}</th>
          <th scope="col">{t('portal.contract.approvals')}</th>
        </tr>
      </thead>
      <tbody>
        {[...contract.versions].reverse().map((version) => (
          <tr key={version.number}>
            <td>{version.number}</td>
            <td>{version.authorName}</td>
            <td>{formatDateTime(version.createdAt)}</td>
            <td>{version.commentCount}</td>
            <td>
              {approvalsOf(contract, version.number)
                .map((approval) => `${t(sideLabels[approval.side])} (${approval.approvedByName})`)
                .join(', ') || '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Approving names the exact text (number and hash); PMLP's approval of the same version agrees it. */
function Approval({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [isAsking, setIsAsking] = useState(false);
  const latest = contract.versions.find((version) => version.number === contract.latestVersion);
  const approve = useMutation({
    mutationFn: () =>
      contractsApi.approve(contract.id, {
        version: contract.latestVersion,
        textHash: latest?.textHash ?? '',
      }),
    onSuccess: (updated) => queryClient.setQueryData(contractQueryKey(contract.id), updated),
    onSettled: () => setIsAsking(false),
  });
  if (!latest) return null;
  const sides = approvalsOf(contract, latest.number).map((approval) => approval.side);
  const hasApproved = sides.includes('organisation');
  return (
    <section aria-labelledby="approval-title" className="approval">
      <h2 id="approval-title">{t('portal.contract.approvalTitle')}</h2>
      {hasApproved ? (
        <p className="notice" role="status">
          {t(
            sides.includes('pmlp')
              ? msg('portal.contract.bothApproved')
              : msg('portal.contract.waitingForPmlp'),
            {
              number: latest.number,
            },
          )}
        </p>
      ) : (
        <>
          <p>
            {t('portal.contract.approvalHint', { number: latest.number, hash: latest.textHash.slice(0, 12) })}
          </p>
          <button type="button" className="primary" onClick={() => setIsAsking(true)}>
            {t('portal.contract.approve', { number: latest.number })}
          </button>
        </>
      )}
      <ProblemMessage error={approve.error} />
      {isAsking && (
        <ConfirmDialog
          title={t('portal.contract.confirmTitle')}
          confirmLabel={t('portal.contract.approve', { number: latest.number })}
          onConfirm={() => approve.mutate()}
          onCancel={() => setIsAsking(false)}
        >
          <p>{t('portal.contract.confirmText', { number: latest.number })}</p>
          <p>
            {t('portal.contract.hash')}: <code className="hash">{latest.textHash}</code>
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** One version's text and its comments; while drafting, a comment on it. */
function VersionReader({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState(contract.latestVersion);
  const version = useQuery({
    queryKey: [...contractQueryKey(contract.id), 'version', number],
    queryFn: () => contractsApi.version(contract.id, number),
  });
  return (
    <section aria-labelledby="reader-title">
      <h2 id="reader-title">{t('portal.contract.text')}</h2>
      <div className="inline-form">
        <label htmlFor="reader-version">{t('portal.contract.showVersion')}</label>
        <VersionSelect id="reader-version" contract={contract} value={number} onChange={setNumber} />
      </div>
      <ProblemMessage error={version.error} />
      {version.data && (
        <>
          <p className="hint">
            {t('portal.contract.hash')}: <code className="hash">{version.data.textHash}</code>
          </p>
          <section
            className="contract-text"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls takes focus so the keyboard can scroll it
            tabIndex={0}
            aria-label={t('portal.contract.versionN', { number })}
          >
            <pre data-testid="contract-text">{version.data.text}</pre>
          </section>
          <h3>{t('portal.contract.commentsOn', { number })}</h3>
          {version.data.comments.length === 0 ? (
            <p>{t('portal.contract.noComments')}</p>
          ) : (
            <ol className="messages">
              {version.data.comments.map((comment) => (
                <li key={comment.id} className={`message side-${comment.side}`}>
                  <p className="message-meta">
                    <strong>{comment.authorName}</strong> ({t(sideLabels[comment.side])}) ·{' '}
                    {formatDateTime(comment.at)}
                  </p>
                  <p className="message-body">{comment.body}</p>
                </li>
              ))}
            </ol>
          )}
          {contract.status === 'drafting' && <CommentForm contractId={contract.id} number={number} />}
        </>
      )}
    </section>
  );
}

function CommentForm({ contractId, number }: { contractId: string; number: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const comment = useMutation({
    mutationFn: () => contractsApi.comment(contractId, number, { body: body.trim() }),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey: contractQueryKey(contractId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    comment.mutate();
  };
  return (
    <form onSubmit={submit} className="stacked">
      <label>
        {t('portal.contract.comment', { number })}
        <textarea
          required
          maxLength={5000}
          rows={3}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
      </label>
      <ProblemMessage error={comment.error} />
      <button type="submit" disabled={comment.isPending || body.trim() === ''}>
        {t('portal.contract.sendComment')}
      </button>
    </form>
  );
}

function VersionSelect({
  contract,
  value,
  onChange,
  id,
}: {
  contract: ContractDetail;
  value: number;
  onChange: (number: number) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
      {[...contract.versions].reverse().map((version) => (
        <option key={version.number} value={version.number}>
          {t('portal.contract.versionN', { number: version.number })}
        </option>
      ))}
    </select>
  );
}

function Comparison({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(contract.latestVersion - 1);
  const [to, setTo] = useState(contract.latestVersion);
  return (
    <section aria-labelledby="comparison-title">
      <h2 id="comparison-title">{t('portal.contract.compare')}</h2>
      <div className="inline-form">
        <label htmlFor="compare-from">{t('portal.contract.older')}</label>
        <VersionSelect id="compare-from" contract={contract} value={from} onChange={setFrom} />
        <label htmlFor="compare-to">{t('portal.contract.newer')}</label>
        <VersionSelect id="compare-to" contract={contract} value={to} onChange={setTo} />
      </div>
      <ContractDiffView contractId={contract.id} from={from} to={to} />
    </section>
  );
}
