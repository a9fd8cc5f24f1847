import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate, formatDateTime, rigaToday } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi } from '../console-api';
import { newIdempotencyKey, QueryState } from '../console-ui';
import { centsOf } from './money';

/** The prepaid balance and its ledger; accountants record the money that came in and went back. */
export function LedgerPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const queryKey = ['console', 'organisation', organisationId, 'ledger'];
  const ledger = useQuery({ queryKey, queryFn: () => consoleApi.ledger(organisationId) });
  return (
    <div className="panel">
      <h2>{t('console.ledger.title')}</h2>
      <QueryState query={ledger} />
      {ledger.data && (
        <>
          <p>
            {t('console.ledger.balance')}:{' '}
            <strong data-testid="ledger-balance">
              {formatCents(ledger.data.balanceCents, i18n.language)}
            </strong>
          </p>
          <div className="panels">
            <MovementForm organisationId={organisationId} kind="topUp" queryKey={queryKey} />
            <MovementForm organisationId={organisationId} kind="refund" queryKey={queryKey} />
          </div>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('console.common.when')}</th>
                <th scope="col">{t('console.ledger.kind')}</th>
                <th scope="col">{t('console.ledger.amount')}</th>
                <th scope="col">{t('console.ledger.balanceAfter')}</th>
                <th scope="col">{t('console.ledger.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.data.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at)}</td>
                  <td>{t(`console.ledgerKinds.${entry.kind}`)}</td>
                  <td>{formatCents(entry.amountCents, i18n.language)}</td>
                  <td>{formatCents(entry.balanceAfterCents, i18n.language)}</td>
                  <td>
                    {entry.paymentReference
                      ? `${entry.paymentReference}, ${formatDate(entry.receivedOn)}`
                      : (entry.reason ??
                        (entry.persons ? t('console.ledger.persons', { persons: entry.persons }) : ''))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

interface MovementFormProps {
  organisationId: string;
  kind: 'topUp' | 'refund';
  queryKey: unknown[];
}

function MovementForm({ organisationId, kind, queryKey }: MovementFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState('');
  const [text, setText] = useState('');
  const [receivedOn, setReceivedOn] = useState(rigaToday);
  // One key per intended movement: a double click or a retry after a lost answer records it once.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const record = useMutation({
    mutationFn: () => {
      const amountCents = centsOf(amount);
      return kind === 'topUp'
        ? consoleApi.topUp(
            organisationId,
            { amountCents, paymentReference: text, receivedOn },
            idempotencyKey,
          )
        : consoleApi.refund(organisationId, { amountCents, reason: text }, idempotencyKey);
    },
    onSuccess: async () => {
      setAmount('');
      setText('');
      setIdempotencyKey(newIdempotencyKey());
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };
  const titleId = useId();
  return (
    <form className="stacked" onSubmit={submit} aria-labelledby={titleId}>
      <h3 id={titleId}>{kind === 'topUp' ? t('console.ledger.topUp') : t('console.ledger.refund')}</h3>
      <label>
        {t('console.ledger.amountEuro')}
        <input
          required
          inputMode="decimal"
          pattern="\d{1,7}([.,]\d{1,2})?"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <label>
        {kind === 'topUp' ? t('console.ledger.paymentReference') : t('console.common.reason')}
        <input
          required
          minLength={kind === 'topUp' ? 1 : 3}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {kind === 'topUp' && (
        <label>
          {t('console.ledger.receivedOn')}
          <input type="date" required value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} />
        </label>
      )}
      <div>
        <button type="submit" disabled={record.isPending}>
          {kind === 'topUp' ? t('console.ledger.recordTopUp') : t('console.ledger.recordRefund')}
        </button>
      </div>
      <ProblemMessage error={record.error} />
    </form>
  );
}
