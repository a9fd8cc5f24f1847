import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate } from '../../../shared/format/format';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState } from '../console-ui';
import { queriesByOrganisation } from './chart-data';
import { BarChart, HorizontalBarChart, StackedBarChart } from './charts';

/** The PMLP overview: production use per organisation, the fees it brought, the requests in hand. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const dashboard = useQuery({ queryKey: consoleKeys.dashboard, queryFn: consoleApi.dashboard });
  const data = dashboard.data;
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('console.dashboard.title')}</h1>
      <QueryState query={dashboard} />
      {data && (
        <>
          <p>{t('console.dashboard.period', { from: formatDate(data.from), to: formatDate(data.to) })}</p>
          <StackedBarChart
            title={t('console.dashboard.queriesPerDay')}
            data={queriesByOrganisation(data.queriesPerDay, data.from, data.to)}
            formatCategory={formatDate}
            categoryHeader={t('console.dashboard.day')}
            emptyText={t('console.dashboard.noQueries')}
          />
          <BarChart
            title={t('console.dashboard.feesPerMonth')}
            bars={data.feesPerMonth.map((row) => ({ label: row.month, value: row.feeCents }))}
            formatValue={(cents) => formatCents(cents, i18n.language)}
            labelHeader={t('console.dashboard.month')}
            valueHeader={t('console.dashboard.fees')}
          />
          <HorizontalBarChart
            title={t('console.dashboard.requestsByStatus')}
            bars={data.requestsByStatus.map((row) => ({
              label: t(`console.requestStatuses.${row.status}`),
              value: row.count,
            }))}
            formatValue={(count) => String(Math.round(count))}
            labelHeader={t('console.dashboard.status')}
            valueHeader={t('console.dashboard.count')}
          />
        </>
      )}
    </section>
  );
}
