import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate } from '../../../shared/format/format';
import { QueryState } from '../console-ui';
import { invoiceKeys, invoicesApi } from './invoices-api';

/** Organisations owing on invoices past their due date, the largest debt first. */
export function DebtorsPage() {
  const { t, i18n } = useTranslation();
  const debtors = useQuery({ queryKey: invoiceKeys.debtors, queryFn: invoicesApi.debtors });
  const money = (cents: number) => formatCents(cents, i18n.language);
  return (
    <section aria-labelledby="debtors-title">
      <h1 id="debtors-title">{t('console.debtors.title')}</h1>
      <QueryState query={debtors} />
      {debtors.data && debtors.data.debtors.length === 0 && <p>{t('console.debtors.none')}</p>}
      {debtors.data && debtors.data.debtors.length > 0 && (
        <table data-testid="debtors">
          <thead>
            <tr>
              <th scope="col">{t('console.common.organisation')}</th>
              <th scope="col">{t('console.invoices.number')}</th>
              <th scope="col">{t('console.invoices.dueOn')}</th>
              <th scope="col" className="number">
                {t('console.debtors.daysOverdue')}
              </th>
              <th scope="col" className="number">
                {t('console.invoices.outstanding')}
              </th>
            </tr>
          </thead>
          <tbody>
            {debtors.data.debtors.flatMap((debtor) =>
              debtor.invoices.map((invoice, index) => (
                <tr key={invoice.id} className="is-overdue">
                  {index === 0 && (
                    <th scope="row" rowSpan={debtor.invoices.length}>
                      {debtor.organisation.name}
                      <br />
                      <span className="overdue">
                        {t('console.debtors.total', { amount: money(debtor.outstandingCents) })}
                      </span>
                    </th>
                  )}
                  <td>{invoice.number}</td>
                  <td>{formatDate(invoice.dueOn)}</td>
                  <td className="number">{invoice.daysOverdue}</td>
                  <td className="number">{money(invoice.outstandingCents)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
