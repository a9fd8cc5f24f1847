import type { CreateClientRequest, CreatedSystemClient, Environment, SystemClient } from '@fpr/contract';
import { importJWK } from 'jose';
import { type InvalidParam, problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { notifyAccess } from '../tokens/access-state.repository';
import { generateClientId, generateClientSecret, hashClientSecret } from '../tokens/client-secret';
import { checkPublicJwk, type StoredPublicJwk } from './client-key';
import {
  type ClientFilter,
  findSystemClientForUpdate,
  insertSystemClient,
  listSystemClients,
  revokeSystemClient,
} from './clients.repository';
import { toSystemClient } from './connections.mapper';
import { findConnectionOf } from './connections.repository';
import type { ConnectionsContext } from './connections.service';
import { memberOf } from './input-validation';

type Credential = { kind: 'key'; jwk: StoredPublicJwk } | { kind: 'secret' };

/**
 * Registers a system client of the organisation's connection in one environment: with a public key
 * (`private_key_jwt`, preferred) or with a generated secret (`client_secret_basic`) that is answered
 * once here and kept only as a hash.
 */
export async function createSystemClient(
  ctx: ConnectionsContext,
  actor: UserCaller,
  organisationId: string,
  input: CreateClientRequest,
): Promise<CreatedSystemClient> {
  const credential = await checkCredential(input);
  const secret = credential.kind === 'secret' ? generateClientSecret() : undefined;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const connection = await findConnectionOf(trx, organisationId, input.environment);
    if (!connection) {
      throw problem('conflict', {
        detail: 'The organisation has no connection in this environment yet; PMLP configures it first.',
      });
    }
    return insertSystemClient(trx, {
      clientId: generateClientId(),
      organisationId,
      connectionId: connection.id,
      environment: input.environment,
      name: input.name.trim(),
      authMethod: credential.kind === 'key' ? 'private_key_jwt' : 'client_secret_basic',
      publicJwk: credential.kind === 'key' ? credential.jwk : null,
      secretHash: secret === undefined ? null : hashClientSecret(secret),
      createdBy: actor.userId,
      createdAt: ctx.now(),
    });
  });
  return { ...toSystemClient(row), ...(secret === undefined ? {} : { clientSecret: secret }) };
}

/** Exactly one credential, and a public key of a supported kind: every problem is named. */
export function credentialRules(body: unknown): InvalidParam[] {
  const publicJwk = memberOf(body, 'publicJwk');
  if ((publicJwk === undefined) === (memberOf(body, 'generateSecret') === undefined))
    return [{ name: 'body', code: 'oneOf', reason: 'must carry either publicJwk or generateSecret' }];
  if (typeof publicJwk !== 'object' || publicJwk === null) return [];
  const check = checkPublicJwk(publicJwk as Record<string, unknown>);
  return check.ok ? [] : check.invalidParams;
}

async function checkCredential(input: CreateClientRequest): Promise<Credential> {
  const invalidParams = credentialRules(input);
  if (invalidParams.length > 0) throw invalid(invalidParams);
  if (input.publicJwk === undefined) return { kind: 'secret' };
  const check = checkPublicJwk(input.publicJwk);
  if (!check.ok) throw invalid(check.invalidParams);
  try {
    // The import proves the point lies on the curve, which the shape check cannot.
    await importJWK({ ...check.jwk }, check.algorithm);
  } catch {
    throw invalid([{ name: 'publicJwk', code: 'malformed', reason: 'is not a valid public key' }]);
  }
  return { kind: 'key', jwk: check.jwk };
}

function invalid(invalidParams: InvalidParam[]) {
  return problem('paramsValidation', { invalidParams });
}

/** Clients of one organisation (the organisation's view) or of any (PMLP's view). */
export async function readSystemClients(
  ctx: ConnectionsContext,
  filter: ClientFilter & { environment?: Environment },
): Promise<SystemClient[]> {
  return (await listSystemClients(ctx.db, filter)).map(toSystemClient);
}

/**
 * Revokes a client for good. Every server refuses its tokens at once: this one before answering,
 * the others as soon as the notice sent in the same transaction reaches them. With an
 * `organisationId`, another organisation's client is not found.
 */
export async function revokeClient(
  ctx: ConnectionsContext,
  actor: UserCaller,
  clientId: string,
  reason: string,
  organisationId: string | null,
): Promise<SystemClient> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = await findSystemClientForUpdate(trx, clientId, organisationId);
    if (!current) throw problem('notFound', { detail: 'No such client.' });
    if (current.revokedAt !== null) throw problem('conflict', { detail: 'The client is revoked already.' });
    const revoked = await revokeSystemClient(trx, clientId, { at: ctx.now(), by: actor.userId, reason });
    await notifyAccess(trx, { kind: 'client', clientId });
    return revoked;
  });
  await ctx.accessState?.refresh({ kind: 'client', clientId });
  return toSystemClient(row);
}
