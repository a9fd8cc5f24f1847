import { environments, requestChannels, type ScopeName, scopeNames } from '@fpr/contract';
import { useTranslation } from 'react-i18next';
import { msg } from '../../../shared/i18n/message';
import type { DraftProblem, RequestDraft, ScopeDraft } from './request-draft';
import { fieldPathsOf, toggled, toggleScope } from './request-draft';
import { channelLabels } from './request-labels';

export interface StepProps {
  draft: RequestDraft;
  change: (draft: RequestDraft) => void;
  problems: DraftProblem[];
}

/** `aria-invalid` and the message's id for an input the check found wrong. */
function invalid(problems: DraftProblem[], inputId: string) {
  const isWrong = problems.some((problem) => problem.inputId === inputId);
  return isWrong ? { 'aria-invalid': true, 'aria-describedby': `${inputId}-problem` } : {};
}

function InputProblem({ problems, inputId }: { problems: DraftProblem[]; inputId: string }) {
  const { t } = useTranslation();
  const problem = problems.find((candidate) => candidate.inputId === inputId);
  if (!problem) return null;
  return (
    <span id={`${inputId}-problem`} className="input-problem">
      {t(problem.message)}
    </span>
  );
}

/** Step 1: the title and each requested scope with its legal basis and purpose. */
export function ScopesStep({ draft, change, problems }: StepProps) {
  const { t } = useTranslation();
  const chosen = new Set(draft.scopes.map((scope) => scope.scope));
  const updateScope = (next: ScopeDraft) =>
    change({ ...draft, scopes: draft.scopes.map((scope) => (scope.scope === next.scope ? next : scope)) });
  return (
    <>
      <label className="field">
        {t('portal.wizard.title')}
        <input
          id="request-title"
          value={draft.title}
          maxLength={200}
          onChange={(event) => change({ ...draft, title: event.target.value })}
          {...invalid(problems, 'request-title')}
        />
        <InputProblem problems={problems} inputId="request-title" />
      </label>
      <fieldset>
        <legend>{t('portal.wizard.scopes')}</legend>
        <p className="hint">{t('portal.wizard.scopesHint')}</p>
        <div className="checkbox-grid">
          {scopeNames.map((scope) => (
            <label key={scope} className="checkbox">
              <input
                type="checkbox"
                id={`scope-${scope}`}
                checked={chosen.has(scope)}
                onChange={() => change(toggleScope(draft, scope, scopeNames))}
                {...(scope === 'identity' ? invalid(problems, 'scope-identity') : {})}
              />
              {t(`scopes.${scope}`)}
            </label>
          ))}
        </div>
        <InputProblem problems={problems} inputId="scope-identity" />
      </fieldset>
      {draft.scopes.map((scope) => (
        <ScopeMotivation key={scope.scope} scope={scope} change={updateScope} problems={problems} />
      ))}
    </>
  );
}

function ScopeMotivation({
  scope,
  change,
  problems,
}: {
  scope: ScopeDraft;
  change: (scope: ScopeDraft) => void;
  problems: DraftProblem[];
}) {
  const { t } = useTranslation();
  const legalBasisId = `legal-basis-${scope.scope}`;
  const purposeId = `purpose-${scope.scope}`;
  return (
    <fieldset className="scope-motivation">
      <legend>{t(`scopes.${scope.scope}`)}</legend>
      <label className="field">
        {t('portal.wizard.legalBasis')}
        <input
          id={legalBasisId}
          value={scope.legalBasis}
          maxLength={500}
          placeholder={t('portal.wizard.legalBasisExample')}
          onChange={(event) => change({ ...scope, legalBasis: event.target.value })}
          {...invalid(problems, legalBasisId)}
        />
        <InputProblem problems={problems} inputId={legalBasisId} />
      </label>
      <label className="field">
        {t('portal.wizard.purpose')}
        <textarea
          id={purposeId}
          value={scope.purpose}
          maxLength={1000}
          rows={2}
          onChange={(event) => change({ ...scope, purpose: event.target.value })}
          {...invalid(problems, purposeId)}
        />
        <InputProblem problems={problems} inputId={purposeId} />
      </label>
      <FieldChoice
        scope={scope.scope}
        fields={scope.fields}
        change={(fields) => change({ ...scope, fields })}
      />
    </fieldset>
  );
}

