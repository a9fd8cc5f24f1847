import {
  type Environment,
  environments,
  type MisuseSignal,
  type MisuseSignalList,
  type MisuseSignalQuery,
  type MisuseSignalRules,
} from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber, formatTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi } from '../console-api';

/**
 * Where the access log suggests looking (staff browsing without a case): volume spikes, after-hours
 * bulk and persons from outside a purpose's population, by Rīga day. Empty days leave the choice to
 * the server (the week up to today).
 */
export function MisuseSignalsPanel() {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [environment, setEnvironment] = useState<Environment>('production');
  const signals = useMutation({ mutationFn: (query: MisuseSignalQuery) => consoleApi.misuseSignals(query) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const given = (value: string) => (value === '' ? undefined : value);
    signals.mutate({ from: given(from), to: given(to), environment });
  };
  const titleId = useId();
  return (
    <div className="panel">
      <h2 id={titleId}>{t('console.audit.signals.title')}</h2>
      <form className="toolbar" onSubmit={submit} aria-labelledby={titleId}>
        <label>
          {t('console.audit.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('console.audit.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('console.connections.environment')}
          <select value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
            {environments.map((value) => (
              <option key={value} value={value}>
                {t(`environments.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={signals.isPending}>
          {t('console.audit.signals.show')}
        </button>
      </form>
      <ProblemMessage error={signals.error} />
      {signals.data && <SignalList list={signals.data} />}
    </div>
  );
}

function SignalList({ list }: { list: MisuseSignalList }) {
  const { t, i18n } = useTranslation();
  const range = {
    from: formatDate(list.from),
    to: formatDate(list.to),
    environment: t(`environments.${list.environment}`),
  };
  return (
    <>
      <p>{t('console.audit.signals.rules', rulesValues(list.rules, i18n.language))}</p>
      {list.signals.length === 0 ? (
        <p>{t('console.audit.signals.none', range)}</p>
      ) : (
        <SignalTable signals={list.signals} caption={t('console.audit.signals.caption', range)} />
      )}
    </>
  );
}

/** The thresholds as the server applies them, so the sentence never drifts from the rules. */
function rulesValues(rules: MisuseSignalRules, language: string): Record<string, string> {
  const number = (value: number) => formatNumber(value, language);
  return {
    spikePersons: number(rules.volumeSpike.minimumPersons),
    factor: number(rules.volumeSpike.factor),
    baselineDays: number(rules.volumeSpike.baselineDays),
    afterHoursPersons: number(rules.afterHoursBulk.minimumPersons),
    workingFrom: rules.afterHoursBulk.workingHours.from,
    workingTo: rules.afterHoursBulk.workingHours.to,
    outsidePersons: number(rules.outsidePopulation.minimumPersons),
  };
}

function SignalTable({ signals, caption }: { signals: MisuseSignal[]; caption: string }) {
  const { t, i18n } = useTranslation();
  const number = (value: number) => formatNumber(value, i18n.language);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.audit.signals.day')}</th>
          <th scope="col">{t('console.audit.signals.kind')}</th>
          <th scope="col">{t('console.common.organisation')}</th>
          <th scope="col">{t('console.audit.signals.actor')}</th>
          <th scope="col">{t('console.audit.signals.persons')}</th>
          <th scope="col">{t('console.audit.signals.afterHoursPersons')}</th>
          <th scope="col">{t('console.audit.signals.outsidePopulationPersons')}</th>
          <th scope="col">{t('console.audit.signals.baselinePerDay')}</th>
        </tr>
      </thead>
      <tbody>
        {signals.map((signal) => (
          <tr
            key={`${signal.day}:${signal.organisationId}:${signal.actor.kind}:${signal.actor.id}:${signal.kind}`}
          >
            <td>
              {formatDate(signal.day)}{' '}
              <span className="detail">
                {formatTime(signal.firstAt)}–{formatTime(signal.lastAt)}
              </span>
            </td>
            <td>{t(`console.audit.signals.kinds.${signal.kind}`)}</td>
            <td>{signal.organisationName}</td>
            <td>
              {signal.actor.name ?? <span className="code">{signal.actor.id}</span>}{' '}
              <span className="detail">{t(`console.audit.signals.actorKinds.${signal.actor.kind}`)}</span>
            </td>
            <td>{number(signal.persons)}</td>
            <td>{number(signal.afterHoursPersons)}</td>
            <td>{number(signal.outsidePopulationPersons)}</td>
            <td>{number(signal.baselinePerDay)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
