import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Environment } from '@fpr/contract';
import type { Db } from '../src/db/database';
import { createOrganisation, type TestOrganisation } from './access-fixtures';
import { testSecretBox } from './app';
import {
  accessTokenFor,
  bearer,
  createConnection,
  createKeyClient,
  createPurposes,
} from './connection-fixtures';

/** A webhook secret long enough for the rules. */
export const webhookSecret = 'a-webhook-secret-of-forty-characters-ok!';

export interface MonitoringClient {
  organisation: TestOrganisation;
  /** The purpose with monitoring. */
  purposeId: string;
  /** Bearer and JSON headers of a system client in `environment`. */
  headers: Record<string, string>;
}

/** An organisation with a monitoring purpose in both environments and a client in `environment`. */
export async function monitoringClient(
  db: Db,
  baseUrl: string,
  environment: Environment,
  options: { isMonitoring?: boolean } = {},
): Promise<MonitoringClient> {
  const organisation = await createOrganisation(db);
  const [purposeId = ''] = await createPurposes(db, organisation.id, [
    {
      purpose: 'Keeping customer data current',
      channels: ['api', 'pdp'],
      environments: ['test', 'production'],
      isMonitoring: options.isMonitoring ?? true,
    },
  ]);
  const connection = await createConnection(db, { organisationId: organisation.id, environment });
  const token = await accessTokenFor(baseUrl, await createKeyClient(db, connection));
  return { organisation, purposeId, headers: { ...bearer(token), 'content-type': 'application/json' } };
}

/** Opens a subscription period now, as the subscriptions service would. */
export async function subscribe(
  db: Db,
  subscription: { organisationId: string; purposeId: string; environment: Environment; personalCode: string },
): Promise<void> {
  const person = await db
    .selectFrom('person')
    .select('id')
    .where('environment', '=', subscription.environment)
    .where('personalCode', '=', subscription.personalCode)
    .executeTakeFirstOrThrow();
  const { organisationId, purposeId, environment } = subscription;
  await db
    .insertInto('monitoringSubscription')
    .values({ organisationId, purposeId, environment, personId: person.id })
    .execute();
}

/** A webhook stored as `PUT /api/v1/monitoring/webhook` leaves it, without its URL checks. */
export async function storeWebhook(
  db: Db,
  webhook: { organisationId: string; environment: Environment; url: string; secret?: string },
): Promise<void> {
  await db
    .insertInto('monitoringWebhook')
    .values({
      organisationId: webhook.organisationId,
      environment: webhook.environment,
      url: webhook.url,
      sealedSecret: testSecretBox.seal(webhook.secret ?? webhookSecret),
    })
    .execute();
}

export interface ReceivedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server standing in for a requester's webhook receiver. */
export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** Resolves with the next request that the receiver answers 2xx. */
  nextAccepted: () => Promise<ReceivedRequest>;
  /** Answers the next `count` requests with `status` (and `headers`) instead of 204. */
  failNext: (count: number, status?: number, headers?: Record<string, string>) => void;
  close: () => Promise<void>;
}

export async function startReceiver(path = '/fpr-nudge'): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  let failures: { count: number; status: number; headers: Record<string, string> } = {
    count: 0,
    status: 500,
    headers: {},
  };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const entry = {
      method: request.method ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
    };
    received.push(entry);
    const isFailing = failures.count > 0;
    if (isFailing) failures = { ...failures, count: failures.count - 1 };
    if (isFailing) response.writeHead(failures.status, failures.headers).end();
    else response.writeHead(204).end();
    if (!isFailing) server.emit('accepted', entry);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    nextAccepted: async () => (await once(server, 'accepted'))[0] as ReceivedRequest,
    failNext: (count, status = 500, headers = {}) => {
      failures = { count, status, headers };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
