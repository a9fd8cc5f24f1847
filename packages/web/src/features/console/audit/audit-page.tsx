import type { AuditEvent, AuditSearchRequest, Environment } from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi } from '../console-api';
import { useOrganisationNames } from '../console-ui';
import { MisuseSignalsPanel } from './misuse-signals-panel';
import { SubjectReportPanel } from './subject-report-panel';

/** Who received whose data: the access log searched by person, organisation and days (codes go in the body). */
export function AuditPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('console.audit.title')}</h1>
      <AuditSearch />
      <MisuseSignalsPanel />
      <SubjectReportPanel />
    </section>
  );
}

function AuditSearch() {
  const { t, i18n } = useTranslation();
  const names = useOrganisationNames();
  const [filters, setFilters] = useState({
    personalCode: '',
    organisationId: '',
    from: '',
    to: '',
    environment: '',
  });
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const search = useMutation({
    mutationFn: (cursor: string | undefined) => consoleApi.searchAudit(requestOf(filters, cursor)),
    onSuccess: (page, cursor) => {
      setEvents((current) => (cursor && current ? [...current, ...page.events] : page.events));
      setNext(page.next);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    search.mutate(undefined);
  };
  const set = (name: keyof typeof filters) => (value: string) => setFilters({ ...filters, [name]: value });
  const titleId = useId();
  return (
    <div className="panel">
      <h2 id={titleId}>{t('console.audit.search')}</h2>
      <form className="grid-form" onSubmit={submit} aria-labelledby={titleId}>
        <label>
          {t('console.common.personalCode')}
          <input
            autoComplete="off"
            pattern="\d{6}-?\d{5}"
            value={filters.personalCode}
            onChange={(e) => set('personalCode')(e.target.value)}
          />
        </label>
        <label>
          {t('console.common.organisation')}
          <select value={filters.organisationId} onChange={(e) => set('organisationId')(e.target.value)}>
            <option value="">{t('console.audit.any')}</option>
            {[...names].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.audit.from')}
          <input type="date" value={filters.from} onChange={(e) => set('from')(e.target.value)} />
        </label>
        <label>
          {t('console.audit.to')}
          <input type="date" value={filters.to} onChange={(e) => set('to')(e.target.value)} />
        </label>
        <label>
          {t('console.connections.environment')}
          <select value={filters.environment} onChange={(e) => set('environment')(e.target.value)}>
            <option value="">{t('console.audit.any')}</option>
            <option value="production">{t('environments.production')}</option>
            <option value="test">{t('environments.test')}</option>
          </select>
        </label>
        <div>
          <button type="submit" className="primary" disabled={search.isPending}>
            {t('console.audit.searchButton')}
          </button>
        </div>
      </form>
      <ProblemMessage error={search.error} />
      {events &&
        (events.length === 0 ? (
          <p>{t('console.audit.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('console.common.when')}</th>
                <th scope="col">{t('console.common.organisation')}</th>
                <th scope="col">{t('console.common.personalCode')}</th>
                <th scope="col">{t('console.audit.queryType')}</th>
                <th scope="col">{t('console.audit.fields')}</th>
                <th scope="col">{t('console.audit.fee')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{formatDateTime(event.occurredAt)}</td>
                  <td>{names.get(event.organisationId) ?? event.organisationId}</td>
                  <td className="code">{event.personalCode}</td>
                  <td>{t(`queryTypes.${event.queryType}`)}</td>
                  <td>{event.fields.join(', ')}</td>
                  <td>{formatCents(event.feeCents, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {next && (
        <button type="button" onClick={() => search.mutate(next)} disabled={search.isPending}>
          {t('common.more')}
        </button>
      )}
    </div>
  );
}

function requestOf(
  filters: { personalCode: string; organisationId: string; from: string; to: string; environment: string },
  cursor: string | undefined,
): AuditSearchRequest {
  const given = (value: string) => (value === '' ? undefined : value);
  return {
    personalCode: given(filters.personalCode),
    organisationId: given(filters.organisationId),
    from: given(filters.from),
    to: given(filters.to),
    environment: given(filters.environment) as Environment | undefined,
    cursor,
  };
}
