import type { Environment, TokenRequest, TokenResponse } from '@fpr/contract';
import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { createAddressMatcher } from '../connections/ip-allow-list';
import type { AccessState } from './access-state';
import { accessTokenLifetimeSeconds, signAccessToken, tokenAudience } from './access-token';
import { claimedClientId, clockToleranceSeconds, verifyClientAssertion } from './client-assertion';
import {
  hasBasicAuthorization,
  hashClientSecret,
  isClientSecretCorrect,
  parseBasicAuthorization,
} from './client-secret';
import {
  deleteExpiredAssertions,
  findTokenClient,
  recordAssertion,
  type TokenClientRow,
} from './token.repository';

export interface TokenContext {
  db: Db;
  now: () => Date;
  config: Config;
  accessState: AccessState;
}

export interface TokenCredentials {
  form: TokenRequest;
  /** The `Authorization` header, for client_secret_basic. */
  authorization: string | undefined;
  /** The caller's address, checked against the connection's allow-list. */
  ip: string;
}

/** The token endpoint URL: the only audience a client assertion may name. */
export function tokenEndpointUrl(config: Pick<Config, 'publicBaseUrl'>): string {
  return `${config.publicBaseUrl}/oauth/token`;
}

/**
 * OAuth 2.0 client credentials (API §2). The client and its connection are read from the database
 * here, not from the access-state copy: this is not the hot path, and it must never issue a token
 * on outdated knowledge. Refusals before the client is proven say nothing about which check failed.
 */
export async function issueAccessToken(
  ctx: TokenContext,
  credentials: TokenCredentials,
): Promise<TokenResponse> {
  const client = await authenticateClient(ctx, credentials);
  checkConnection(client, credentials.ip);
  const now = ctx.now();
  const key = await ctx.accessState.signingKey(now);
  const accessToken = await signAccessToken(
    key,
    {
      clientId: client.clientId,
      organisationId: client.organisationId,
      environment: client.environment as Environment,
      connectionId: client.connectionId,
    },
    { ...tokenAudience(ctx.config.publicBaseUrl), now },
  );
  return { access_token: accessToken, token_type: 'Bearer', expires_in: accessTokenLifetimeSeconds };
}

function refused() {
  return problem('authentication', { detail: 'The client credentials are missing or not valid.' });
}

async function authenticateClient(ctx: TokenContext, credentials: TokenCredentials): Promise<TokenClientRow> {
  const { form } = credentials;
  const hasAssertion = form.client_assertion !== undefined || form.client_assertion_type !== undefined;
  const hasBasic = hasBasicAuthorization(credentials.authorization);
  if (hasAssertion && hasBasic)
    throw problem('authentication', { detail: 'Use one client authentication method, not two.' });
  if (hasAssertion) return authenticateWithAssertion(ctx, form);
  if (hasBasic) return authenticateWithSecret(ctx, credentials.authorization);
  throw refused();
}

async function authenticateWithAssertion(ctx: TokenContext, form: TokenRequest): Promise<TokenClientRow> {
  const assertion = requireAssertionParams(form);
  const clientId = claimedClientId(assertion);
  if (clientId === undefined || (form.client_id !== undefined && form.client_id !== clientId))
    throw refused();
  const client = await findTokenClient(ctx.db, clientId);
  if (!client || client.revokedAt !== null || client.authMethod !== 'private_key_jwt') throw refused();
  const now = ctx.now();
  const verified = await verifyClientAssertion(assertion, client, {
    tokenEndpointUrl: tokenEndpointUrl(ctx.config),
    now,
  });
  if (!verified) throw refused();
  // A single statement: the unique key decides between two concurrent uses of one assertion.
  const isFirstUse = await recordAssertion(ctx.db, { clientId, ...verified });
  if (!isFirstUse) throw refused();
  // Now and then is every time here: the index makes it cheap, and the table stays small. The margin
  // keeps every id whose assertion could still pass the expiry check.
  await deleteExpiredAssertions(ctx.db, new Date(now.getTime() - (clockToleranceSeconds + 60) * 1000));
  return client;
}

/** Both assertion parameters travel together (RFC 7521 §4.2); a missing one is named. */
function requireAssertionParams(form: TokenRequest): string {
  const missing = [
    ...(form.client_assertion === undefined ? ['client_assertion'] : []),
    ...(form.client_assertion_type === undefined ? ['client_assertion_type'] : []),
  ];
  if (missing.length > 0 || form.client_assertion === undefined) {
    throw problem('paramsValidation', {
      detail: 'A client assertion needs both client_assertion and client_assertion_type.',
      invalidParams: missing.map((name) => ({
        name,
        code: 'required',
        reason: 'is required with a client assertion',
      })),
    });
  }
  return form.client_assertion;
}

/** Spent on unknown client ids too, so the answer's timing does not tell which ids exist. */
const decoySecretHash = hashClientSecret('decoy');

async function authenticateWithSecret(
  ctx: TokenContext,
  authorization: string | undefined,
): Promise<TokenClientRow> {
  const presented = parseBasicAuthorization(authorization);
  if (!presented) throw refused();
  const client = await findTokenClient(ctx.db, presented.clientId);
  const isCorrect = isClientSecretCorrect(client?.secretHash ?? decoySecretHash, presented.secret);
  if (!client || !isCorrect || client.revokedAt !== null || client.authMethod !== 'client_secret_basic')
    throw refused();
  return client;
}

/** After the client is proven: its connection must be active and the caller inside the allow-list. */
function checkConnection(client: TokenClientRow, ip: string): void {
  if (client.connectionStatus === 'suspended')
    throw problem('connectionSuspended', { detail: 'The connection of this environment is suspended.' });
  if (client.connectionStatus !== 'active')
    throw problem('authentication', { detail: 'The connection of this environment is not active yet.' });
  if (!createAddressMatcher(client.ipAllowList)(ip))
    throw problem('forbidden', { detail: 'Calls from this address are not allowed for this connection.' });
}
