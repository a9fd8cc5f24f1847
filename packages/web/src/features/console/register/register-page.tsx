import type { Environment, PersonHistoryResponse, PersonLookupRequest } from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi } from '../console-api';
import { LifeEventForm } from './life-event-form';

/**
 * The registrar's view of one person: found by code in a request body and kept in the page's state,
 * so the code never lands in the address bar, the history or a server log.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const [environment, setEnvironment] = useState<Environment>('production');
  const [personalCode, setPersonalCode] = useState('');
  const lookUp = useMutation({ mutationFn: (body: PersonLookupRequest) => consoleApi.lookUpPerson(body) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    lookUp.mutate({ environment, personalCode });
  };
  const person = lookUp.data;
  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">{t('console.register.title')}</h1>
      <form className="toolbar" onSubmit={submit}>
        <label>
          {t('console.connections.environment')}
          <select value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
            <option value="production">{t('environments.production')}</option>
            <option value="test">{t('environments.test')}</option>
          </select>
        </label>
        <label>
          {t('console.common.personalCode')}
          <input
            required
            autoComplete="off"
            pattern="\d{6}-?\d{5}"
            value={personalCode}
            onChange={(e) => setPersonalCode(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={lookUp.isPending}>
          {t('console.register.find')}
        </button>
      </form>
      <ProblemMessage error={lookUp.error} />
      {person && (
        <>
          <PersonSummary
            person={person}
            onVersion={(version) =>
              lookUp.mutate({ environment, personalCode: person.personalCode, version })
            }
          />
          <LifeEventForm
            environment={environment}
            personalCode={person.personalCode}
            onRecorded={() => lookUp.mutate({ environment, personalCode: person.personalCode })}
          />
        </>
      )}
    </section>
  );
}

function PersonSummary({
  person,
  onVersion,
}: {
  person: PersonHistoryResponse;
  onVersion: (version: number) => void;
}) {
  const { t } = useTranslation();
  const { identity, residence, civilStatus, death } = person.record;
  return (
    <>
      <div className="panel">
        <h2>
          {identity.givenNames} {identity.surname}
        </h2>
        {person.version !== person.currentVersion && (
          <p className="notice">
            {t('console.register.pastVersion', { version: person.version, current: person.currentVersion })}
          </p>
        )}
        <dl className="facts">
          <div>
            <dt>{t('console.common.personalCode')}</dt>
            <dd>{identity.personalCode}</dd>
          </div>
          <div>
            <dt>{t('console.register.birthDate')}</dt>
            <dd>{formatDate(identity.birthDate)}</dd>
          </div>
          <div>
            <dt>{t('console.common.status')}</dt>
            <dd>{t(`personStatuses.${identity.status}`)}</dd>
          </div>
          <div>
            <dt>{t('console.register.address')}</dt>
            <dd>{residence.declaredAddress?.text ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('console.register.maritalStatus')}</dt>
            <dd>
              {t(`maritalStatuses.${civilStatus.maritalStatus}`)}
              {civilStatus.spouse ? ` — ${civilStatus.spouse.givenNames} ${civilStatus.spouse.surname}` : ''}
            </dd>
          </div>
          {death.deathDate && (
            <div>
              <dt>{t('console.register.deathDate')}</dt>
              <dd>{formatDate(death.deathDate)}</dd>
            </div>
          )}
        </dl>
      </div>
      <div className="panels">
        <div className="panel">
          <h2>{t('console.register.versions')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('console.contract.version')}</th>
                <th scope="col">{t('console.common.when')}</th>
                <th scope="col">{t('console.common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {person.versions.map((version) => (
                <tr key={version.version}>
                  <td>{version.version}</td>
                  <td>{formatDateTime(version.recordedAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={version.version === person.version}
                      onClick={() => onVersion(version.version)}
                    >
                      {t('console.contract.showVersion', { number: version.version })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h2>{t('console.register.events')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('console.register.effectiveDate')}</th>
                <th scope="col">{t('console.register.event')}</th>
                <th scope="col">{t('console.common.who')}</th>
              </tr>
            </thead>
            <tbody>
              {person.events.map((event) => (
                <tr key={event.changeEventId}>
                  <td>{formatDate(event.effectiveDate)}</td>
                  <td>{t(`console.lifeEvents.${event.type}`)}</td>
                  <td>{event.recordedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
