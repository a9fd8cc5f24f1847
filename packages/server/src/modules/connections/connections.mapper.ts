import type {
  ClientAuthMethod,
  Connection,
  ConnectionAction,
  ConnectionEvent,
  ConnectionStatus,
  Environment,
  SystemClient,
} from '@fpr/contract';
import type { SystemClientRow } from './clients.repository';
import type { ConnectionEventRow, ConnectionRow } from './connections.repository';

export function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    organisationId: row.organisationId,
    environment: row.environment as Environment,
    status: row.status as ConnectionStatus,
    ipAllowList: row.ipAllowList,
    rateLimitPerMinute: row.rateLimitPerMinute,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toConnectionEvent(row: ConnectionEventRow): ConnectionEvent {
  return {
    action: row.action as ConnectionAction,
    fromStatus: row.fromStatus as ConnectionStatus | null,
    toStatus: row.toStatus as ConnectionStatus,
    reason: row.reason,
    detail: isRecord(row.detail) ? row.detail : {},
    actorUserId: row.actorUserId,
    at: row.at.toISOString(),
  };
}

export function toSystemClient(row: SystemClientRow): SystemClient {
  return {
    clientId: row.clientId,
    organisationId: row.organisationId,
    connectionId: row.connectionId,
    environment: row.environment as Environment,
    name: row.name,
    authMethod: row.authMethod as ClientAuthMethod,
    publicJwk: isRecord(row.publicJwk) ? row.publicJwk : null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
