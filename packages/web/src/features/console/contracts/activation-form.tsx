import type { ContractDetail, Environment, PurposeChannel, PurposeInput } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rigaToday } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState } from '../console-ui';
import { purposesOf } from './purposes-of';

const channelOptions: PurposeChannel[] = ['api', 'pdp'];
const environmentOptions: Environment[] = ['test', 'production'];

/** The agreed contract becomes purposes: what each grants, where, from when. */
export function ActivationForm({ contract }: { contract: ContractDetail }) {
  const { t } = useTranslation();
  const request = useQuery({
    queryKey: consoleKeys.request(contract.requestId),
    queryFn: () => consoleApi.request(contract.requestId),
  });
  return (
    <div className="panel">
      <h2>{t('console.activation.title')}</h2>
      <p>{t('console.activation.help')}</p>
      <QueryState query={request} />
      {request.data && <PurposesEditor contract={contract} initial={purposesOf(request.data, rigaToday())} />}
    </div>
  );
}

function PurposesEditor({ contract, initial }: { contract: ContractDetail; initial: PurposeInput[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [purposes, setPurposes] = useState(initial);
  const activate = useMutation({
    mutationFn: () => consoleApi.activate(contract.id, { purposes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['console'] }),
  });
  const change = (index: number, patch: Partial<PurposeInput>) =>
    setPurposes((current) =>
      current.map((purpose, at) => (at === index ? { ...purpose, ...patch } : purpose)),
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    activate.mutate();
  };
  return (
    <form onSubmit={submit}>
      {purposes.map((purpose, index) => (
        <PurposeFields
          // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders; a purpose is its position
          key={index}
          index={index}
          purpose={purpose}
          onChange={(patch) => change(index, patch)}
        />
      ))}
      <button type="submit" className="primary" disabled={activate.isPending}>
        {t('console.activation.activate')}
      </button>
      <ProblemMessage error={activate.error} />
    </form>
  );
}

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...new Set([...list, value])] : list.filter((item) => item !== value);
}

interface PurposeFieldsProps {
  index: number;
  purpose: PurposeInput;
  onChange: (patch: Partial<PurposeInput>) => void;
}

function PurposeFields({ index, purpose, onChange }: PurposeFieldsProps) {
  const { t } = useTranslation();
  const granted = [...(purpose.scopes ?? []).map((scope) => t(`scopes.${scope}`)), ...(purpose.fields ?? [])];
  return (
    <fieldset>
      <legend>
        {t('console.activation.purposeNumber', { number: index + 1, data: granted.join(', ') })}
      </legend>
      <div className="grid-form">
        <label>
          {t('console.common.legalBasis')}
          <input
            required
            maxLength={500}
            value={purpose.legalBasis}
            onChange={(event) => onChange({ legalBasis: event.target.value })}
          />
        </label>
        <label>
          {t('console.common.purpose')}
          <input
            required
            maxLength={2000}
            value={purpose.purpose}
            onChange={(event) => onChange({ purpose: event.target.value })}
          />
        </label>
        <label>
          {t('console.activation.validFrom')}
          <input
            type="date"
            required
            value={purpose.validFrom}
            onChange={(event) => onChange({ validFrom: event.target.value })}
          />
        </label>
        <PopulationField purpose={purpose} onChange={onChange} />
      </div>
      <div className="toolbar">
        {channelOptions.map((channel) => (
          <label key={channel} className="radio">
            <input
              type="checkbox"
              checked={purpose.channels.includes(channel)}
              onChange={(event) =>
                onChange({ channels: toggle(purpose.channels, channel, event.target.checked) })
              }
            />
            {t(`console.channels.${channel}`)}
          </label>
        ))}
        {environmentOptions.map((environment) => (
          <label key={environment} className="radio">
            <input
              type="checkbox"
              checked={purpose.environments.includes(environment)}
              onChange={(event) =>
                onChange({ environments: toggle(purpose.environments, environment, event.target.checked) })
              }
            />
            {t(`environments.${environment}`)}
          </label>
        ))}
        <label className="radio">
          <input
            type="checkbox"
            checked={purpose.monitoring}
            onChange={(event) => onChange({ monitoring: event.target.checked })}
          />
          {t('console.request.monitoring')}
        </label>
        <label className="radio">
          <input
            type="checkbox"
            checked={purpose.requiresCaseReference ?? false}
            onChange={(event) => onChange({ requiresCaseReference: event.target.checked })}
          />
          {t('console.activation.requiresCaseReference')}
        </label>
      </div>
    </fieldset>
  );
}

/**
 * The population a local purpose serves, as ATVK codes separated by commas or spaces; kept as typed
 * while editing, sent as the list (none when empty). The server checks each code.
 */
function PopulationField({ purpose, onChange }: Omit<PurposeFieldsProps, 'index'>) {
  const { t } = useTranslation();
  const hintId = useId();
  const [text, setText] = useState((purpose.populationTerritories ?? []).join(', '));
  const update = (value: string) => {
    setText(value);
    const codes = value.split(/[\s,;]+/).filter((code) => code !== '');
    onChange({ populationTerritories: codes.length > 0 ? codes : undefined });
  };
  return (
    <label>
      {t('console.activation.populationTerritories')}
      <input
        inputMode="numeric"
        autoComplete="off"
        aria-describedby={hintId}
        value={text}
        onChange={(event) => update(event.target.value)}
      />
      <small id={hintId}>{t('console.activation.populationHint')}</small>
    </label>
  );
}
