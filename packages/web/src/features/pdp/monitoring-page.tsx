import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api/endpoints';
import { MonitoringPanels } from '../../shared/monitoring/monitoring-panels';
import { ProblemMessage } from '../../shared/ui/problem-message';

/** Monitoring in the PDP user's own environment, under the purposes they may use. */
export function MonitoringPage() {
  const { t } = useTranslation();
  const me = useQuery({ queryKey: ['me'], queryFn: api.me });
  const purposes = me.data?.purposes.filter((purpose) => purpose.monitoring) ?? [];
  return (
    <section aria-labelledby="monitoring-title">
      <h1 id="monitoring-title">{t('monitoring.title')}</h1>
      <ProblemMessage error={me.error} />
      {me.isPending && <p className="loading">{t('common.loading')}</p>}
      {me.isSuccess && <MonitoringPanels environment={undefined} purposes={purposes} />}
    </section>
  );
}
