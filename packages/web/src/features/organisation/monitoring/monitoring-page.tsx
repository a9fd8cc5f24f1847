import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api/endpoints';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { ChangesPanel } from './changes-panel';
import { SubscriptionsPanel } from './subscriptions-panel';
import { UploadPanel } from './upload-panel';

/** Monitoring in the user's own environment: add persons from a file, see who is monitored and what changed. */
export function MonitoringPage() {
  const { t } = useTranslation();
  const me = useQuery({ queryKey: ['me'], queryFn: api.me });
  const purposes = me.data?.purposes.filter((purpose) => purpose.monitoring) ?? [];
  const purposeNames = new Map(purposes.map((purpose) => [purpose.id, purpose.purpose]));
  return (
    <section aria-labelledby="monitoring-title">
      <h1 id="monitoring-title">{t('portal.monitoring.title')}</h1>
      <ProblemMessage error={me.error} />
      {me.isPending && <p className="loading">{t('common.loading')}</p>}
      {me.isSuccess && purposes.length === 0 && <p>{t('portal.monitoring.noPurpose')}</p>}
      {purposes.length > 0 && <UploadPanel purposes={purposes} />}
      {me.isSuccess && <SubscriptionsPanel purposeNames={purposeNames} />}
      {me.isSuccess && <ChangesPanel />}
    </section>
  );
}
