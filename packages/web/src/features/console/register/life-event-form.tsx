import { documentTypes, type Environment } from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rigaToday } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi } from '../console-api';
import {
  type LifeEventFields,
  lifeEventOf,
  type RecordableEvent,
  recordableEvents,
} from './life-event-input';

const fieldsOf: Record<RecordableEvent, { name: string; type?: string; optional?: boolean }[]> = {
  nameChanged: [
    { name: 'givenNames', optional: true },
    { name: 'surname', optional: true },
    { name: 'reason' },
  ],
  addressDeclared: [{ name: 'addressCode' }, { name: 'addressText' }, { name: 'postcode' }, { name: 'atvk' }],
  married: [{ name: 'spousePersonalCode' }, { name: 'surname', optional: true }],
  divorced: [],
  documentIssued: [{ name: 'documentNumber' }, { name: 'validUntil', type: 'date' }, { name: 'issuer' }],
  died: [{ name: 'deathPlace', optional: true }],
};

interface LifeEventFormProps {
  environment: Environment;
  personalCode: string;
  onRecorded: () => void;
}

export function LifeEventForm({ environment, personalCode, onRecorded }: LifeEventFormProps) {
  const { t } = useTranslation();
  const [type, setType] = useState<RecordableEvent>('addressDeclared');
  const [effectiveDate, setEffectiveDate] = useState(rigaToday);
  const [fields, setFields] = useState<LifeEventFields>({ documentType: 'passport' });
  const record = useMutation({
    mutationFn: () =>
      consoleApi.recordLifeEvent(lifeEventOf(type, { environment, personalCode, effectiveDate }, fields)),
    onSuccess: () => {
      setFields({ documentType: 'passport' });
      onRecorded();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.register.recordEvent')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <label>
          {t('console.register.event')}
          <select value={type} onChange={(e) => setType(e.target.value as RecordableEvent)}>
            {recordableEvents.map((event) => (
              <option key={event} value={event}>
                {t(`console.lifeEvents.${event}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.register.effectiveDate')}
          <input
            type="date"
            required
            value={effectiveDate}
            onChange={(e) => setEffectiveDate(e.target.value)}
          />
        </label>
        {type === 'documentIssued' && (
          <label>
            {t('console.register.documentType')}
            <select
              value={fields.documentType}
              onChange={(e) => setFields({ ...fields, documentType: e.target.value })}
            >
              {documentTypes.map((documentType) => (
                <option key={documentType} value={documentType}>
                  {t(`documentTypes.${documentType}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {fieldsOf[type].map((field) => (
          <label key={field.name}>
            {t(`console.register.fields.${field.name}`)}
            {field.optional ? ` (${t('console.register.optional')})` : ''}
            <input
              type={field.type ?? 'text'}
              required={!field.optional}
              autoComplete="off"
              value={fields[field.name] ?? ''}
              onChange={(e) => setFields({ ...fields, [field.name]: e.target.value })}
            />
          </label>
        ))}
        <div>
          <button type="submit" className="primary" disabled={record.isPending}>
            {t('console.register.record')}
          </button>
        </div>
      </form>
      <ProblemMessage error={record.error} />
      {record.data && (
        <p className="notice">{t('console.register.recorded', { persons: record.data.changes.length })}</p>
      )}
    </div>
  );
}
