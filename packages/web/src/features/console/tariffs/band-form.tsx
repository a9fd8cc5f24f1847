import { type BandTariffKind, bandTariffKinds, type Environment, environments } from '@fpr/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { type BandRow, bandsOf } from './band-rows';
import { TariffKindField } from './tariff-kind-field';
import { blankTariffTerms, TariffTermsFields } from './tariff-terms';

const emptyRow: BandRow = { toCount: '', amount: '' };

/** A new set of monthly bands for a subscription kind; the open set of the same kind ends the day before. */
export function BandForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<BandTariffKind>('environmentSubscription');
  const [environment, setEnvironment] = useState<Environment>('production');
  const [rows, setRows] = useState<BandRow[]>([emptyRow]);
  const [terms, setTerms] = useState(blankTariffTerms);
  const add = useMutation({
    mutationFn: () =>
      consoleApi.addTariffBands({
        kind,
        ...(kind === 'environmentSubscription' ? { environment } : {}),
        bands: bandsOf(rows),
        ...terms,
      }),
    onSuccess: async () => {
      setRows([emptyRow]);
      setTerms({ ...terms, note: '' });
      await queryClient.invalidateQueries({ queryKey: consoleKeys.tariffs });
    },
  });
  const change = (index: number, patch: Partial<BandRow>) =>
    setRows(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.tariffs.addBands')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <TariffKindField kinds={bandTariffKinds} value={kind} onChange={setKind} />
        {kind === 'environmentSubscription' && (
          <label>
            {t('console.tariffs.environment')}
            <select value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
              {environments.map((option) => (
                <option key={option} value={option}>
                  {t(`environments.${option}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <fieldset>
          <legend>{t('console.tariffs.bands')}</legend>
          {rows.map((row, index) => (
            // Rows have no identity of their own: they are edited in place and only the last is removed.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <div key={index} className="band-row">
              <label>
                {t('console.tariffs.bandUpTo', { number: index + 1 })}
                <input
                  inputMode="numeric"
                  required={index < rows.length - 1}
                  disabled={index === rows.length - 1}
                  placeholder={index === rows.length - 1 ? t('console.tariffs.andMore') : ''}
                  value={index === rows.length - 1 ? '' : row.toCount}
                  onChange={(e) => change(index, { toCount: e.target.value })}
                />
              </label>
              <label>
                {t('console.tariffs.bandPrice', { number: index + 1 })}
                <input
                  required
                  inputMode="decimal"
                  value={row.amount}
                  onChange={(e) => change(index, { amount: e.target.value })}
                />
              </label>
            </div>
          ))}
          <button type="button" onClick={() => setRows([...rows, emptyRow])}>
            {t('console.tariffs.addBand')}
          </button>{' '}
          {rows.length > 1 && (
            <button type="button" onClick={() => setRows(rows.slice(0, -1))}>
              {t('console.tariffs.removeBand')}
            </button>
          )}
        </fieldset>
        <TariffTermsFields terms={terms} onChange={setTerms} />
        <div>
          <button type="submit" disabled={add.isPending}>
            {t('console.tariffs.addBandsButton')}
          </button>
        </div>
      </form>
      <ProblemMessage error={add.error} />
    </div>
  );
}
