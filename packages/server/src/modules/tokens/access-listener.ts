import pg from 'pg';
import { type AccessNotice, accessChannel, decodeNotice } from './access-notice';

/**
 * A dedicated PostgreSQL connection that LISTENs for access notices. It reports when it is
 * listening and when it is lost, and reconnects with back-off until closed. A heartbeat notices a
 * connection that died silently (a dropped network path sends no error), so the cache it feeds is
 * never trusted for longer than one heartbeat after the notices stopped coming.
 */

export interface AccessListenerOptions {
  connectionString: string;
  /** Called once LISTEN is in place: from here on no notice is missed. */
  onListening: () => void;
  onLost: (error: unknown) => void;
  onNotice: (notice: AccessNotice) => void;
  heartbeatMs?: number;
}

export interface AccessListener {
  /** Resolves after the first attempt to connect, whether it succeeded or not. */
  firstAttempt: Promise<void>;
  /** Drops the connection on purpose (the cache then reloads in full after reconnecting). */
  reconnect: () => void;
  close: () => Promise<void>;
}

export const listenerApplicationName = 'fpr-access-listener';
const minimumBackoffMs = 50;
const maximumBackoffMs = 5_000;

export function startAccessListener(options: AccessListenerOptions): AccessListener {
  let client: pg.Client | undefined;
  let isClosed = false;
  let backoffMs = minimumBackoffMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;

  const lose = (lost: pg.Client, error: unknown) => {
    if (client !== lost) return;
    client = undefined;
    clearInterval(heartbeatTimer);
    lost.end().catch(() => {});
    options.onLost(error);
    if (isClosed) return;
    retryTimer = setTimeout(() => void connect(), backoffMs);
    retryTimer.unref();
    backoffMs = Math.min(backoffMs * 2, maximumBackoffMs);
  };

  const connect = async (): Promise<void> => {
    const current = new pg.Client({
      connectionString: options.connectionString,
      application_name: listenerApplicationName,
      keepAlive: true,
      query_timeout: 5_000,
    });
    client = current;
    current.on('error', (error) => lose(current, error));
    current.on('end', () => lose(current, new Error('the listener connection ended')));
    current.on('notification', (message) => {
      if (message.channel !== accessChannel || client !== current) return;
      const notice = decodeNotice(message.payload);
      if (notice) options.onNotice(notice);
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${accessChannel}`);
    } catch (error) {
      lose(current, error);
      return;
    }
    if (client !== current) return;
    backoffMs = minimumBackoffMs;
    heartbeatTimer = setInterval(() => {
      current.query('SELECT 1').catch((error: unknown) => lose(current, error));
    }, options.heartbeatMs ?? 10_000);
    heartbeatTimer.unref();
    options.onListening();
  };

  return {
    firstAttempt: connect(),
    reconnect: () => {
      if (client) lose(client, new Error('reconnect requested'));
    },
    close: async () => {
      isClosed = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeatTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
