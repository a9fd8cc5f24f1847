import type {
  Connection,
  ConnectionStatus,
  ConnectionWithHistory,
  CreateConnectionRequest,
  UpdateConnectionRequest,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { type InvalidParam, problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { findOrganisation } from '../organisations/organisations.repository';
import type { AccessState } from '../tokens/access-state';
import { notifyAccess } from '../tokens/access-state.repository';
import { type ConnectionStep, connectionStep } from './connection-status';
import { toConnection, toConnectionEvent } from './connections.mapper';
import {
  type ConnectionRow,
  findConnection,
  findConnectionForUpdate,
  insertConnection,
  insertConnectionEvent,
  listConnectionEvents,
  listConnections,
  updateConnection,
} from './connections.repository';
import { allowListRules, memberOf } from './input-validation';
import { invalidAllowListParams, normaliseAllowList } from './ip-allow-list';

export interface ConnectionsContext {
  db: Db;
  now: () => Date;
  /**
   * This process's access-state copy, brought up to date before a change returns. Without one (a
   * command-line task), the notice sent in the transaction still reaches every running server.
   */
  accessState?: AccessState;
}

function notFound() {
  return problem('notFound', { detail: 'No such connection.' });
}

function refuseInvalid(invalidParams: InvalidParam[]): void {
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
}

/** Configures an organisation's connection of one environment (`configured`; one per environment). */
export async function createConnection(
  ctx: ConnectionsContext,
  actor: UserCaller,
  organisationId: string,
  input: CreateConnectionRequest,
): Promise<Connection> {
  refuseInvalid(invalidAllowListParams(input.ipAllowList ?? []));
  const row = await ctx.db.transaction().execute(async (trx) => {
    if (!(await findOrganisation(trx, organisationId)))
      throw problem('notFound', { detail: 'No such organisation.' });
    const at = ctx.now();
    const created = await insertConnection(trx, {
      organisationId,
      environment: input.environment,
      ipAllowList: normaliseAllowList(input.ipAllowList ?? []),
      rateLimitPerMinute: input.rateLimitPerMinute,
      at,
    });
    if (!created)
      throw problem('conflict', { detail: 'The organisation has a connection of this environment already.' });
    await insertConnectionEvent(trx, {
      connectionId: created.id,
      action: 'created',
      fromStatus: null,
      toStatus: created.status,
      reason: null,
      detail: settingsOf(created),
      actorUserId: actor.userId,
      at,
    });
    await notifyAccess(trx, { kind: 'connection', connectionId: created.id });
    return created;
  });
  await ctx.accessState?.refresh({ kind: 'connection', connectionId: row.id });
  return toConnection(row);
}

/** Every connection, or one organisation's. */
export async function readConnections(
  ctx: ConnectionsContext,
  organisationId?: string,
): Promise<Connection[]> {
  return (await listConnections(ctx.db, organisationId)).map(toConnection);
}

export async function readConnectionWithHistory(
  ctx: ConnectionsContext,
  connectionId: string,
): Promise<ConnectionWithHistory> {
  const row = await findConnection(ctx.db, connectionId);
  if (!row) throw notFound();
  const events = await listConnectionEvents(ctx.db, connectionId);
  return { ...toConnection(row), events: events.map(toConnectionEvent) };
}

/** Changes the IP allow-list or the rate limit; the history keeps both sides of each change. */
export async function changeConnectionSettings(
  ctx: ConnectionsContext,
  actor: UserCaller,
  connectionId: string,
  input: UpdateConnectionRequest,
): Promise<Connection> {
  refuseInvalid(settingsRules(input));
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = await findConnectionForUpdate(trx, connectionId);
    if (!current) throw notFound();
    const at = ctx.now();
    const updated = await updateConnection(trx, connectionId, {
      ipAllowList: input.ipAllowList && normaliseAllowList(input.ipAllowList),
      rateLimitPerMinute: input.rateLimitPerMinute,
      at,
    });
    await insertConnectionEvent(trx, {
      connectionId,
      action: 'settingsChanged',
      fromStatus: current.status,
      toStatus: updated.status,
      reason: input.reason ?? null,
      detail: { before: settingsOf(current), after: settingsOf(updated) },
      actorUserId: actor.userId,
      at,
    });
    await notifyAccess(trx, { kind: 'connection', connectionId });
    return updated;
  });
  await ctx.accessState?.refresh({ kind: 'connection', connectionId });
  return toConnection(row);
}

/** A settings change must change something, and its allow-list must hold exact CIDR blocks. */
export function settingsRules(body: unknown): InvalidParam[] {
  const isEmpty =
    memberOf(body, 'ipAllowList') === undefined && memberOf(body, 'rateLimitPerMinute') === undefined;
  return [
    ...allowListRules(body),
    ...(isEmpty
      ? [{ name: 'body', code: 'minProperties', reason: 'must name ipAllowList or rateLimitPerMinute' }]
      : []),
  ];
}

function settingsOf(row: ConnectionRow) {
  return { ipAllowList: row.ipAllowList, rateLimitPerMinute: row.rateLimitPerMinute };
}

/**
 * A status step: activation, suspension or restoration, recorded with who, when and why. Suspension
 * makes every token and PDP session of the connection fail at once, here and on every other server.
 */
export async function stepConnection(
  ctx: ConnectionsContext,
  actor: UserCaller,
  connectionId: string,
  step: ConnectionStep,
  reason: string | null,
): Promise<Connection> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = await findConnectionForUpdate(trx, connectionId);
    if (!current) throw notFound();
    return stepConnectionIn(trx, current, { actorUserId: actor.userId, step, reason, at: ctx.now() });
  });
  await ctx.accessState?.refresh({ kind: 'connection', connectionId });
  return toConnection(row);
}

/**
 * The step inside the caller's transaction, on a connection it has locked (`findConnectionForUpdate`);
 * for use cases that record more in the same transaction. The notice sent here reaches every server.
 * `actorUserId` is null when the system takes the step itself (the reason then says why).
 */
export async function stepConnectionIn(
  trx: Db,
  current: ConnectionRow,
  input: { actorUserId: string | null; step: ConnectionStep; reason: string | null; at: Date },
): Promise<ConnectionRow> {
  const next = connectionStep(current.status as ConnectionStatus, input.step);
  if (!next)
    throw problem('conflict', { detail: `A ${current.status} connection cannot be given this step.` });
  const updated = await updateConnection(trx, current.id, { status: next.to, at: input.at });
  await insertConnectionEvent(trx, {
    connectionId: current.id,
    action: next.action,
    fromStatus: current.status,
    toStatus: next.to,
    reason: input.reason,
    actorUserId: input.actorUserId,
    at: input.at,
  });
  await notifyAccess(trx, { kind: 'connection', connectionId: current.id });
  return updated;
}

/** Opens a configured connection for use. */
export function activateConnection(
  ctx: ConnectionsContext,
  actor: UserCaller,
  connectionId: string,
  reason: string | null = null,
): Promise<Connection> {
  return stepConnection(ctx, actor, connectionId, 'activate', reason);
}

/** Suspends an active connection (a PMLP decision with a reason). */
export function suspendConnection(
  ctx: ConnectionsContext,
  actor: UserCaller,
  connectionId: string,
  reason: string,
): Promise<Connection> {
  return stepConnection(ctx, actor, connectionId, 'suspend', reason);
}

/** Restores a suspended connection (a PMLP decision with a reason). */
export function restoreConnection(
  ctx: ConnectionsContext,
  actor: UserCaller,
  connectionId: string,
  reason: string,
): Promise<Connection> {
  return stepConnection(ctx, actor, connectionId, 'restore', reason);
}
