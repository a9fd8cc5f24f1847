import type { Invoice } from '@fpr/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, rigaToday } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { centsOf } from '../organisations/money';
import { invoiceKeys, invoicesApi } from './invoices-api';

/** A payment against the chosen invoice and, for a correction, a credit note for all not credited yet (paid or not). */
export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="panel" aria-live="polite">
      <h2>
        {t('console.invoices.selected', {
          number: invoice.number,
          outstanding: formatCents(invoice.outstandingCents, i18n.language),
        })}
      </h2>
      {invoice.outstandingCents > 0 && <PaymentForm invoice={invoice} />}
      <CreditNoteForm invoice={invoice} />
    </div>
  );
}

function useRefreshInvoices() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: invoiceKeys.invoices });
}

function PaymentForm({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const refresh = useRefreshInvoices();
  const [amount, setAmount] = useState('');
  const [paidOn, setPaidOn] = useState(rigaToday);
  const [reference, setReference] = useState('');
  const pay = useMutation({
    mutationFn: () =>
      invoicesApi.pay(invoice.id, { amountCents: centsOf(amount), paidOn, paymentReference: reference }),
    onSuccess: async () => {
      setAmount('');
      setReference('');
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    pay.mutate();
  };
  return (
    <form className="grid-form" onSubmit={submit} aria-label={t('console.invoices.payment')}>
      <label>
        {t('console.ledger.amountEuro')}
        <input required inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>
      <label>
        {t('console.invoices.paidOn')}
        <input type="date" required value={paidOn} onChange={(e) => setPaidOn(e.target.value)} />
      </label>
      <label>
        {t('console.invoices.paymentReference')}
        <input required maxLength={140} value={reference} onChange={(e) => setReference(e.target.value)} />
      </label>
      <div>
        <button type="submit" disabled={pay.isPending}>
          {t('console.invoices.recordPayment')}
        </button>
      </div>
      <ProblemMessage error={pay.error} />
    </form>
  );
}

function CreditNoteForm({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const refresh = useRefreshInvoices();
  const [reason, setReason] = useState('');
  const credit = useMutation({
    mutationFn: () => invoicesApi.credit(invoice.id, { reason }),
    onSuccess: async () => {
      setReason('');
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    credit.mutate();
  };
  return (
    <form className="grid-form" onSubmit={submit} aria-label={t('console.invoices.creditNote')}>
      <label>
        {t('console.invoices.creditReason')}
        <input
          required
          minLength={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div>
        <button type="submit" disabled={credit.isPending}>
          {t('console.invoices.issueCreditNote')}
        </button>
      </div>
      <ProblemMessage error={credit.error} />
      {credit.data && (
        <p role="status">{t('console.invoices.creditIssued', { number: credit.data.number })}</p>
      )}
    </form>
  );
}
