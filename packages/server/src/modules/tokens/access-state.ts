import type { Environment } from '@fpr/contract';
import type { FastifyBaseLogger } from 'fastify';
import type { CryptoKey } from 'jose';
import type { Db } from '../../db/database';
import { AccessCache, type ConnectionState, toConnectionState } from './access-cache';
import { type AccessListener, startAccessListener } from './access-listener';
import type { AccessNotice } from './access-notice';
import {
  findConnectionState,
  findConnectionStateFor,
  isClientRevokedInDatabase,
  listConnectionStates,
  listRevokedClientIds,
} from './access-state.repository';
import {
  ensureSigningKey,
  importSigningKey,
  importVerificationKey,
  isKeyUsableForVerification,
  type SigningKey,
  type VerificationKey,
} from './signing-keys';
import { findNewestSigningKey, findVerificationKey, listVerificationKeys } from './signing-keys.repository';

export type { ConnectionState };

export type AccessStateEvent =
  | { type: 'fresh' }
  | { type: 'stale'; error: unknown }
  | { type: 'applied'; notice: AccessNotice; origin: 'notification' | 'local' };

/**
 * What authentication needs on every call — revoked clients, connections (status, IP allow-list,
 * rate limit) and the token-verification keys — without a database round trip, yet with revocation
 * and suspension effective at once.
 *
 * The copy is trusted only while it is fresh: a dedicated connection LISTENs for the notices every
 * change sends in its own transaction, and the copy was reloaded after LISTEN was in place. When that
 * connection is lost the copy is stale, and every answer comes from the database until it has
 * reconnected and reloaded. Notices and reloads are applied one at a time, in arrival order, and each
 * reads the current rows, so a late reload can never undo a newer notice.
 */
export interface AccessState {
  readonly isFresh: boolean;
  connection(id: string): Promise<ConnectionState | undefined>;
  connectionFor(organisationId: string, environment: Environment): Promise<ConnectionState | undefined>;
  isClientRevoked(clientId: string): Promise<boolean>;
  /** The key that verifies tokens with this `kid` at `now`; undefined when unknown or retired too long. */
  verificationKey(kid: string, now: Date): Promise<CryptoKey | undefined>;
  /** The newest signing key, created on first use. */
  signingKey(now: Date): Promise<SigningKey>;
  /** Call after committing a change: this process's copy is current before the call returns. */
  refresh(notice: AccessNotice): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  /** Observes the copy (tests wait on it instead of sleeping); answers the unsubscribe function. */
  subscribe(listener: (event: AccessStateEvent) => void): () => void;
}

export interface AccessStateOptions {
  db: Db;
  /** Where the listener connects; without it the copy is never trusted and every check reads the database. */
  connectionString: string | undefined;
  log?: Pick<FastifyBaseLogger, 'warn'>;
  heartbeatMs?: number;
}

/** Our key ids are RFC 7638 thumbprints; anything else is refused before any lookup. */
const kidPattern = /^[A-Za-z0-9_-]{43}$/;

export function createAccessState(options: AccessStateOptions): AccessState {
  return new ListeningAccessState(options);
}

class ListeningAccessState implements AccessState {
  private readonly cache = new AccessCache();
  private readonly subscribers = new Set<(event: AccessStateEvent) => void>();
  private readonly importedKeys = new Map<string, Promise<VerificationKey>>();
  private readonly importedSigningKeys = new Map<string, Promise<SigningKey>>();
  private queue: Promise<void> = Promise.resolve();
  private listener: AccessListener | undefined;
  private generation = 0;
  private fresh = false;

  constructor(private readonly options: AccessStateOptions) {}

  get isFresh(): boolean {
    return this.fresh;
  }

  async start(): Promise<void> {
    const { connectionString } = this.options;
    if (connectionString === undefined || this.listener) return;
    this.listener = startAccessListener({
      connectionString,
      heartbeatMs: this.options.heartbeatMs,
      onListening: () => this.onListening(),
      onLost: (error) => this.markStale(error),
      onNotice: (notice) => void this.apply(notice, 'notification'),
    });
    await this.listener.firstAttempt;
    await this.queue;
  }

  async close(): Promise<void> {
    this.generation += 1;
    this.fresh = false;
    await this.listener?.close();
    await this.queue;
  }

