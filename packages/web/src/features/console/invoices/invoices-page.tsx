import type { Invoice } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvoicePdf } from '../../../shared/invoices/invoice-pdf';
import { InvoiceTable } from '../../../shared/invoices/invoice-table';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { QueryState, useHasRole } from '../console-ui';
import { InvoiceActions } from './invoice-actions';
import { invoiceKeys, invoicesApi } from './invoices-api';

/** Monthly invoices: run a month, find invoices by month, record payments, issue credit notes. */
export function InvoicesPage() {
  const { t } = useTranslation();
  const filterId = useId();
  const [month, setMonth] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const invoices = useQuery({ queryKey: invoiceKeys.list(month), queryFn: () => invoicesApi.list(month) });
  const pdf = useInvoicePdf(invoicesApi.pdf);
  const selected = invoices.data?.invoices.find((invoice) => invoice.id === selectedId);
  return (
    <section aria-labelledby="invoices-title">
      <h1 id="invoices-title">{t('console.invoices.title')}</h1>
      {useHasRole('administrator') && <RunForm />}
      <p>
        <label htmlFor={filterId}>{t('console.invoices.month')}</label>{' '}
        <input id={filterId} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      </p>
      <QueryState query={invoices} />
      <ProblemMessage error={pdf.error} />
      {invoices.data && invoices.data.invoices.length === 0 && <p>{t('console.invoices.none')}</p>}
      {invoices.data && invoices.data.invoices.length > 0 && (
        <ConsoleInvoiceTable
          invoices={invoices.data.invoices}
          onPdf={(invoice) => pdf.mutate(invoice)}
          onSelect={(invoice) => setSelectedId(invoice.id)}
        />
      )}
      {selected && selected.kind === 'invoice' && <InvoiceActions invoice={selected} />}
    </section>
  );
}

/** PMLP's list names each invoice's organisation; an invoice (not a credit note) can be picked for payment or correction. */
function ConsoleInvoiceTable({
  invoices,
  onPdf,
  onSelect,
}: {
  invoices: Invoice[];
  onPdf: (invoice: Invoice) => void;
  onSelect: (invoice: Invoice) => void;
}) {
  const { t } = useTranslation();
  return (
    <InvoiceTable
      invoices={invoices}
      afterNumber={{
        heading: t('console.common.organisation'),
        cell: (invoice) => invoice.organisation.name,
      }}
      actions={{
        heading: t('console.common.actions'),
        cell: (invoice) => (
          <>
            <button type="button" onClick={() => onPdf(invoice)}>
              {t('console.invoices.pdf', { number: invoice.number })}
            </button>{' '}
            {invoice.kind === 'invoice' && (
              <button type="button" onClick={() => onSelect(invoice)}>
                {t('console.invoices.select', { number: invoice.number })}
              </button>
            )}
          </>
        ),
      }}
    />
  );
}

function RunForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const monthId = useId();
  const [month, setMonth] = useState('');
  const run = useMutation({
    mutationFn: () => invoicesApi.run(month),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invoiceKeys.invoices }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.invoices.run')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <div>
          <label htmlFor={monthId}>{t('console.invoices.month')}</label>{' '}
          <input
            id={monthId}
            type="month"
            required
            value={month}
            onChange={(e) => setMonth(e.target.value)}
          />
        </div>
        <div>
          <button type="submit" disabled={run.isPending}>
            {t('console.invoices.runButton')}
          </button>
        </div>
      </form>
      <ProblemMessage error={run.error} />
      {run.data && (
        <p role="status">
          {t('console.invoices.runResult', {
            issued: run.data.issued.length,
            already: run.data.alreadyInvoiced,
            without: run.data.withoutCharges,
          })}
        </p>
      )}
    </div>
  );
}
