import type { ConnectionStatus, Environment } from '@fpr/contract';
import { type AddressMatcher, createAddressMatcher } from '../connections/ip-allow-list';
import type { ConnectionStateRow } from './access-state.repository';
import type { SigningKey, VerificationKey } from './signing-keys';

/** What the hot path needs to know about a connection. */
export interface ConnectionState {
  id: string;
  organisationId: string;
  environment: Environment;
  status: ConnectionStatus;
  ipAllowList: readonly string[];
  rateLimitPerMinute: number;
  isAddressAllowed: AddressMatcher;
}

export function toConnectionState(row: ConnectionStateRow): ConnectionState {
  return {
    id: row.id,
    organisationId: row.organisationId,
    environment: row.environment as Environment,
    status: row.status as ConnectionStatus,
    ipAllowList: row.ipAllowList,
    rateLimitPerMinute: row.rateLimitPerMinute,
    isAddressAllowed: createAddressMatcher(row.ipAllowList),
  };
}

/**
 * The in-memory copy: plain maps, no I/O. `access-state.ts` decides when it may be trusted and
 * keeps it current.
 */
export class AccessCache {
  private connections = new Map<string, ConnectionState>();
  private connectionIds = new Map<string, string>();
  private revokedClients = new Set<string>();
  private verificationKeys = new Map<string, VerificationKey>();
  private newestSigningKey: SigningKey | undefined;

  replaceAll(content: {
    connections: readonly ConnectionState[];
    revokedClientIds: readonly string[];
    verificationKeys: readonly VerificationKey[];
    signingKey: SigningKey | undefined;
  }): void {
    this.connections = new Map();
    this.connectionIds = new Map();
    for (const connection of content.connections) this.putConnection(connection);
    this.revokedClients = new Set(content.revokedClientIds);
    this.replaceKeys(content.verificationKeys, content.signingKey);
  }

  putConnection(connection: ConnectionState): void {
    this.connections.set(connection.id, connection);
    this.connectionIds.set(
      orgEnvironmentKey(connection.organisationId, connection.environment),
      connection.id,
    );
  }

  connection(id: string): ConnectionState | undefined {
    return this.connections.get(id);
  }

  connectionFor(organisationId: string, environment: Environment): ConnectionState | undefined {
    const id = this.connectionIds.get(orgEnvironmentKey(organisationId, environment));
    return id === undefined ? undefined : this.connections.get(id);
  }

  /** Revocation is final, so the set only grows. */
  markClientRevoked(clientId: string): void {
    this.revokedClients.add(clientId);
  }

  isClientRevoked(clientId: string): boolean {
    return this.revokedClients.has(clientId);
  }

  replaceKeys(keys: readonly VerificationKey[], signingKey: SigningKey | undefined): void {
    this.verificationKeys = new Map(keys.map((key) => [key.kid, key]));
    this.newestSigningKey = signingKey;
  }

  verificationKey(kid: string): VerificationKey | undefined {
    return this.verificationKeys.get(kid);
  }

  signingKey(): SigningKey | undefined {
    return this.newestSigningKey;
  }
}

function orgEnvironmentKey(organisationId: string, environment: string): string {
  return `${organisationId}/${environment}`;
}
