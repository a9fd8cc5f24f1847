import type { ContractDetail, ContractSide } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, ReasonForm } from '../console-ui';
import { ActivationForm } from './activation-form';
import { VersionDiff } from './version-diff';

/** A contract under negotiation or in force: its versions, comments, approvals, purposes and history. */
export function ContractPage() {
  const { t } = useTranslation();
  const { contractId = '' } = useParams();
  const contract = useQuery({
    queryKey: consoleKeys.contract(contractId),
    queryFn: () => consoleApi.contract(contractId),
  });
  const data = contract.data;
  return (
    <section aria-labelledby="contract-title">
      <p>
        <Link to="/console/contracts">{t('console.contract.backToContracts')}</Link>
      </p>
      <h1 id="contract-title">
        {t('console.contract.title')}
        {data ? `: ${data.organisationName}` : ''}
      </h1>
      <QueryState query={contract} />
      {data && (
        <>
          <dl className="facts panel">
            <div>
              <dt>{t('console.common.status')}</dt>
              <dd data-testid="contract-status">{t(`console.contractStatuses.${data.status}`)}</dd>
            </div>
            <div>
              <dt>{t('console.contracts.latestVersion')}</dt>
              <dd>{data.latestVersion}</dd>
            </div>
            <div>
              <dt>{t('console.contracts.agreedVersion')}</dt>
              <dd>{data.agreedVersion ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('console.contract.request')}</dt>
              <dd>
                <Link to={`/console/requests/${data.requestId}`}>{t('console.contract.openRequest')}</Link>
              </dd>
            </div>
          </dl>
          <Versions contract={data} />
          {data.status === 'drafting' && <Approval contract={data} />}
          {data.status === 'drafting' && <NewVersion contract={data} />}
          {data.versions.length > 1 && <VersionDiff contract={data} />}
          {data.status === 'agreed' && <ActivationForm contract={data} />}
          {data.purposes.length > 0 && <Purposes contract={data} />}
          <ContractHistory contract={data} />
        </>
      )}
    </section>
  );
}

function approvalOf(contract: ContractDetail, version: number, side: ContractSide) {
  return contract.approvals.find((approval) => approval.version === version && approval.side === side);
}

