import type { Invoice } from '@fpr/contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate } from '../format/format';

/** A column one side's list has and the other's has not: its heading and what each row shows. */
export interface InvoiceColumn {
  heading: string;
  cell: (invoice: Invoice) => ReactNode;
}

interface InvoiceTableProps {
  invoices: Invoice[];
  caption?: string;
  afterNumber?: InvoiceColumn;
  afterMonth?: InvoiceColumn;
  /** The last column: what the reader can do with each invoice. */
  actions: InvoiceColumn;
}

/**
 * Invoices and credit notes with what is still owed, overdue ones marked; PMLP's console and the
 * organisation portal show the same list, each with a column of its own and its own actions.
 */
export function InvoiceTable({ invoices, caption, afterNumber, afterMonth, actions }: InvoiceTableProps) {
  const { t, i18n } = useTranslation();
  const money = (cents: number) => formatCents(cents, i18n.language);
  return (
    <table data-testid="invoices">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('invoices.number')}</th>
          {afterNumber && <th scope="col">{afterNumber.heading}</th>}
          <th scope="col">{t('invoices.month')}</th>
          {afterMonth && <th scope="col">{afterMonth.heading}</th>}
          <th scope="col">{t('invoices.dueOn')}</th>
          <th scope="col" className="number">
            {t('invoices.total')}
          </th>
          <th scope="col" className="number">
            {t('invoices.outstanding')}
          </th>
          <th scope="col">{actions.heading}</th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => (
          <tr key={invoice.id} className={invoice.isOverdue ? 'is-overdue' : undefined}>
            <td>
              {invoice.number}
              {invoice.kind === 'creditNote' && ` (${t('invoices.creditNote')})`}
            </td>
            {afterNumber && <td>{afterNumber.cell(invoice)}</td>}
            <td>{invoice.month}</td>
            {afterMonth && <td>{afterMonth.cell(invoice)}</td>}
            <td>
              {formatDate(invoice.dueOn)}
              {invoice.isOverdue && <strong className="overdue"> {t('invoices.overdue')}</strong>}
            </td>
            <td className="number">{money(invoice.totalCents)}</td>
            <td className="number">{money(invoice.outstandingCents)}</td>
            <td>{actions.cell(invoice)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
