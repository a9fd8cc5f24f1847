import type { UserAccount } from '@fpr/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, ReasonForm } from '../console-ui';

/** PMLP's own staff; a locked account is unblocked here with a reason. */
export function StaffUsersPage() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: consoleKeys.staff, queryFn: consoleApi.staff });
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">{t('console.users.title')}</h1>
      <QueryState query={users} />
      {users.data && <StaffUsersTable users={users.data.users} />}
    </section>
  );
}

/** Accounts with their state; a locked one gets an unblock form (administrators unblock any account). */
export function StaffUsersTable({ users }: { users: readonly UserAccount[] }) {
  const { t } = useTranslation();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('console.users.username')}</th>
          <th scope="col">{t('console.users.name')}</th>
          <th scope="col">{t('console.users.role')}</th>
          <th scope="col">{t('console.common.status')}</th>
          <th scope="col">{t('console.common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.username}</td>
            <td>{user.displayName}</td>
            <td>{t(`roles.${user.role}`)}</td>
            <td>
              {user.isLocked ? (
                <span className="badge bad">{t('console.users.locked')}</span>
              ) : (
                t('console.users.active')
              )}
            </td>
            <td>
              {user.isLocked && (
                <ReasonForm
                  reasonLabel={t('console.users.reasonFor', { username: user.username })}
                  submitLabel={t('console.users.unblock')}
                  onSubmit={(reason) => consoleApi.unblock(user.id, { reason })}
                  invalidates={[consoleKeys.staff, ['console', 'organisation']]}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