function Versions({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  // Until one is picked, the newest version is shown, also after a new one is published.
  const [picked, setPicked] = useState<number | null>(null);
  const shown = picked ?? contract.latestVersion;
  return (
    <div className="panel">
      <h2>{t('console.contract.versions')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('console.contract.version')}</th>
            <th scope="col">{t('console.contract.author')}</th>
            <th scope="col">{t('console.common.when')}</th>
            <th scope="col">{t('console.contract.comments')}</th>
            <th scope="col">{t('console.contract.approvedBy')}</th>
            <th scope="col">{t('console.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {contract.versions.map((version) => (
            <tr key={version.number}>
              <td>{version.number}</td>
              <td>{version.authorName}</td>
              <td>{formatDateTime(version.createdAt)}</td>
              <td>{version.commentCount}</td>
              <td>
                {(['pmlp', 'organisation'] as const)
                  .filter((side) => approvalOf(contract, version.number, side))
                  .map((side) => t(`console.contract.sides.${side}`))
                  .join(', ') || '—'}
              </td>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-pressed={shown === version.number}
                  onClick={() => setPicked(version.number)}
                >
                  {t('console.contract.showVersion', { number: version.number })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <VersionText contractId={contract.id} number={shown} />
    </div>
  );
}

function VersionText({ contractId, number }: { contractId: string; number: number }) {
  const { t } = useTranslation();
  const version = useQuery({
    queryKey: [...consoleKeys.contract(contractId), 'version', number],
    queryFn: () => consoleApi.version(contractId, number),
  });
  return (
    <div>
      <h3>{t('console.contract.versionNumber', { number })}</h3>
      <QueryState query={version} />
      {version.data && (
        <>
          <pre className="markdown-text" data-testid="version-text">
            {version.data.text}
          </pre>
          <h4>{t('console.contract.comments')}</h4>
          {version.data.comments.length === 0 ? (
            <p>{t('console.contract.noComments')}</p>
          ) : (
            <ul className="messages">
              {version.data.comments.map((comment) => (
                <li key={comment.id} className={comment.side}>
                  <div className="meta">
                    {comment.authorName} ({t(`console.contract.sides.${comment.side}`)}) ·{' '}
                    {formatDateTime(comment.at)}
                  </div>
                  <div>{comment.body}</div>
                </li>
              ))}
            </ul>
          )}
          <ReasonForm
            multiline
            minLength={1}
            reasonLabel={t('console.contract.commentLabel', { number })}
            submitLabel={t('console.contract.addComment')}
            onSubmit={(body) => consoleApi.comment(contractId, number, body)}
            invalidates={[consoleKeys.contract(contractId)]}
          />
        </>
      )}
    </div>
  );
}

/** PMLP approves one exact version, named by number and hash, so it never approves a text it did not see. */
function Approval({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const latest = contract.versions.find((version) => version.number === contract.latestVersion);
  const approve = useMutation({
    mutationFn: () =>
      consoleApi.approve(contract.id, { version: contract.latestVersion, textHash: latest?.textHash ?? '' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['console'] }),
  });
  const pmlp = approvalOf(contract, contract.latestVersion, 'pmlp');
  const organisation = approvalOf(contract, contract.latestVersion, 'organisation');
  return (
    <div className="panel">
      <h2>{t('console.contract.approval')}</h2>
      <ul>
        <li>
          {t('console.contract.sides.pmlp')}:{' '}
          {pmlp
            ? t('console.contract.approvedOn', {
                name: pmlp.approvedByName,
                at: formatDateTime(pmlp.approvedAt),
              })
            : t('console.contract.notApproved')}
        </li>
        <li>
          {t('console.contract.sides.organisation')}:{' '}
          {organisation
            ? t('console.contract.approvedOn', {
                name: organisation.approvedByName,
                at: formatDateTime(organisation.approvedAt),
              })
            : t('console.contract.notApproved')}
        </li>
      </ul>
      {!pmlp && (
        <button
          type="button"
          className="primary"
          onClick={() => approve.mutate()}
          disabled={approve.isPending}
        >
          {t('console.contract.approveVersion', { number: contract.latestVersion })}
        </button>
      )}
      <ProblemMessage error={approve.error} />
    </div>
  );
}

function NewVersion({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const latest = useQuery({
    queryKey: [...consoleKeys.contract(contract.id), 'version', contract.latestVersion],
    queryFn: () => consoleApi.version(contract.id, contract.latestVersion),
  });
  const [text, setText] = useState<string | null>(null);
  const value = text ?? latest.data?.text ?? '';
  const isLoaded = latest.data !== undefined;
  const publish = useMutation({
    mutationFn: () => consoleApi.publishVersion(contract.id, value),
    onSuccess: async () => {
      setText(null);
      await queryClient.invalidateQueries({ queryKey: consoleKeys.contract(contract.id) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.contract.newVersion')}</h2>
      <p>{t('console.contract.newVersionHelp')}</p>
      <QueryState query={latest} />
      {/* The form waits for the latest text: an edit typed before it arrives would replace it. */}
      {isLoaded && (
        <form className="stacked wide" onSubmit={submit}>
          <label>
            {t('console.contract.text')}
            <textarea
              className="contract-text"
              required
              value={value}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <div>
            <button type="submit" disabled={publish.isPending || text === null}>
              {t('console.contract.publish')}
            </button>
          </div>
          <ProblemMessage error={publish.error} />
        </form>
      )}
    </div>
  );
}

function Purposes({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <h2>{t('console.contract.purposes')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('console.common.legalBasis')}</th>
            <th scope="col">{t('console.common.purpose')}</th>
            <th scope="col">{t('console.contract.data')}</th>
            <th scope="col">{t('console.request.channels')}</th>
            <th scope="col">{t('console.contract.validity')}</th>
            <th scope="col">{t('console.common.status')}</th>
          </tr>
        </thead>
        <tbody>
          {contract.purposes.map((purpose) => (
            <tr key={purpose.id}>
              <td>{purpose.legalBasis}</td>
              <td>{purpose.purpose}</td>
              <td>
                {[...purpose.scopes.map((scope) => t(`scopes.${scope}`)), ...purpose.fields].join(', ')}
              </td>
              <td>{purpose.channels.map((channel) => t(`console.channels.${channel}`)).join(', ')}</td>
              <td>
                {formatDate(purpose.validFrom)} – {formatDate(purpose.validTo)}
              </td>
              <td>{t(`console.purposeStatuses.${purpose.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ContractHistory({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  return (
    <div className="panel">
      <h2>{t('console.common.history')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('console.common.when')}</th>
            <th scope="col">{t('console.contract.action')}</th>
            <th scope="col">{t('console.common.who')}</th>
            <th scope="col">{t('console.common.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {contract.history.map((event) => (
            <tr key={`${event.at}-${event.action}`}>
              <td>{formatDateTime(event.at)}</td>
              <td>{t(`console.contractActions.${event.action}`, { defaultValue: event.action })}</td>
              <td>{event.actorName}</td>
              <td>{event.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
