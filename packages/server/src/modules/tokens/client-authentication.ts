import type { UserRole } from '@fpr/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app';
import { problem } from '../../http/problem';
import { userAuthentication } from '../identity/authenticate';
import { type ClientCaller, userOf } from '../identity/caller';
import type { ConnectionState } from './access-state';
import { tokenAudience, verifyAccessToken } from './access-token';
import { connectionRateLimit } from './connection-rate-limit';

/**
 * The hot path of every system call: the token's signature and claims, the client's revocation, and
 * the connection's status and IP allow-list, all from the access-state copy (no database round trip
 * while it is fresh), then the client's rate limit (configured on its connection).
 */
export function clientAuthentication(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { caller, connection } = await authenticateBearer(ctx, request);
    request.caller = caller;
    await connectionRateLimit(ctx, request, reply, connection);
  };
}

/**
 * Admits a system client with a bearer token, or a logged-in person of one of `roles`. A PDP user is
 * refused while the connection of their environment is suspended, as a client would be.
 */
export function callerAuthentication(ctx: AppContext, options: { roles: readonly UserRole[] }) {
  const client = clientAuthentication(ctx);
  const user = userAuthentication(ctx, options.roles);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (bearerToken(request.headers.authorization) !== undefined) return client(request, reply);
    await user(request);
    const caller = userOf(request);
    if (caller.role !== 'pdpUser' || caller.organisationId === null || caller.environment === null) return;
    const connection = await ctx.accessState.connectionFor(caller.organisationId, caller.environment);
    if (connection?.status === 'suspended') throw suspended();
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_.-]{1,4096})\s*$/i.exec(header ?? '');
  return match?.[1];
}

function refused(detail: string) {
  return problem('authentication', { detail });
}

function suspended() {
  return problem('connectionSuspended', { detail: 'The connection of this environment is suspended.' });
}

async function authenticateBearer(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<{ caller: ClientCaller; connection: ConnectionState }> {
  const token = bearerToken(request.headers.authorization);
  if (token === undefined) throw refused('Send an access token: Authorization: Bearer <token>.');
  const now = ctx.now();
  const claims = await verifyAccessToken(token, (kid) => ctx.accessState.verificationKey(kid, now), {
    ...tokenAudience(ctx.config.publicBaseUrl),
    now,
  });
  if (!claims) throw refused('The access token is not valid or has expired.');
  if (await ctx.accessState.isClientRevoked(claims.clientId))
    throw refused('The access token is not valid or has expired.');
  const connection = await ctx.accessState.connection(claims.connectionId);
  // The token names its organisation and environment; the connection must still agree with both.
  if (connection?.organisationId !== claims.organisationId || connection.environment !== claims.environment)
    throw refused('The access token is not valid or has expired.');
  if (connection.status === 'suspended') throw suspended();
  if (connection.status !== 'active') throw refused('The connection of this environment is not active.');
  if (!connection.isAddressAllowed(request.ip))
    throw problem('forbidden', { detail: 'Calls from this address are not allowed for this connection.' });
  const { clientId, organisationId, environment, connectionId } = claims;
  return { caller: { kind: 'client', clientId, organisationId, environment, connectionId }, connection };
}
