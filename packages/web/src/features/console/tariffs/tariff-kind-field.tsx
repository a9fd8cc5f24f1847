import { useTranslation } from 'react-i18next';

/** The kind of tariff a form adds, out of the kinds that form takes. */
export function TariffKindField<Kind extends string>({
  kinds,
  value,
  onChange,
}: {
  kinds: readonly Kind[];
  value: Kind;
  onChange: (kind: Kind) => void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {t('console.tariffs.kind')}
      <select value={value} onChange={(e) => onChange(e.target.value as Kind)}>
        {kinds.map((option) => (
          <option key={option} value={option}>
            {t(`console.tariffKinds.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
