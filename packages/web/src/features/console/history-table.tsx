import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format/format';

/** One recorded change: when, what, who and why. */
export interface HistoryEntry {
  at: string;
  what: string;
  who: ReactNode;
  why: string | null;
}

interface HistoryTableProps {
  entries: HistoryEntry[];
  /** The headings of the what and why columns; by default an action and its reason. */
  whatHeading?: string;
  whyHeading?: string;
  testId?: string;
}

/** Who changed what, when and why, oldest first as the API lists it. */
export function HistoryTable({ entries, whatHeading, whyHeading, testId }: HistoryTableProps) {
  const { t } = useTranslation();
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('console.common.when')}</th>
          <th scope="col">{whatHeading ?? t('console.contract.action')}</th>
          <th scope="col">{t('console.common.who')}</th>
          <th scope="col">{whyHeading ?? t('console.common.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={`${entry.at}-${entry.what}`}>
            <td>{formatDateTime(entry.at)}</td>
            <td>{entry.what}</td>
            <td>{entry.who}</td>
            <td>{entry.why ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
