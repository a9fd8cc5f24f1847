import { type ContractPurpose, type Environment, environments } from '@fpr/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { MonitoringPanels } from '../../../shared/monitoring/monitoring-panels';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { connectionsApi, purposesQueryKey } from '../connections/connections-api';

/**
 * The organisation's monitoring, for its contact person: one environment at a time, chosen here
 * (kept in the address, which names no person), as the API needs it named.
 */
export function MonitoringPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const environment = environmentOf(search.get('environment'));
  const purposes = useQuery({ queryKey: purposesQueryKey, queryFn: connectionsApi.purposes });
  const usable = (purposes.data?.purposes ?? []).filter((purpose) => isUsableIn(purpose, environment));
  return (
    <section aria-labelledby="monitoring-title">
      <h1 id="monitoring-title">{t('monitoring.title')}</h1>
      <fieldset className="inline">
        <legend>{t('monitoring.environment')}</legend>
        {environments.map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name="monitoring-environment"
              value={choice}
              checked={choice === environment}
              onChange={() => setSearch({ environment: choice })}
            />
            {t(`environments.${choice}`)}
          </label>
        ))}
        <p className="hint">{t('monitoring.environmentHint')}</p>
      </fieldset>
      <ProblemMessage error={purposes.error} />
      {purposes.isPending && <p className="loading">{t('common.loading')}</p>}
      {purposes.isSuccess && <MonitoringPanels environment={environment} purposes={usable} />}
    </section>
  );
}

/** The test environment unless production is asked for: nothing is monitored in production by a slip. */
function environmentOf(value: string | null): Environment {
  return value === 'production' ? 'production' : 'test';
}

/** What the server would accept for monitoring today; it checks again, of course. */
function isUsableIn(purpose: ContractPurpose, environment: Environment): boolean {
  return purpose.monitoring && purpose.status === 'active' && purpose.environments.includes(environment);
}
