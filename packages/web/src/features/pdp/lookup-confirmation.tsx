import { useTranslation } from 'react-i18next';
import { formatCents } from '../../shared/format/format';
import { ConfirmDialog } from '../../shared/ui/confirm-dialog';
import { useMe } from './pdp-api';
import { usePdp } from './pdp-state';

/** Before a charged lookup: the fee, the balance, and a question. */
export function LookupConfirmation() {
  const { t, i18n } = useTranslation();
  const { pending, confirmLookup, cancelLookup } = usePdp();
  const me = useMe();
  if (!pending || !me.data) return null;
  const fee = formatCents(me.data.feePerPersonCents, i18n.language);
  const isSearch = pending.criteria.type === 'byNameAndBirthDate';
  return (
    <ConfirmDialog
      title={t('pdp.confirm.title')}
      confirmLabel={t('pdp.confirm.confirm')}
      onConfirm={confirmLookup}
      onCancel={cancelLookup}
    >
      {pending.subject && <p>{t('pdp.confirm.subject', { name: pending.subject })}</p>}
      <p>{isSearch ? t('pdp.confirm.feePerMatch', { fee, cap: 10 }) : t('pdp.confirm.fee', { fee })}</p>
      <p>{t('pdp.confirm.balance', { balance: formatCents(me.data.balanceCents, i18n.language) })}</p>
    </ConfirmDialog>
  );
}
