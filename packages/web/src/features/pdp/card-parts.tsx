import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Section({
  title,
  children,
  isWide,
}: {
  title: string;
  children: ReactNode;
  isWide?: boolean;
}) {
  return (
    <section className={isWide ? 'card-section wide' : 'card-section'}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Rows of label and value; a field the purpose did not deliver is left out. */
export function Facts({ rows }: { rows: Array<[string, ReactNode, boolean]> }) {
  return (
    <dl className="facts">
      {rows
        .filter(([, , isDelivered]) => isDelivered)
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? '—'}</dd>
          </div>
        ))}
    </dl>
  );
}

export function has(scope: object | undefined, field: string): boolean {
  return scope !== undefined && field in scope;
}

export function useYesNo() {
  const { t } = useTranslation();
  return (value: boolean | undefined) => (value ? t('common.yes') : t('common.no'));
}
