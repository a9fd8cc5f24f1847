import { type AuditEvent, auditPageLimit, type Environment, environments } from '@fpr/contract';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDateTime, rigaToday } from '../../../shared/format/format';
import { msg } from '../../../shared/i18n/message';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { connectionsApi, purposesQueryKey } from '../connections/connections-api';
import { type AccessLogFilters, accessLogApi, accessLogQueryKey } from './access-log-api';
import { accessLogCsv, type CsvColumn } from './access-log-csv';

const pageSize = 50;
/** The export reads the log in the API's largest pages, up to this many records. */
const exportLimit = 50_000;

const csvHeadings: Record<CsvColumn, string> = {
  occurredAt: msg('portal.accessLog.columns.occurredAt'),
  environment: msg('portal.accessLog.columns.environment'),
  actor: msg('portal.accessLog.columns.actor'),
  endUser: msg('portal.accessLog.columns.endUser'),
  purposeId: msg('portal.accessLog.columns.purposeId'),
  caseReference: msg('portal.accessLog.columns.caseReference'),
  queryType: msg('portal.accessLog.columns.queryType'),
  searchParameters: msg('portal.accessLog.columns.searchParameters'),
  personalCode: msg('portal.accessLog.columns.personalCode'),
  fields: msg('portal.accessLog.columns.fields'),
  feeCents: msg('portal.accessLog.columns.feeCents'),
  requestId: msg('portal.accessLog.columns.requestId'),
};

/** Who in the organisation received whose data, when and why; filtered, paged, exported as CSV. */
export function AccessLogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AccessLogFilters>({});
  const log = useInfiniteQuery({
    queryKey: [...accessLogQueryKey, filters],
    queryFn: ({ pageParam }) => accessLogApi.page(filters, pageParam, pageSize),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const events = log.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <section aria-labelledby="access-log-title">
      <h1 id="access-log-title">{t('portal.accessLog.title')}</h1>
      <FilterForm onApply={setFilters} />
      <CsvExport filters={filters} />
      <ProblemMessage error={log.error} />
      {log.isPending && <p className="loading">{t('common.loading')}</p>}
      {log.data && events.length === 0 && <p role="status">{t('portal.accessLog.none')}</p>}
      {events.length > 0 && <EventTable events={events} />}
      {log.hasNextPage && (
        <button type="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t('common.more')}
        </button>
      )}
    </section>
  );
}

function FilterForm({ onApply }: { onApply: (filters: AccessLogFilters) => void }) {
  const { t } = useTranslation();
  const purposes = useQuery({ queryKey: purposesQueryKey, queryFn: connectionsApi.purposes });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [purposeId, setPurposeId] = useState('');
  const [environment, setEnvironment] = useState<Environment | ''>('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(purposeId ? { purposeId } : {}),
      ...(environment ? { environment } : {}),
    });
  };
  return (
    <form onSubmit={submit} className="inline-form filters" aria-label={t('portal.accessLog.filters')}>
      <label>
        {t('portal.accessLog.from')}
        <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      </label>
      <label>
        {t('portal.accessLog.to')}
        <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
      </label>
      <label>
        {t('portal.wizard.purpose')}
        <select value={purposeId} onChange={(event) => setPurposeId(event.target.value)}>
          <option value="">{t('portal.accessLog.any')}</option>
          {purposes.data?.purposes.map((purpose) => (
            <option key={purpose.id} value={purpose.id}>
              {purpose.purpose}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('portal.clients.environment')}
        <select
          value={environment}
          onChange={(event) => setEnvironment(event.target.value as Environment | '')}
        >
          <option value="">{t('portal.accessLog.any')}</option>
          {environments.map((value) => (
            <option key={value} value={value}>
              {t(`environments.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary">
        {t('portal.accessLog.apply')}
      </button>
    </form>
  );
}

function EventTable({ events }: { events: AuditEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="access-log">
      <thead>
        <tr>
          <th scope="col">{t('portal.accessLog.columns.occurredAt')}</th>
          <th scope="col">{t('portal.accessLog.columns.personalCode')}</th>
          <th scope="col">{t('portal.accessLog.columns.actor')}</th>
          <th scope="col">{t('portal.accessLog.columns.queryType')}</th>
          <th scope="col">{t('portal.accessLog.columns.caseReference')}</th>
          <th scope="col">{t('portal.accessLog.columns.fields')}</th>
          <th scope="col" className="number">
            {t('portal.accessLog.fee')}
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>
              {formatDateTime(event.occurredAt)}
              <small className="field-list">{t(`environments.${event.environment}`)}</small>
            </td>
            <td>{event.personalCode}</td>
            <td>
              {event.actor.kind === 'client' ? t('portal.accessLog.client') : t('portal.accessLog.user')}{' '}
              <code>{event.actor.id}</code>
              {event.endUser && <small className="field-list">{event.endUser}</small>}
            </td>
            <td>{t(`queryTypes.${event.queryType}`)}</td>
            <td>{event.caseReference ?? '—'}</td>
            <td className="fields-cell">{event.fields.join(', ')}</td>
            <td className="number">{formatCents(event.feeCents, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Reads every page the filters match, then hands the browser a CSV file; nothing is kept on the server. */
function CsvExport({ filters }: { filters: AccessLogFilters }) {
  const { t } = useTranslation();
  const [count, setCount] = useState<number | null>(null);
  const exportCsv = useMutation({
    mutationFn: async () => {
      const events: AuditEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await accessLogApi.page(filters, cursor, auditPageLimit.maximum);
        events.push(...page.events);
        cursor = page.next ?? undefined;
      } while (cursor !== undefined && events.length < exportLimit);
      const headings = Object.fromEntries(
        Object.entries(csvHeadings).map(([column, key]) => [column, t(key)]),
      ) as Record<CsvColumn, string>;
      download(accessLogCsv(events, headings));
      return events.length;
    },
    onSuccess: setCount,
  });
  return (
    <div className="page-actions">
      <button type="button" disabled={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
        {t('portal.accessLog.export')}
      </button>
      <span role="status">{count === null ? '' : t('portal.accessLog.exported', { count })}</span>
      <ProblemMessage error={exportCsv.error} />
    </div>
  );
}

function download(csv: string): void {
  // The byte-order mark tells spreadsheet programs the file is UTF-8 (Latvian letters survive).
  const blob = new Blob([`\ufeff${csv}`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `access-log-${rigaToday()}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
