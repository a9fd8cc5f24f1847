import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { contractQueryKey, contractsApi } from './contracts-api';
import { type DiffRow, type SideLine, sideBySideRows } from './side-by-side';

/** Two versions side by side: the older on the left, the newer on the right, changes marked in words too. */
export function ContractDiffView({ contractId, from, to }: { contractId: string; from: number; to: number }) {
  const { t } = useTranslation();
  const diff = useQuery({
    queryKey: [...contractQueryKey(contractId), 'diff', from, to],
    queryFn: () => contractsApi.diff(contractId, from, to),
  });
  if (diff.isPending) return <p className="loading">{t('common.loading')}</p>;
  if (diff.isError) return <ProblemMessage error={diff.error} />;
  const rows = sideBySideRows(diff.data.parts);
  return (
    <>
      <p role="status">
        {t('portal.contract.diffSummary', { added: diff.data.addedLines, removed: diff.data.removedLines })}
      </p>
      <section
        className="diff-scroll"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls takes focus so the keyboard can scroll it
        tabIndex={0}
        aria-label={t('portal.contract.diffTable', { from, to })}
      >
        <table className="diff" aria-label={t('portal.contract.diffTable', { from, to })}>
          <thead>
            <tr>
              <th scope="col" className="line-number">
                <abbr title={t('portal.contract.lineNumber')}>#</abbr>
              </th>
              <th scope="col">{t('portal.contract.versionN', { number: from })}</th>
              <th scope="col" className="line-number">
                <abbr title={t('portal.contract.lineNumber')}>#</abbr>
              </th>
              <th scope="col">{t('portal.contract.versionN', { number: to })}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <DiffLine key={`${row.left?.number ?? '-'}:${row.right?.number ?? '-'}`} row={row} />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function DiffLine({ row }: { row: DiffRow }) {
  return (
    <tr className={`diff-${row.kind}`}>
      <Side line={row.left} change={row.kind === 'unchanged' ? null : 'removed'} />
      <Side line={row.right} change={row.kind === 'unchanged' ? null : 'added'} />
    </tr>
  );
}

function Side({ line, change }: { line: SideLine | null; change: 'removed' | 'added' | null }) {
  const { t } = useTranslation();
  if (line === null)
    return (
      <>
        <td className="line-number" />
        <td className="diff-empty" />
      </>
    );
  const text = line.text === '' ? '\u00a0' : line.text;
  return (
    <>
      <td className="line-number">{line.number}</td>
      <td className={change ? `diff-${change}` : undefined}>
        {change === 'removed' && (
          <del>
            <span className="visually-hidden">{t('portal.contract.removed')} </span>
            {text}
          </del>
        )}
        {change === 'added' && (
          <ins>
            <span className="visually-hidden">{t('portal.contract.added')} </span>
            {text}
          </ins>
        )}
        {change === null && text}
      </td>
    </>
  );
}
