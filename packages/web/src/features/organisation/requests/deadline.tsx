import type { ServiceRequest } from '@fpr/contract';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format/format';

/** The deadline and, while PMLP owes an answer, the working days left (overdue marked in words too). */
export function Deadline({ request }: { request: ServiceRequest }) {
  const { t } = useTranslation();
  if (request.deadline === null) return <>—</>;
  if (request.daysLeft === null) return <>{formatDate(request.deadline)}</>;
  return (
    <>
      {formatDate(request.deadline)}{' '}
      {request.isOverdue ? (
        <span className="badge overdue">{t('portal.requests.overdue', { count: -request.daysLeft })}</span>
      ) : (
        <span className="days-left">{t('portal.requests.daysLeft', { count: request.daysLeft })}</span>
      )}
    </>
  );
}