  subscribe(listener: (event: AccessStateEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  async connection(id: string): Promise<ConnectionState | undefined> {
    const cached = this.fresh ? this.cache.connection(id) : undefined;
    if (cached) return cached;
    // A connection made a moment ago by another server may not be here yet: ask the database.
    const row = await findConnectionState(this.options.db, id);
    return row && toConnectionState(row);
  }

  async connectionFor(
    organisationId: string,
    environment: Environment,
  ): Promise<ConnectionState | undefined> {
    const cached = this.fresh ? this.cache.connectionFor(organisationId, environment) : undefined;
    if (cached) return cached;
    const row = await findConnectionStateFor(this.options.db, organisationId, environment);
    return row && toConnectionState(row);
  }

  async isClientRevoked(clientId: string): Promise<boolean> {
    if (this.fresh) return this.cache.isClientRevoked(clientId);
    return isClientRevokedInDatabase(this.options.db, clientId);
  }

  async verificationKey(kid: string, now: Date): Promise<CryptoKey | undefined> {
    if (!kidPattern.test(kid)) return undefined;
    const key =
      (this.fresh ? this.cache.verificationKey(kid) : undefined) ?? (await this.keyFromDatabase(kid));
    return key && isKeyUsableForVerification(key, now) ? key.publicKey : undefined;
  }

  async signingKey(now: Date): Promise<SigningKey> {
    const cached = this.fresh ? this.cache.signingKey() : undefined;
    if (cached) return cached;
    const row = await ensureSigningKey(this.options.db, now);
    return this.importedSigningKey(row);
  }

  async refresh(notice: AccessNotice): Promise<void> {
    await this.apply(notice, 'local');
  }

  private onListening(): void {
    const generation = ++this.generation;
    void this.enqueue(async () => {
      await this.reloadAll();
      // The connection may have been lost again while reloading: then the copy stays untrusted.
      if (generation !== this.generation) return;
      this.fresh = true;
      this.emit({ type: 'fresh' });
    });
  }

  private markStale(error: unknown): void {
    this.generation += 1;
    this.fresh = false;
    this.options.log?.warn(
      { err: error },
      'access-state listener lost; checking the database until it is back',
    );
    this.emit({ type: 'stale', error });
  }

  private async apply(notice: AccessNotice, origin: 'notification' | 'local'): Promise<void> {
    await this.enqueue(async () => {
      await this.applyNotice(notice);
      this.emit({ type: 'applied', notice, origin });
    });
  }

  /** Runs one update after the previous ones; a failed update leaves the copy untrusted until reloaded. */
  private enqueue(update: () => Promise<void>): Promise<void> {
    const run = this.queue.then(update).catch((error: unknown) => {
      // Reconnecting marks the copy stale at once and reloads it in full once listening again.
      this.options.log?.warn({ err: error }, 'access-state update failed; reconnecting');
      if (this.listener) this.listener.reconnect();
      else this.markStale(error);
    });
    this.queue = run;
    return run;
  }

  private async applyNotice(notice: AccessNotice): Promise<void> {
    const { db } = this.options;
    if (notice.kind === 'connection') {
      const row = await findConnectionState(db, notice.connectionId);
      if (row) this.cache.putConnection(toConnectionState(row));
      return;
    }
    if (notice.kind === 'client') {
      if (await isClientRevokedInDatabase(db, notice.clientId)) this.cache.markClientRevoked(notice.clientId);
      return;
    }
    await this.reloadKeys();
  }

  private async reloadAll(): Promise<void> {
    const { db } = this.options;
    const [connections, revokedClientIds] = await Promise.all([
      listConnectionStates(db),
      listRevokedClientIds(db),
    ]);
    const keys = await this.loadKeys();
    this.cache.replaceAll({ connections: connections.map(toConnectionState), revokedClientIds, ...keys });
  }

  private async reloadKeys(): Promise<void> {
    const keys = await this.loadKeys();
    this.cache.replaceKeys(keys.verificationKeys, keys.signingKey);
  }

  private async loadKeys(): Promise<{
    verificationKeys: VerificationKey[];
    signingKey: SigningKey | undefined;
  }> {
    const { db } = this.options;
    // Every key retired within the last day; which of them still verify is decided per call.
    const rows = await listVerificationKeys(db, new Date(Date.now() - 86_400_000));
    const newest = await findNewestSigningKey(db);
    return {
      verificationKeys: await Promise.all(rows.map((row) => this.importedKey(row))),
      signingKey: newest && (await this.importedSigningKey(newest)),
    };
  }

  private async keyFromDatabase(kid: string): Promise<VerificationKey | undefined> {
    const row = await findVerificationKey(this.options.db, kid);
    return row && this.importedKey(row);
  }

  /** Key material never changes, so each key is imported once; its retirement is taken from the row. */
  private async importedKey(row: { kid: string; publicJwk: unknown; retiredAt: Date | null }) {
    let imported = this.importedKeys.get(row.kid);
    if (!imported) {
      imported = importVerificationKey(row);
      this.importedKeys.set(row.kid, imported);
    }
    return { ...(await imported), retiredAt: row.retiredAt };
  }

  private async importedSigningKey(row: { kid: string; privateJwk: unknown }): Promise<SigningKey> {
    let imported = this.importedSigningKeys.get(row.kid);
    if (!imported) {
      imported = importSigningKey(row);
      this.importedSigningKeys.set(row.kid, imported);
    }
    return imported;
  }

  private emit(event: AccessStateEvent): void {
    for (const subscriber of this.subscribers) subscriber(event);
  }
}
