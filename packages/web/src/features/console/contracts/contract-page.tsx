import type { ContractDetail, ContractSide } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../shared/format/format';
import { ActionButton } from '../../../shared/ui/action-button';
import { Fact } from '../../../shared/ui/fact';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, ReasonForm } from '../console-ui';
import { HistoryTable } from '../history-table';
import { ItemPage } from '../item-page';
import { MessageList } from '../message-list';
import { ActivationForm } from './activation-form';
import { ContractTextForm } from './contract-text-form';
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
    <ItemPage
      titleId="contract-title"
      title={`${t('console.contract.title')}${data ? `: ${data.organisationName}` : ''}`}
      backTo="/console/contracts"
      backLabel={t('console.contract.backToContracts')}
      query={contract}
    >
      {data && (
        <>
          <dl className="facts panel">
            <Fact label={t('console.common.status')} testId="contract-status">
              {t(`console.contractStatuses.${data.status}`)}
            </Fact>
            <Fact label={t('console.contracts.latestVersion')}>{data.latestVersion}</Fact>
            <Fact label={t('console.contracts.agreedVersion')}>{data.agreedVersion ?? '—'}</Fact>
            <Fact label={t('console.contract.request')}>
              <Link to={`/console/requests/${data.requestId}`}>{t('console.contract.openRequest')}</Link>
            </Fact>
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
    </ItemPage>
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
          <MessageList
            messages={version.data.comments.map((comment) => ({
              ...comment,
              by: `${comment.authorName} (${t(`console.contract.sides.${comment.side}`)})`,
            }))}
            empty={t('console.contract.noComments')}
          />
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
  return (
    <div className="panel">
      <h2>{t('console.contract.approval')}</h2>
      <ul>
        {(['pmlp', 'organisation'] as const).map((side) => {
          const approval = approvalOf(contract, contract.latestVersion, side);
          return (
            <li key={side}>
              {t(`console.contract.sides.${side}`)}:{' '}
              {approval
                ? t('console.contract.approvedOn', {
                    name: approval.approvedByName,
                    at: formatDateTime(approval.approvedAt),
                  })
                : t('console.contract.notApproved')}
            </li>
          );
        })}
      </ul>
      {!pmlp && (
        <ActionButton action={approve}>
          {t('console.contract.approveVersion', { number: contract.latestVersion })}
        </ActionButton>
      )}
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
  return (
    <div className="panel">
      <h2>{t('console.contract.newVersion')}</h2>
      <p>{t('console.contract.newVersionHelp')}</p>
      <QueryState query={latest} />
      {/* The form waits for the latest text: an edit typed before it arrives would replace it. */}
      {isLoaded && (
        <ContractTextForm
          text={value}
          onTextChange={setText}
          onSubmit={() => publish.mutate()}
          submitLabel={t('console.contract.publish')}
          canSubmit={!publish.isPending && text !== null}
          error={publish.error}
        />
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
                {purpose.populationTerritories.length > 0 && (
                  <div className="detail">
                    {t('console.contract.population', {
                      territories: purpose.populationTerritories.join(', '),
                    })}
                  </div>
                )}
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
  const entries = contract.history.map((event) => ({
    at: event.at,
    what: t(`console.contractActions.${event.action}`, { defaultValue: event.action }),
    who: event.actorName,
    why: event.reason,
  }));
  return (
    <div className="panel">
      <h2>{t('console.common.history')}</h2>
      <HistoryTable entries={entries} />
    </div>
  );
}