function FieldChoice({
  scope,
  fields,
  change,
}: {
  scope: ScopeName;
  fields: string[];
  change: (fields: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <details open={fields.length > 0}>
      <summary>
        {fields.length === 0
          ? t('portal.wizard.wholeScope')
          : t('portal.wizard.someFields', { count: fields.length })}
      </summary>
      <div className="checkbox-grid field-grid">
        {fieldPathsOf(scope).map((path) => (
          <label key={path} className="checkbox">
            <input
              type="checkbox"
              checked={fields.includes(path)}
              onChange={() => change(toggled(fields, path))}
            />
            <code>{path}</code>
          </label>
        ))}
      </div>
    </details>
  );
}

/** Step 2: the channels and the environments. */
export function AccessStep({ draft, change, problems }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset>
        <legend>{t('portal.wizard.channels')}</legend>
        {requestChannels.map((channel) => (
          <label key={channel} className="checkbox">
            <input
              type="checkbox"
              id={`channel-${channel}`}
              checked={draft.channels.includes(channel)}
              onChange={() => change({ ...draft, channels: toggled(draft.channels, channel) })}
              {...(channel === 'api' ? invalid(problems, 'channel-api') : {})}
            />
            {t(channelLabels[channel])}
          </label>
        ))}
        <InputProblem problems={problems} inputId="channel-api" />
      </fieldset>
      <fieldset>
        <legend>{t('portal.wizard.environments')}</legend>
        {environments.map((environment) => (
          <label key={environment} className="checkbox">
            <input
              type="checkbox"
              id={`environment-${environment}`}
              checked={draft.environments.includes(environment)}
              onChange={() => change({ ...draft, environments: toggled(draft.environments, environment) })}
              {...(environment === 'test' ? invalid(problems, 'environment-test') : {})}
            />
            {t(`environments.${environment}`)}
          </label>
        ))}
        <InputProblem problems={problems} inputId="environment-test" />
      </fieldset>
    </>
  );
}

/** Step 3: the expected number of system users and monitoring. */
export function UsageStep({ draft, change, problems }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field narrow">
        {t('portal.wizard.expectedUsers')}
        <input
          id="expected-users"
          type="number"
          min={0}
          max={10000}
          step={1}
          value={draft.expectedSystemUsers}
          onChange={(event) => change({ ...draft, expectedSystemUsers: event.target.value })}
          {...invalid(problems, 'expected-users')}
        />
        <InputProblem problems={problems} inputId="expected-users" />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          id="wants-monitoring"
          checked={draft.wantsMonitoring}
          onChange={(event) => change({ ...draft, wantsMonitoring: event.target.checked })}
        />
        {t('portal.wizard.monitoring')}
      </label>
      <p className="hint">{t('portal.wizard.monitoringHint')}</p>
    </>
  );
}

const maxContacts = 10;

const contactFieldLabels = {
  name: msg('portal.wizard.contactFields.name'),
  email: msg('portal.wizard.contactFields.email'),
  phone: msg('portal.wizard.contactFields.phone'),
};

/** Step 4: the organisation's contact persons for this request. */
export function ContactsStep({ draft, change, problems }: StepProps) {
  const { t } = useTranslation();
  const update = (index: number, field: 'name' | 'email' | 'phone', value: string) =>
    change({
      ...draft,
      contactPersons: draft.contactPersons.map((person, at) =>
        at === index ? { ...person, [field]: value } : person,
      ),
    });
  return (
    <>
      {draft.contactPersons.map((person, index) => (
        // Contacts have no identity of their own until saved; their place is their key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <fieldset key={index} className="contact">
          <legend>{t('portal.wizard.contact', { number: index + 1 })}</legend>
          {(['name', 'email', 'phone'] as const).map((field) => {
            const inputId = `contact-${field}-${index}`;
            return (
              <label key={field} className="field">
                {t(contactFieldLabels[field])}
                <input
                  id={inputId}
                  type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
                  autoComplete={field === 'name' ? 'name' : field === 'email' ? 'email' : 'tel'}
                  value={person[field]}
                  onChange={(event) => update(index, field, event.target.value)}
                  {...invalid(problems, inputId)}
                />
                <InputProblem problems={problems} inputId={inputId} />
              </label>
            );
          })}
          {draft.contactPersons.length > 1 && (
            <button
              type="button"
              onClick={() =>
                change({ ...draft, contactPersons: draft.contactPersons.filter((_, at) => at !== index) })
              }
            >
              {t('portal.wizard.removeContact', { number: index + 1 })}
            </button>
          )}
        </fieldset>
      ))}
      {draft.contactPersons.length < maxContacts && (
        <button
          type="button"
          onClick={() =>
            change({
              ...draft,
              contactPersons: [...draft.contactPersons, { name: '', email: '', phone: '' }],
            })
          }
        >
          {t('portal.wizard.addContact')}
        </button>
      )}
    </>
  );
}
