import { useTranslation } from 'react-i18next';

/** What every new tariff states besides its price: from when, under which legal act, and whether that act was checked. */
export interface TariffTerms {
  validFrom: string;
  note: string;
  isVerified: boolean;
}

export const blankTariffTerms: TariffTerms = { validFrom: '', note: '', isVerified: true };

/** The fields of a tariff's terms, shared by the single-tariff and the band forms. */
export function TariffTermsFields({
  terms,
  onChange,
}: {
  terms: TariffTerms;
  onChange: (terms: TariffTerms) => void;
}) {
  const { t } = useTranslation();
  const change = (patch: Partial<TariffTerms>) => onChange({ ...terms, ...patch });
  return (
    <>
      <label>
        {t('console.tariffs.validFrom')}
        <input
          type="date"
          required
          value={terms.validFrom}
          onChange={(e) => change({ validFrom: e.target.value })}
        />
      </label>
      <label>
        {t('console.tariffs.legalAct')}
        <input
          required
          minLength={3}
          maxLength={1000}
          value={terms.note}
          onChange={(e) => change({ note: e.target.value })}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={terms.isVerified}
          onChange={(e) => change({ isVerified: e.target.checked })}
        />
        {t('console.tariffs.isVerified')}
      </label>
    </>
  );
}
