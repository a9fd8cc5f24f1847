import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDate } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, useHasRole } from '../console-ui';
import { centsOf } from '../organisations/money';

/** The state fee per person over time; an administrator opens the next period (the open one ends the day before). */
export function TariffsPage() {
  const { t, i18n } = useTranslation();
  const tariffs = useQuery({ queryKey: consoleKeys.tariffs, queryFn: consoleApi.tariffs });
  const isAdministrator = useHasRole('administrator');
  return (
    <section aria-labelledby="tariffs-title">
      <h1 id="tariffs-title">{t('console.tariffs.title')}</h1>
      <QueryState query={tariffs} />
      {tariffs.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('console.tariffs.kind')}</th>
              <th scope="col">{t('console.ledger.amount')}</th>
              <th scope="col">{t('console.tariffs.validFrom')}</th>
              <th scope="col">{t('console.tariffs.validTo')}</th>
              <th scope="col">{t('console.common.note')}</th>
            </tr>
          </thead>
          <tbody>
            {tariffs.data.tariffs.map((tariff) => (
              <tr key={tariff.id}>
                <td>{t('console.tariffs.stateFeePerPerson')}</td>
                <td>{formatCents(tariff.amountCents, i18n.language)}</td>
                <td>{formatDate(tariff.validFrom)}</td>
                <td>{tariff.validTo ? formatDate(tariff.validTo) : t('console.tariffs.open')}</td>
                <td>{tariff.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdministrator && <NewTariffForm />}
    </section>
  );
}

function NewTariffForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [note, setNote] = useState('');
  const add = useMutation({
    mutationFn: () =>
      consoleApi.addTariff({ kind: 'stateFeePerPerson', amountCents: centsOf(amount), validFrom, note }),
    onSuccess: async () => {
      setAmount('');
      setValidFrom('');
      setNote('');
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
        <label>
          {t('console.ledger.amountEuro')}
          <input required inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          {t('console.tariffs.validFrom')}
          <input type="date" required value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
        </label>
        <label>
          {t('console.tariffs.legalAct')}
          <input
            required
            minLength={3}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
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
