import {
  type CreatedSystemClient,
  type Environment,
  environments,
  type PublicJwk,
  type SystemClient,
} from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { clientsApi, clientsQueryKey } from './clients-api';
import { SecretDialog } from './secret-dialog';

type Credential = 'key' | 'secret';

/** The organisation's system clients: register one with a public key or a generated secret, revoke one. */
export function ClientsPage() {
  const { t } = useTranslation();
  const clients = useQuery({ queryKey: clientsQueryKey, queryFn: clientsApi.list });
  const [created, setCreated] = useState<CreatedSystemClient | null>(null);
  return (
    <section aria-labelledby="clients-title">
      <h1 id="clients-title">{t('portal.clients.title')}</h1>
      <RegisterForm onCreated={setCreated} />
      {created && !created.clientSecret && (
        <p className="notice" role="status">
          {t('portal.clients.registered', { clientId: created.clientId })}
        </p>
      )}
      {created?.clientSecret && (
        <SecretDialog
          clientId={created.clientId}
          secret={created.clientSecret}
          onClose={() => setCreated({ ...created, clientSecret: undefined })}
        />
      )}
      <h2>{t('portal.clients.list')}</h2>
      <ProblemMessage error={clients.error} />
      {clients.isPending && <p className="loading">{t('common.loading')}</p>}
      {clients.data?.clients.length === 0 && <p>{t('portal.clients.none')}</p>}
      {clients.data && clients.data.clients.length > 0 && (
        <table className="clients">
          <thead>
            <tr>
              <th scope="col">{t('portal.clients.name')}</th>
              <th scope="col">client_id</th>
              <th scope="col">{t('portal.clients.environment')}</th>
              <th scope="col">{t('portal.clients.method')}</th>
              <th scope="col">{t('portal.clients.created')}</th>
              <th scope="col">{t('portal.clients.state')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.data.clients.map((client) => (
              <ClientRow key={client.clientId} client={client} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function parseJwk(text: string): PublicJwk | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PublicJwk) : null;
  } catch {
    return null;
  }
}

function RegisterForm({ onCreated }: { onCreated: (client: CreatedSystemClient) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('test');
  const [credential, setCredential] = useState<Credential>('key');
  const [jwkText, setJwkText] = useState('');
  const [isJwkInvalid, setIsJwkInvalid] = useState(false);
  const create = useMutation({
    mutationFn: (publicJwk: PublicJwk | undefined) =>
      clientsApi.create({
        name: name.trim(),
        environment,
        ...(publicJwk ? { publicJwk } : { generateSecret: true }),
      }),
    onSuccess: async (client) => {
      setName('');
      setJwkText('');
      onCreated(client);
      await queryClient.invalidateQueries({ queryKey: clientsQueryKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const publicJwk = credential === 'key' ? parseJwk(jwkText) : undefined;
    setIsJwkInvalid(publicJwk === null);
    if (publicJwk !== null) create.mutate(publicJwk);
  };
  return (
    <form onSubmit={submit} className="stacked client-form" aria-labelledby="register-title">
      <h2 id="register-title">{t('portal.clients.register')}</h2>
      <label>
        {t('portal.clients.name')}
        <input required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <fieldset className="inline">
        <legend>{t('portal.clients.environment')}</legend>
        {environments.map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name="environment"
              checked={environment === value}
              onChange={() => setEnvironment(value)}
            />
            {t(`environments.${value}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('portal.clients.credential')}</legend>
        <label className="radio">
          <input
            type="radio"
            name="credential"
            checked={credential === 'key'}
            onChange={() => setCredential('key')}
          />
          <span>
            {t('portal.clients.useKey')}
            <small>{t('portal.clients.useKeyHint')}</small>
          </span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name="credential"
            checked={credential === 'secret'}
            onChange={() => setCredential('secret')}
          />
          <span>
            {t('portal.clients.useSecret')}
            <small>{t('portal.clients.useSecretHint')}</small>
          </span>
        </label>
      </fieldset>
      {credential === 'key' && (
        <label>
          {t('portal.clients.jwkFile')}
          <input
            type="file"
            accept=".json,.jwk,application/json,application/jwk+json"
            onChange={(event) => void event.target.files?.[0]?.text().then(setJwkText)}
          />
        </label>
      )}
      {credential === 'key' && (
        <label>
          {t('portal.clients.jwk')}
          <textarea
            required
            rows={5}
            className="code"
            spellCheck={false}
            value={jwkText}
            placeholder='{"kty":"EC","crv":"P-256","x":"…","y":"…"}'
            onChange={(event) => setJwkText(event.target.value)}
            aria-invalid={isJwkInvalid || undefined}
            aria-describedby={isJwkInvalid ? 'jwk-problem' : undefined}
          />
          {isJwkInvalid && (
            <span id="jwk-problem" className="input-problem">
              {t('portal.clients.jwkNotJson')}
            </span>
          )}
        </label>
      )}
      <ProblemMessage error={create.error} />
      <button type="submit" className="primary" disabled={create.isPending}>
        {t('portal.clients.registerButton')}
      </button>
    </form>
  );
}

function ClientRow({ client }: { client: SystemClient }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>{client.name}</td>
      <td>
        <code>{client.clientId}</code>
      </td>
      <td>{t(`environments.${client.environment}`)}</td>
      <td>
        <code>{client.authMethod}</code>
      </td>
      <td>{formatDateTime(client.createdAt)}</td>
      <td>
        {client.revokedAt ? (
          <span className="badge locked" title={client.revocationReason ?? undefined}>
            {t('portal.clients.revokedAt', { at: formatDateTime(client.revokedAt) })}
          </span>
        ) : (
          <RevokeForm client={client} />
        )}
      </td>
    </tr>
  );
}

function RevokeForm({ client }: { client: SystemClient }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () => clientsApi.revoke(client.clientId, reason.trim()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientsQueryKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    revoke.mutate();
  };
  return (
    <details>
      <summary>{t('portal.clients.active')}</summary>
      <form onSubmit={submit} className="inline-form">
        <label>
          {t('portal.clients.revokeReason')}
          <input
            required
            minLength={3}
            maxLength={1000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-label={t('portal.clients.revokeReasonFor', { name: client.name })}
          />
        </label>
        <button type="submit" disabled={revoke.isPending}>
          {t('portal.clients.revoke')}
        </button>
        <ProblemMessage error={revoke.error} />
      </form>
    </details>
  );
}
