import type { LoginResponse } from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { ApiProblem } from '../../shared/api/client';
import { api } from '../../shared/api/endpoints';
import { homeOf } from '../../shared/auth/home';
import { useSession } from '../../shared/auth/session';
import { LanguageSwitch } from '../../shared/layout/language-switch';
import { ProblemMessage } from '../../shared/ui/problem-message';

/** Username, password and the authenticator's six-digit code (API §2). */
export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const login = useMutation({
    mutationFn: () => api.logIn({ username, password, totpCode }),
    onSuccess: (response: LoginResponse) => session.logIn(response),
    onSettled: () => setTotpCode(''),
  });
  if (session.user) return <Navigate to={homeOf(session.user)} replace />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  return (
    <main id="main" className="login">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {session.ended && !login.isError && (
        <p className="notice" role="status">
          {session.ended === 'expired' ? t('login.sessionExpired') : t('login.loggedOut')}
        </p>
      )}
      <form onSubmit={submit} className="stacked">
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <label>
          {t('login.totpCode')}
          <input
            name="totpCode"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            required
            value={totpCode}
            onChange={(event) => setTotpCode(event.target.value.trim())}
          />
        </label>
        <button type="submit" className="primary" disabled={login.isPending}>
          {t('login.submit')}
        </button>
      </form>
      <LoginError error={login.error} />
    </main>
  );
}

function LoginError({ error }: { error: Error | null }) {
  const { t } = useTranslation();
  if (error === null) return null;
  if (error instanceof ApiProblem && error.code === 'accountLocked')
    return (
      <p className="problem" role="alert">
        {t('login.locked')}
      </p>
    );
  if (error instanceof ApiProblem && error.code === 'authentication')
    return (
      <p className="problem" role="alert">
        {t('login.wrongCredentials')}
      </p>
    );
  return <ProblemMessage error={error} />;
}
