import type { Environment, UserRole } from '@fpr/contract';
import type { FastifyRequest } from 'fastify';
import { problem } from '../../http/problem';

/** A person logged in through a session cookie. */
export interface UserCaller {
  kind: 'user';
  userId: string;
  username: string;
  role: UserRole;
  /** Null for PMLP staff. */
  organisationId: string | null;
  /** Set for PDP users, who work in one environment. */
  environment: Environment | null;
}

/** A system client calling with an access token: bound to one organisation, environment and connection. */
export interface ClientCaller {
  kind: 'client';
  clientId: string;
  organisationId: string;
  environment: Environment;
  connectionId: string;
}

export type Caller = UserCaller | ClientCaller;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by an authentication hook before validation; absent on public routes. */
    caller?: Caller;
  }
}

/** The authenticated person of a route guarded by `userAuthentication`. */
export function userOf(request: FastifyRequest): UserCaller {
  const caller = request.caller;
  if (caller?.kind !== 'user') throw problem('authentication', { detail: 'Log in first.' });
  return caller;
}

/** The caller of a route guarded by an authentication hook. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw problem('authentication', { detail: 'Credentials are missing.' });
  return request.caller;
}

/** The organisation of an organisation user; PMLP staff have none and are refused. */
export function organisationOf(caller: Caller): string {
  if (caller.organisationId === null)
    throw problem('forbidden', { detail: 'Only organisation users may do this.' });
  return caller.organisationId;
}
