import {
  type AuditEventPage,
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
import { formatDate, formatDateTime, formatNumber, formatTime } from '../../../shared/format/format';
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
  // The evidence behind a signal: that actor's deliveries of that day, from the access log.
  const deliveries = useMutation({
    mutationFn: (signal: MisuseSignal) =>
      consoleApi.searchAudit({
        organisationId: signal.organisationId,
        actorKind: signal.actor.kind,
        actorId: signal.actor.id,
        from: signal.day,
        to: signal.day,
        environment: list.environment,
        limit: deliveriesShown,
      }),
  });
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
        <SignalTable
          signals={list.signals}
          caption={t('console.audit.signals.caption', range)}
          onShow={(signal) => deliveries.mutate(signal)}
        />
      )}
      <ProblemMessage error={deliveries.error} />
      {deliveries.data && deliveries.variables && (
        <SignalDeliveries signal={deliveries.variables} page={deliveries.data} />
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

function SignalTable({
  signals,
  caption,
  onShow,
}: {
  signals: MisuseSignal[];
  caption: string;
  onShow: (signal: MisuseSignal) => void;
}) {
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
              <button type="button" className="link" onClick={() => onShow(signal)}>
                {t('console.audit.signals.showDeliveries')}
              </button>
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

/** At most this many deliveries are listed under a signal; the access-log search pages through all. */
const deliveriesShown = 100;

/** The deliveries behind one signal, newest first. */
function SignalDeliveries({ signal, page }: { signal: MisuseSignal; page: AuditEventPage }) {
  const { t } = useTranslation();
  const who = signal.actor.name ?? signal.actor.id;
  return (
    <table>
      <caption>
        {t('console.audit.signals.deliveriesCaption', {
          actor: who,
          organisation: signal.organisationName,
          day: formatDate(signal.day),
        })}
        {page.next !== null && ` ${t('console.audit.signals.firstOnly', { count: deliveriesShown })}`}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('console.common.when')}</th>
          <th scope="col">{t('console.common.personalCode')}</th>
          <th scope="col">{t('console.audit.queryType')}</th>
          <th scope="col">{t('console.audit.fields')}</th>
        </tr>
      </thead>
      <tbody>
        {page.events.map((event) => (
          <tr key={event.id}>
            <td>{formatDateTime(event.occurredAt)}</td>
            <td className="code">{event.personalCode}</td>
            <td>{t(`queryTypes.${event.queryType}`)}</td>
            <td>{event.fields.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
