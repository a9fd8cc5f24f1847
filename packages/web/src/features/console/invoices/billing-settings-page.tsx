import type { BillingSettings } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { QueryState, useHasRole } from '../console-ui';
import { invoiceKeys, invoicesApi } from './invoices-api';

/** Due days and automatic suspension of debtors' connections; every version kept with its reason. */
export function BillingSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: invoiceKeys.settings, queryFn: invoicesApi.settings });
  const isAdministrator = useHasRole('administrator');
  return (
    <section aria-labelledby="billing-settings-title">
      <h1 id="billing-settings-title">{t('console.billingSettings.title')}</h1>
      <QueryState query={settings} />
      {settings.data && isAdministrator && <SettingsForm current={settings.data.current} />}
      {settings.data && <SettingsHistory history={settings.data.history} />}
    </section>
  );
}

function SettingsForm({ current }: { current: BillingSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [dueDays, setDueDays] = useState(String(current.invoiceDueDays));
  const [isEnabled, setIsEnabled] = useState(current.isAutomaticSuspensionEnabled);
  const [overdueDays, setOverdueDays] = useState(String(current.suspensionOverdueDays));
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      invoicesApi.changeSettings({
        invoiceDueDays: Number(dueDays),
        isAutomaticSuspensionEnabled: isEnabled,
        suspensionOverdueDays: Number(overdueDays),
        reason,
      }),
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: invoiceKeys.settings });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.billingSettings.change')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <label>
          {t('console.billingSettings.invoiceDueDays')}
          <input
            type="number"
            required
            min={1}
            max={365}
            value={dueDays}
            onChange={(e) => setDueDays(e.target.value)}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={isEnabled} onChange={(e) => setIsEnabled(e.target.checked)} />
          {t('console.billingSettings.isAutomaticSuspensionEnabled')}
        </label>
        <label>
          {t('console.billingSettings.suspensionOverdueDays')}
          <input
            type="number"
            required
            min={1}
            max={365}
            value={overdueDays}
            onChange={(e) => setOverdueDays(e.target.value)}
          />
        </label>
        <label>
          {t('console.common.reason')}
          <input
            required
            minLength={3}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <div>
          <button type="submit" disabled={change.isPending}>
            {t('console.billingSettings.save')}
          </button>
        </div>
      </form>
      <ProblemMessage error={change.error} />
    </div>
  );
}

function SettingsHistory({ history }: { history: BillingSettings[] }) {
  const { t } = useTranslation();
  return (
    <table data-testid="billing-settings-history">
      <caption>{t('console.billingSettings.history')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.common.when')}</th>
          <th scope="col" className="number">
            {t('console.billingSettings.invoiceDueDays')}
          </th>
          <th scope="col">{t('console.billingSettings.suspension')}</th>
          <th scope="col">{t('console.common.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {history.map((version) => (
          <tr key={version.createdAt}>
            <td>{formatDateTime(version.createdAt)}</td>
            <td className="number">{version.invoiceDueDays}</td>
            <td>
              {version.isAutomaticSuspensionEnabled
                ? t('console.billingSettings.suspensionAfter', { days: version.suspensionOverdueDays })
                : t('console.billingSettings.suspensionOff')}
            </td>
            <td>{version.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
