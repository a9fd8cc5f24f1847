import { createHmac } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { testSecretBox } from '../../../test/app';
import { createPurposes } from '../../../test/connection-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { registerContext, registerPerson } from '../../../test/register-fixtures';
import {
  type Receiver,
  startReceiver,
  storeWebhook,
  subscribe,
  webhookSecret,
} from '../../../test/webhook-fixtures';
import { type JobQueue, startJobQueue } from '../jobs/job-queue';
import { type FeedSequencer, startFeedSequencer } from '../register/feed-sequencer';
import { recordLifeEvent } from '../register/register.service';
import { startWebhookFanOut, type WebhookFanOut } from './webhook-fan-out';
import { deliverNudgeTask, nudgeTask } from './webhook-nudges';

let testDb: TestDatabase;
let fanOut: WebhookFanOut;
let sequencer: FeedSequencer;
let queue: JobQueue | undefined;
const receivers: Receiver[] = [];
const errors: unknown[] = [];
const attempts = new EventEmitter();

function startQueue(): Promise<JobQueue> {
  return startJobQueue({
    connectionString: testDb.url,
    handlers: {
      [nudgeTask]: deliverNudgeTask({
        db: testDb.db,
        now: () => new Date(),
        secretBox: testSecretBox,
        timeoutMs: 2_000,
        onAttempt: (attempt) => attempts.emit(attempt.organisationId, attempt),
      }),
    },
    pollIntervalMs: 100,
    onError: () => {},
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  fanOut = startWebhookFanOut(testDb.db, { onError: (error) => errors.push(error) });
  sequencer = startFeedSequencer(testDb.db, {
    onError: (error) => errors.push(error),
    onSealed: fanOut.nudge,
  });
  queue = await startQueue();
});

afterAll(async () => {
  await queue?.stop();
  await sequencer.stop();
  await fanOut.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await testDb.drop();
  expect(errors).toEqual([]);
});

const register = () => registerContext(testDb.db, { onCommitted: () => sequencer.nudge() });

/** An organisation monitoring in the test environment with a webhook pointing at a fresh receiver. */
async function monitoringOrganisation() {
  const organisation = await createOrganisation(testDb.db);
  const [purposeId = ''] = await createPurposes(testDb.db, organisation.id, [
    { purpose: 'Monitoring', channels: ['api'], environments: ['test'], isMonitoring: true },
  ]);
  const receiver = await startReceiver();
  receivers.push(receiver);
  await storeWebhook(testDb.db, { organisationId: organisation.id, environment: 'test', url: receiver.url });
  const watch = (personalCode: string) =>
    subscribe(testDb.db, { organisationId: organisation.id, purposeId, environment: 'test', personalCode });
  return { organisationId: organisation.id, receiver, watch };
}

/** Resolves when an attempt for the organisation has been recorded. */
async function recordedAttempt(organisationId: string): Promise<{ isDelivered: boolean }> {
  const [attempt] = await once(attempts, organisationId);
  return attempt;
}

async function declareAddress(personalCode: string, addressCode: string) {
  const [change] = await recordLifeEvent(register(), {
    type: 'addressDeclared',
    environment: 'test',
    personalCode,
    address: { addressCode, text: 'Elizabetes iela 2, Rīga, LV-1010', postcode: 'LV-1010', atvk: '0001000' },
  });
  return change?.changeEventId ?? '';
}

async function sequenceOf(changeEventId: string): Promise<number> {
  const row = await testDb.db
    .selectFrom('changeEvent')
    .select('sequence')
    .where('id', '=', changeEventId)
    .executeTakeFirstOrThrow();
  return Number(row.sequence);
}

function deliveries(organisationId: string) {
  return testDb.db
    .selectFrom('monitoringWebhookDelivery')
    .select(['attempt', 'statusCode', 'error', 'isDelivered', 'headSequence'])
    .where('organisationId', '=', organisationId)
    .orderBy('id')
    .execute();
}

async function waitingNudges(organisationId: string): Promise<Array<{ payload: { headSequence: string } }>> {
  const result = await sql<{ payload: { headSequence: string } }>`
    SELECT payload FROM graphile_worker._private_jobs WHERE key = ${`${nudgeTask}:${organisationId}:test`}`.execute(
    testDb.db,
  );
  return result.rows;
}

describe('webhook nudges', () => {
  it('POSTs a signed { headSequence } after a change of a subscribed person, and records the delivery', async () => {
    const monitor = await monitoringOrganisation();
    const personalCode = await registerPerson(register());
    await monitor.watch(personalCode);
    const nudged = monitor.receiver.nextAccepted();
    const recorded = recordedAttempt(monitor.organisationId);
    const sequence = await sequenceOf(await declareAddress(personalCode, '100000101'));
    const nudge = await nudged;
    expect(await recorded).toMatchObject({ isDelivered: true });
    expect(nudge.method).toBe('POST');
    expect(nudge.headers['content-type']).toBe('application/json');
    const expected = createHmac('sha256', webhookSecret).update(nudge.body).digest('hex');
    expect(nudge.headers['x-signature']).toBe(`sha256=${expected}`);
    const body = JSON.parse(nudge.body) as { headSequence: number };
    expect(Object.keys(body)).toEqual(['headSequence']);
    expect(body.headSequence).toBeGreaterThanOrEqual(sequence);
    // Nothing personal travels in a nudge.
    expect(nudge.body).not.toContain(personalCode);
    expect(await deliveries(monitor.organisationId)).toEqual([
      {
        attempt: 1,
        statusCode: 204,
        error: null,
        isDelivered: true,
        headSequence: String(body.headSequence),
      },
    ]);
  });

  it('nudges no one for an unsubscribed person, nor an organisation that does not monitor the person', async () => {
    const monitor = await monitoringOrganisation();
    const bystander = await monitoringOrganisation();
    const watched = await registerPerson(register());
    const unwatched = await registerPerson(register());
    await monitor.watch(watched);
    await bystander.watch(await registerPerson(register()));
    await declareAddress(unwatched, '100000102');
    await sequencer.flush();
    await fanOut.flush();
    expect(await waitingNudges(monitor.organisationId)).toEqual([]);
    const recorded = recordedAttempt(monitor.organisationId);
    await declareAddress(watched, '100000103');
    await recorded;
    // The bystander's nudge, had there been one, was enqueued in the same fan-out as the monitor's.
    await fanOut.flush();
    expect(await waitingNudges(bystander.organisationId)).toEqual([]);
    expect(await deliveries(bystander.organisationId)).toEqual([]);
    expect(bystander.receiver.received).toEqual([]);
    expect(await deliveries(monitor.organisationId)).toHaveLength(1);
  });

  it('retries with back-off when the receiver fails, until it recovers', async () => {
    const monitor = await monitoringOrganisation();
    const personalCode = await registerPerson(register());
    await monitor.watch(personalCode);
    monitor.receiver.failNext(1, 500);
    const failed = recordedAttempt(monitor.organisationId);
    await declareAddress(personalCode, '100000104');
    expect(await failed).toEqual({
      organisationId: monitor.organisationId,
      environment: 'test',
      isDelivered: false,
    });
    expect(await recordedAttempt(monitor.organisationId)).toMatchObject({ isDelivered: true });
    expect(monitor.receiver.received).toHaveLength(2);
    expect(await deliveries(monitor.organisationId)).toMatchObject([
      { attempt: 1, statusCode: 500, error: 'HTTP 500', isDelivered: false },
      { attempt: 2, statusCode: 204, error: null, isDelivered: true },
    ]);
    const [webhook] = await testDb.db
      .selectFrom('monitoringWebhook')
      .select('consecutiveFailures')
      .where('organisationId', '=', monitor.organisationId)
      .execute();
    expect(webhook?.consecutiveFailures).toBe(0);
  }, 20_000);

  it('refuses to follow a redirect', async () => {
    const monitor = await monitoringOrganisation();
    const elsewhere = await startReceiver('/elsewhere');
    receivers.push(elsewhere);
    const personalCode = await registerPerson(register());
    await monitor.watch(personalCode);
    monitor.receiver.failNext(1, 307, { location: elsewhere.url });
    const refused = recordedAttempt(monitor.organisationId);
    await declareAddress(personalCode, '100000105');
    await refused;
    expect(elsewhere.received).toEqual([]);
    expect((await deliveries(monitor.organisationId))[0]).toMatchObject({
      statusCode: 307,
      error: 'redirect refused (HTTP 307)',
      isDelivered: false,
    });
  });

  it('keeps nudges in the database while the queue is stopped, one per organisation, and delivers after a restart', async () => {
    const monitor = await monitoringOrganisation();
    const first = await registerPerson(register());
    const second = await registerPerson(register());
    await monitor.watch(first);
    await monitor.watch(second);
    await queue?.stop();
    queue = undefined;
    await declareAddress(first, '100000106');
    await sequencer.flush();
    await fanOut.flush();
    const latest = await sequenceOf(await declareAddress(second, '100000107'));
    await sequencer.flush();
    await fanOut.flush();
    // Two fan-outs, one waiting nudge carrying the newer head.
    const waiting = await waitingNudges(monitor.organisationId);
    expect(waiting).toHaveLength(1);
    expect(Number(waiting[0]?.payload.headSequence)).toBeGreaterThanOrEqual(latest);
    const delivered = monitor.receiver.nextAccepted();
    const recorded = recordedAttempt(monitor.organisationId);
    queue = await startQueue();
    const nudge = await delivered;
    await recorded;
    expect(JSON.parse(nudge.body)).toEqual({ headSequence: Number(waiting[0]?.payload.headSequence) });
    expect(monitor.receiver.received).toHaveLength(1);
  });

  it('drops a nudge whose webhook was removed before it ran', async () => {
    const monitor = await monitoringOrganisation();
    await testDb.db
      .deleteFrom('monitoringWebhook')
      .where('organisationId', '=', monitor.organisationId)
      .execute();
    await deliver({ organisationId: monitor.organisationId, environment: 'test', headSequence: '7' });
    expect(monitor.receiver.received).toEqual([]);
    expect(await deliveries(monitor.organisationId)).toEqual([]);
  });

  it('gives up an attempt when the receiver does not answer in time', async () => {
    const organisation = await createOrganisation(testDb.db);
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    await storeWebhook(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
      url: `http://127.0.0.1:${port}/`,
    });
    try {
      await expect(
        deliver({ organisationId: organisation.id, environment: 'test', headSequence: '7' }, 200),
      ).rejects.toThrow(/no answer/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    expect(await deliveries(organisation.id)).toMatchObject([
      { statusCode: null, error: 'no answer within 0.2 s', isDelivered: false },
    ]);
  });

  it('refuses, at delivery, a production host that resolves to a loopback address', async () => {
    const organisation = await createOrganisation(testDb.db);
    const receiver = await startReceiver();
    receivers.push(receiver);
    // Stored as if the name had resolved to a public address when it was set.
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    await storeWebhook(testDb.db, { organisationId: organisation.id, environment: 'production', url });
    await expect(
      deliver({ organisationId: organisation.id, environment: 'production', headSequence: '7' }),
    ).rejects.toThrow(/not allowed/);
    expect(receiver.received).toEqual([]);
    expect(await deliveries(organisation.id)).toMatchObject([
      { statusCode: null, error: 'the host resolves to an address that is not allowed', isDelivered: false },
    ]);
  });
});

function deliver(
  payload: { organisationId: string; environment: string; headSequence: string },
  timeoutMs?: number,
) {
  const handler = deliverNudgeTask({
    db: testDb.db,
    now: () => new Date(),
    secretBox: testSecretBox,
    timeoutMs,
  });
  return handler(payload, { attempts: 1, maxAttempts: 10 });
}
