import type { ContractDetail } from '@fpr/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../console-api';
import { QueryState } from '../console-ui';
import { type DiffCell, sideBySide } from './diff-rows';

/** Two versions of the text side by side, older on the left; what changed is marked in words too. */
export function VersionDiff({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  const latest = contract.latestVersion;
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  const diff = useQuery({
    queryKey: ['console', 'contract', contract.id, 'diff', from, to],
    queryFn: () => consoleApi.diff(contract.id, from, to),
    enabled: from !== to,
  });
  const numbers = contract.versions.map((version) => version.number);
  return (
    <div className="panel">
      <h2>{t('console.contract.compare')}</h2>
      <div className="toolbar">
        <label>
          {t('console.contract.fromVersion')}
          <select value={from} onChange={(event) => setFrom(Number(event.target.value))}>
            {numbers.map((number) => (
              <option key={number} value={number}>
                {number}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.contract.toVersion')}
          <select value={to} onChange={(event) => setTo(Number(event.target.value))}>
            {numbers.map((number) => (
              <option key={number} value={number}>
                {number}
              </option>
            ))}
          </select>
        </label>
      </div>
      {from === to ? (
        <p>{t('console.contract.sameVersion')}</p>
      ) : (
        <>
          <QueryState query={diff} />
          {diff.data && (
            <>
              <p>
                {t('console.contract.diffSummary', {
                  added: diff.data.addedLines,
                  removed: diff.data.removedLines,
                })}
              </p>
              <div className="diff" data-testid="contract-diff">
                <div className="diff-head">
                  {t('console.contract.versionNumber', { number: diff.data.from.number })}
                </div>
                <div className="diff-head">
                  {t('console.contract.versionNumber', { number: diff.data.to.number })}
                </div>
                {sideBySide(diff.data.parts).flatMap((row) => {
                  const key = `${lineOf(row.left)}:${lineOf(row.right)}`;
                  return [
                    <Cell key={`l${key}`} cell={row.left} />,
                    <Cell key={`r${key}`} cell={row.right} />,
                  ];
                })}
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}

/** A row is told apart by its line numbers: at least one side has one, and each side only counts up. */
function lineOf(cell: DiffCell): string {
  return cell.kind === 'empty' ? '-' : String(cell.line);
}

function Cell({ cell }: { cell: DiffCell }) {
  const { t } = useTranslation();
  if (cell.kind === 'empty') return <div className="empty" />;
  if (cell.kind === 'unchanged') return <div>{cell.text}</div>;
  return (
    <div className={cell.kind}>
      <span className="visually-hidden">{t(`console.contract.diffKinds.${cell.kind}`)}: </span>
      {cell.kind === 'removed' ? <del>{cell.text}</del> : <ins>{cell.text}</ins>}
    </div>
  );
}
