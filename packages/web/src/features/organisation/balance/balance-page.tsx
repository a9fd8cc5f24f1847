import type { LedgerEntry } from '@fpr/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate, formatDateTime } from '../../../shared/format/format';
import { msg } from '../../../shared/i18n/message';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { balanceApi, ledgerQueryKey } from './balance-api';

const kindLabels: Record<LedgerEntry['kind'], string> = {
  topUp: msg('portal.balance.kinds.topUp'),
  charge: msg('portal.balance.kinds.charge'),
  refund: msg('portal.balance.kinds.refund'),
};

/** The prepaid state-fee balance and every movement of it, newest first. */
export function BalancePage() {
  const { t, i18n } = useTranslation();
  const ledger = useInfiniteQuery({
    queryKey: ledgerQueryKey,
    queryFn: ({ pageParam }) => balanceApi.ledger(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const first = ledger.data?.pages[0];
  const entries = ledger.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <section aria-labelledby="balance-title">
      <h1 id="balance-title">{t('portal.balance.title')}</h1>
      <ProblemMessage error={ledger.error} />
      {ledger.isPending && <p className="loading">{t('common.loading')}</p>}
      {first && (
        <p className="balance-figure">
          {t('portal.balance.now')}:{' '}
          <strong data-testid="org-balance">{formatCents(first.balanceCents, i18n.language)}</strong>
        </p>
      )}
      <p className="hint">{t('portal.balance.hint')}</p>
      {first && entries.length === 0 && <p>{t('portal.balance.noEntries')}</p>}
      {entries.length > 0 && (
        <table className="ledger">
          <caption>{t('portal.balance.ledger')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portal.request.when')}</th>
              <th scope="col">{t('portal.balance.kind')}</th>
              <th scope="col" className="number">
                {t('portal.balance.amount')}
              </th>
              <th scope="col" className="number">
                {t('portal.balance.after')}
              </th>
              <th scope="col">{t('portal.balance.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{t(kindLabels[entry.kind])}</td>
                <td className="number">{formatCents(entry.amountCents, i18n.language)}</td>
                <td className="number">{formatCents(entry.balanceAfterCents, i18n.language)}</td>
                <td>
                  <EntryDetails entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ledger.hasNextPage && (
        <button
          type="button"
          disabled={ledger.isFetchingNextPage}
          onClick={() => void ledger.fetchNextPage()}
        >
          {t('common.more')}
        </button>
      )}
    </section>
  );
}

function EntryDetails({ entry }: { entry: LedgerEntry }) {
  const { t } = useTranslation();
  if (entry.kind === 'topUp')
    return (
      <>
        {t('portal.balance.payment', { reference: entry.paymentReference ?? '—' })}
        {entry.receivedOn ? `, ${formatDate(entry.receivedOn)}` : ''}
      </>
    );
  if (entry.kind === 'refund') return <>{entry.reason ?? ''}</>;
  return (
    <>
      {t('portal.balance.persons', { count: entry.persons ?? 0 })}
      {entry.requestId && <small className="field-list">{entry.requestId}</small>}
    </>
  );
}
