import { useTranslation } from 'react-i18next';
import { ChangesPanel } from './changes-panel';
import type { MonitoringEnvironment } from './monitoring-api';
import { SubscriptionsPanel } from './subscriptions-panel';
import { type MonitoringPurposeChoice, UploadPanel } from './upload-panel';

/**
 * Monitoring in one environment: add persons from a file, see who is monitored and what changed.
 * The PDP and the organisation portal both show it; the caller decides the environment and the purposes.
 */
export function MonitoringPanels({
  environment,
  purposes,
}: {
  environment: MonitoringEnvironment;
  purposes: MonitoringPurposeChoice[];
}) {
  const { t } = useTranslation();
  const purposeNames = new Map(purposes.map((purpose) => [purpose.id, purpose.purpose]));
  return (
    <>
      {purposes.length === 0 && <p>{t('monitoring.noPurpose')}</p>}
      {/* Remounted per environment, so no chosen purpose or outcome carries over to the other. */}
      {purposes.length > 0 && <UploadPanel key={environment} environment={environment} purposes={purposes} />}
      <SubscriptionsPanel environment={environment} purposeNames={purposeNames} />
      <ChangesPanel environment={environment} />
    </>
  );
}
