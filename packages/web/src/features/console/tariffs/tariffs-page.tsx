import { type SingleTariffKind, singleTariffKinds, type Tariff } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, useHasRole } from '../console-ui';
import { centsOf } from '../organisations/money';
import { BandForm } from './band-form';
import { basisPointsOf, formatRate } from './rate';
import { TariffKindField } from './tariff-kind-field';
import { blankTariffTerms, TariffTermsFields } from './tariff-terms';

/**
 * Every tariff over time: per-person fees, monthly bands, one-off fees and the VAT rate. Amounts not
 * taken from a legal act are marked, so nobody mistakes an illustrative price for the law.
 */
export function TariffsPage() {
  const { t } = useTranslation();
  const tariffs = useQuery({ queryKey: consoleKeys.tariffs, queryFn: consoleApi.tariffs });
  const isAdministrator = useHasRole('administrator');
  return (
    <section aria-labelledby="tariffs-title">
      <h1 id="tariffs-title">{t('console.tariffs.title')}</h1>
      <QueryState query={tariffs} />
      {tariffs.data && (
        <table>
          <caption>{t('console.tariffs.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.tariffs.kind')}</th>
              <th scope="col">{t('console.tariffs.band')}</th>
              <th scope="col">{t('console.tariffs.price')}</th>
              <th scope="col">{t('console.tariffs.validFrom')}</th>
              <th scope="col">{t('console.tariffs.validTo')}</th>
              <th scope="col">{t('console.common.note')}</th>
            </tr>
          </thead>
          <tbody>
            {tariffs.data.tariffs.map((tariff) => (
              <TariffRow key={tariff.id} tariff={tariff} />
            ))}
          </tbody>
        </table>
      )}
      {isAdministrator && <NewTariffForm />}
      {isAdministrator && <BandForm />}
    </section>
  );
}

function TariffRow({ tariff }: { tariff: Tariff }) {
  const { t, i18n } = useTranslation();
  const environment = tariff.environment ? ` (${t(`environments.${tariff.environment}`)})` : '';
  return (
    <tr className={tariff.isVerified ? undefined : 'is-unverified'}>
      <td>
        {t(`console.tariffKinds.${tariff.kind}`)}
        {environment}
      </td>
      <td>{bandText(tariff, t)}</td>
      <td>
        {tariff.rateBasisPoints !== null
          ? formatRate(tariff.rateBasisPoints, i18n.language)
          : formatCents(tariff.amountCents ?? 0, i18n.language)}{' '}
        {!tariff.isVerified && <span className="badge warn">{t('console.tariffs.unverified')}</span>}
      </td>
      <td>{formatDate(tariff.validFrom)}</td>
      <td>{tariff.validTo ? formatDate(tariff.validTo) : t('console.tariffs.open')}</td>
      <td>{tariff.note}</td>
    </tr>
  );
}

function bandText(tariff: Tariff, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (tariff.bandFrom === null) return '—';
  if (tariff.bandTo === null) return t('console.tariffs.bandFrom', { from: tariff.bandFrom });
  return t('console.tariffs.bandRange', { from: tariff.bandFrom, to: tariff.bandTo });
}

function NewTariffForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<SingleTariffKind>('stateFeePerPerson');
  const [amount, setAmount] = useState('');
  const [terms, setTerms] = useState(blankTariffTerms);
  const isRate = kind === 'vatRate';
  const add = useMutation({
    mutationFn: () =>
      consoleApi.addTariff({
        kind,
        ...(isRate ? { rateBasisPoints: basisPointsOf(amount) } : { amountCents: centsOf(amount) }),
        ...terms,
      }),
    onSuccess: async () => {
      setAmount('');
      setTerms({ ...terms, validFrom: '', note: '' });
      await queryClient.invalidateQueries({ queryKey: consoleKeys.tariffs });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.tariffs.add')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <TariffKindField kinds={singleTariffKinds} value={kind} onChange={setKind} />
        <label>
          {isRate ? t('console.tariffs.ratePercent') : t('console.ledger.amountEuro')}
          <input required inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <TariffTermsFields terms={terms} onChange={setTerms} />
        <div>
          <button type="submit" disabled={add.isPending}>
            {t('console.tariffs.addButton')}
          </button>
        </div>
      </form>
      <ProblemMessage error={add.error} />
    </div>
  );
}
