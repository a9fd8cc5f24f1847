import type { UserAccount } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { usersApi, usersQueryKey } from './users-api';

/** The organisation's people; a locked account is unblocked here, with a reason. */
export function UsersPage() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: usersQueryKey, queryFn: usersApi.list });
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('organisation.users.title')}</h1>
      <ProblemMessage error={users.error} />
      {users.isPending && <p className="loading">{t('common.loading')}</p>}
      {users.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('organisation.users.username')}</th>
              <th scope="col">{t('organisation.users.name')}</th>
              <th scope="col">{t('organisation.users.role')}</th>
              <th scope="col">{t('organisation.users.environment')}</th>
              <th scope="col">{t('organisation.users.state')}</th>
              <th scope="col">{t('organisation.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((user) => (
              <UserRow key={user.id} user={user} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function UserRow({ user }: { user: UserAccount }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>{user.username}</td>
      <td>{user.displayName}</td>
      <td>{t(`roles.${user.role}`)}</td>
      <td>{user.environment ? t(`environments.${user.environment}`) : '—'}</td>
      <td>
        {user.isLocked ? (
          <span className="badge locked">{t('organisation.users.locked')}</span>
        ) : (
          t('organisation.users.active')
        )}
      </td>
      <td>{user.isLocked && <UnblockForm user={user} />}</td>
    </tr>
  );
}

function UnblockForm({ user }: { user: UserAccount }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const unblock = useMutation({
    mutationFn: () => usersApi.unblock(user.id, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    unblock.mutate();
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <label>
        {t('organisation.users.reason')}
        <input
          name="reason"
          required
          minLength={3}
          maxLength={1000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-label={t('organisation.users.reasonFor', { username: user.username })}
        />
      </label>
      <button type="submit" disabled={unblock.isPending}>
        {t('organisation.users.unblock')}
      </button>
      <ProblemMessage error={unblock.error} />
    </form>
  );
}
