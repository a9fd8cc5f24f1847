import type { PurposeGrant } from '@fpr/contract';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate } from '../../shared/format/format';
import { ProblemMessage } from '../../shared/ui/problem-message';
import { type LookupCriteria, type Person, useMe } from './pdp-api';
import { usePdp } from './pdp-state';
import { personName, scopeOf } from './person-name';

type SearchKind = LookupCriteria['type'];

/** Choose a purpose, name the case, then search by personal code or by name and birth date. */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const pdp = usePdp();
  if (me.isPending) return <p className="loading">{t('common.loading')}</p>;
  if (me.isError) return <ProblemMessage error={me.error} />;
  const { purposes, balanceCents, feePerPersonCents, organisation } = me.data;
  const purpose = pdp.purpose ?? (purposes.length === 1 ? purposes[0] : undefined);
  return (
    <section aria-labelledby="pdp-title">
      <h1 id="pdp-title">{t('pdp.title')}</h1>
      <p className="account-line">
        {organisation.name} · {t('pdp.balance')}:{' '}
        <strong data-testid="balance">{formatCents(balanceCents, i18n.language)}</strong>
        {feePerPersonCents > 0
          ? ` · ${t('pdp.feePerPerson', { fee: formatCents(feePerPersonCents, i18n.language) })}`
          : ` · ${t('pdp.noFee')}`}
      </p>
      {purposes.length === 0 ? (
        <p className="notice">{t('pdp.noPurposes')}</p>
      ) : (
        <>
          <PurposeChoice purposes={purposes} chosen={purpose} />
          {purpose && <SearchForm purpose={purpose} isCharged={feePerPersonCents > 0} />}
        </>
      )}
      <ProblemMessage error={pdp.lookupError} />
      <Results />
    </section>
  );
}

function PurposeChoice({ purposes, chosen }: { purposes: PurposeGrant[]; chosen: PurposeGrant | undefined }) {
  const { t } = useTranslation();
  const pdp = usePdp();
  return (
    <fieldset className="purposes">
      <legend>{t('pdp.purpose')}</legend>
      {purposes.map((purpose) => (
        <label key={purpose.id} className="radio">
          <input
            type="radio"
            name="purpose"
            value={purpose.id}
            checked={chosen?.id === purpose.id}
            onChange={() => pdp.setPurpose(purpose)}
          />
          <span>
            {purpose.purpose}
            <small>{purpose.legalBasis}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function SearchForm({ purpose, isCharged }: { purpose: PurposeGrant; isCharged: boolean }) {
  const { t } = useTranslation();
  const pdp = usePdp();
  const [kind, setKind] = useState<SearchKind>('byPersonalCode');
  const [personalCode, setPersonalCode] = useState('');
  const [surname, setSurname] = useState('');
  const [givenName, setGivenName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [includeDeceased, setIncludeDeceased] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const criteria: LookupCriteria =
      kind === 'byPersonalCode'
        ? { type: kind, personalCode }
        : { type: kind, surname, givenName, birthDate, includeDeceased };
    pdp.requestLookup({ criteria, context: { purpose, caseReference: pdp.caseReference } }, isCharged);
  };
  return (
    <form onSubmit={submit} className="stacked search-form">
      <label>
        {t('pdp.caseReference')}
        {purpose.requiresCaseReference ? ` (${t('common.required')})` : ''}
        <input
          name="caseReference"
          maxLength={100}
          required={purpose.requiresCaseReference}
          value={pdp.caseReference}
          onChange={(event) => pdp.setCaseReference(event.target.value)}
        />
      </label>
      <fieldset className="inline">
        <legend>{t('pdp.searchBy')}</legend>
        <label className="radio">
          <input
            type="radio"
            name="kind"
            checked={kind === 'byPersonalCode'}
            onChange={() => setKind('byPersonalCode')}
          />
          {t('pdp.byPersonalCode')}
        </label>
        <label className="radio">
          <input
            type="radio"
            name="kind"
            checked={kind === 'byNameAndBirthDate'}
            onChange={() => setKind('byNameAndBirthDate')}
          />
          {t('pdp.byNameAndBirthDate')}
        </label>
      </fieldset>
      {kind === 'byPersonalCode' ? (
        <label>
          {t('pdp.personalCode')}
          <input
            name="personalCode"
            required
            pattern="\d{6}-?\d{5}"
            autoComplete="off"
            placeholder="010190-10415"
            value={personalCode}
            onChange={(event) => setPersonalCode(event.target.value)}
          />
        </label>
      ) : (
        <>
          <label>
            {t('pdp.surname')}
            <input
              name="surname"
              required
              value={surname}
              onChange={(event) => setSurname(event.target.value)}
            />
          </label>
          <label>
            {t('pdp.givenName')}
            <input
              name="givenName"
              value={givenName}
              onChange={(event) => setGivenName(event.target.value)}
            />
          </label>
          <label>
            {t('pdp.birthDate')}
            <input
              name="birthDate"
              type="date"
              required
              value={birthDate}
              onChange={(event) => setBirthDate(event.target.value)}
            />
          </label>
          <label className="radio">
            <input
              type="checkbox"
              name="includeDeceased"
              checked={includeDeceased}
              onChange={(event) => setIncludeDeceased(event.target.checked)}
            />
            {t('pdp.includeDeceased')}
          </label>
        </>
      )}
      <button type="submit" className="primary" disabled={pdp.isLookingUp}>
        {t('pdp.search')}
      </button>
    </form>
  );
}

function Results() {
  const { t } = useTranslation();
  const pdp = usePdp();
  if (pdp.results === undefined) return null;
  if (pdp.results.length === 0)
    return (
      <p className="notice" role="status">
        {t('pdp.nobodyFound')}
      </p>
    );
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('pdp.results', { count: pdp.results.length })}</h2>
      <ul className="results">
        {pdp.results.map((person: Person) => (
          <li key={person.personalCode}>
            <button type="button" className="link" onClick={() => pdp.showPerson(person)}>
              {personName(person) ?? person.personalCode}
            </button>{' '}
            {person.personalCode}
            {scopeOf(person, 'identity')?.birthDate
              ? ` · ${formatDate(scopeOf(person, 'identity')?.birthDate)}`
              : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
