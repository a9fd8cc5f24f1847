import type { Invoice } from '@fpr/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../../shared/api/save-file';
import { formatCents, formatDate, previousMonth } from '../../../shared/format/format';
import { useInvoicePdf } from '../../../shared/invoices/invoice-pdf';
import { InvoiceTable } from '../../../shared/invoices/invoice-table';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { invoicesApi, invoicesKeys } from './invoices-api';

/** The organisation's invoices and credit notes with what is still owed, and its prepaid statements. */
export function InvoicesPage() {
  const { t } = useTranslation();
  const invoices = useQuery({ queryKey: invoicesKeys.invoices, queryFn: invoicesApi.list });
  const pdf = useInvoicePdf(invoicesApi.invoicePdf);
  return (
    <section aria-labelledby="invoices-title">
      <h1 id="invoices-title">{t('portal.invoices.title')}</h1>
      <ProblemMessage error={invoices.error ?? pdf.error} />
      {invoices.isPending && <p className="loading">{t('common.loading')}</p>}
      {invoices.data && invoices.data.invoices.length === 0 && <p>{t('portal.invoices.none')}</p>}
      {invoices.data && invoices.data.invoices.length > 0 && (
        <PortalInvoiceTable invoices={invoices.data.invoices} onPdf={(invoice) => pdf.mutate(invoice)} />
      )}
      <StatementPanel />
    </section>
  );
}

/** The organisation's list says when each invoice was issued; each is downloaded as a PDF. */
function PortalInvoiceTable({ invoices, onPdf }: { invoices: Invoice[]; onPdf: (invoice: Invoice) => void }) {
  const { t } = useTranslation();
  return (
    <InvoiceTable
      invoices={invoices}
      caption={t('portal.invoices.caption')}
      afterMonth={{ heading: t('portal.invoices.issuedOn'), cell: (invoice) => formatDate(invoice.issuedOn) }}
      actions={{
        heading: t('portal.invoices.pdf'),
        cell: (invoice) => (
          <button type="button" onClick={() => onPdf(invoice)}>
            {t('portal.invoices.download', { number: invoice.number })}
          </button>
        ),
      }}
    />
  );
}

function StatementPanel() {
  const { t, i18n } = useTranslation();
  const monthId = useId();
  // The month before this one in Rīga: the latest a statement is complete for.
  const [month, setMonth] = useState(() => previousMonth());
  const isMonth = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const statement = useQuery({
    queryKey: invoicesKeys.statement(month),
    queryFn: () => invoicesApi.statement(month),
    enabled: isMonth,
  });
  const pdf = useMutation({
    mutationFn: async () => saveFile(await invoicesApi.statementPdf(month), `statement-${month}.pdf`),
  });
  const money = (cents: number) => formatCents(cents, i18n.language);
  return (
    <div className="panel">
      <h2>{t('portal.invoices.statement')}</h2>
      <label htmlFor={monthId}>{t('portal.invoices.month')}</label>{' '}
      <input id={monthId} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      <ProblemMessage error={statement.error ?? pdf.error} />
      {statement.data && (
        <dl className="statement" data-testid="statement">
          <dt>{t('portal.invoices.opening')}</dt>
          <dd>{money(statement.data.openingBalanceCents)}</dd>
          <dt>{t('portal.invoices.topUps')}</dt>
          <dd>{money(statement.data.topUpsCents)}</dd>
          <dt>{t('portal.invoices.charges')}</dt>
          <dd>{money(statement.data.chargesCents)}</dd>
          <dt>{t('portal.invoices.refunds')}</dt>
          <dd>{money(statement.data.refundsCents)}</dd>
          <dt>{t('portal.invoices.closing')}</dt>
          <dd>{money(statement.data.closingBalanceCents)}</dd>
        </dl>
      )}
      <button type="button" disabled={!isMonth || pdf.isPending} onClick={() => pdf.mutate()}>
        {t('portal.invoices.statementPdf')}
      </button>
    </div>
  );
}
