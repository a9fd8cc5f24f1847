import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Environment, environments } from '@fpr/contract';
import { buildApp } from '../app';
import type { Config } from '../config';
import type { Db } from '../db/database';
import type { WebApp } from '../http/web-app';
import { startAuditSealer } from '../modules/audit/audit-sealer';
import { createSecretBox } from '../modules/identity/secret-box';
import { startJobQueue } from '../modules/jobs/job-queue';
import { startFeedSequencer } from '../modules/register/feed-sequencer';
import { countPersons } from '../modules/register/register-read.repository';
import { seedRegister } from '../modules/register/seed';
import { startWebhookFanOut } from '../modules/webhooks/webhook-fan-out';
import { openDatabase } from './database-runtime';
import { ensureDemoCredentials } from './demo-credentials';
import { jobHandlers, jobSchedule } from './jobs';
import { startMaintenance } from './maintenance';
import { secretsKeyOf } from './secrets-key';

export interface SystemIo {
  log: (line: string) => void;
  /** Seeding progress, for a progress bar on a terminal. */
  onSeedProgress?: (environment: Environment, done: number, total: number) => void;
  /** The built web app, served on the API's port. */
  webApp?: WebApp;
}

export interface RunningSystem {
  baseUrl: string;
  /** What runs where, for the start-up banner. */
  summary: Array<[string, string]>;
  stop: () => Promise<void>;
}

/**
 * Starts the whole system in one process: the database (embedded unless `DATABASE_URL`),
 * migrations, a synthetic register when empty, the feed and audit sealers, the job queue and the
 * HTTP server.
 */
export async function startSystem(config: Config, io: SystemIo): Promise<RunningSystem> {
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });
  const database = await openDatabase({ ...config, dataDir }, io.log);
  try {
    for (const environment of environments)
      await seedWhenEmpty(database.connectionString, database.db, environment, config, io);
    const webhookFanOut = startWebhookFanOut(database.db, {
      onError: (error) => io.log(`webhook fan-out: ${String(error)}`),
    });
    const sequencer = startFeedSequencer(database.db, {
      onError: (error) => io.log(`feed sealer: ${String(error)}`),
      onSealed: webhookFanOut.nudge,
    });
    const auditSealer = startAuditSealer(database.db, {
      onError: (error) => io.log(`audit sealer: ${String(error)}`),
    });
    const maintenance = startMaintenance(database.db, {
      onError: (error) => io.log(`maintenance: ${String(error)}`),
    });
    const secretsKey = await secretsKeyOf(config, dataDir);
    const jobQueue = await startJobQueue({
      connectionString: database.connectionString,
      handlers: jobHandlers({ config: { ...config, secretsKey }, db: database.db, now: () => new Date() }),
      crontab: jobSchedule,
      onError: (message) => io.log(`job queue: ${message}`),
    });
    const app = await buildApp({
      config: { ...config, secretsKey },
      db: database.db,
      onRegisterCommitted: sequencer.nudge,
      webApp: io.webApp,
      flushFeed: sequencer.flush,
    });
    await app.listen({ host: config.host, port: config.port });
    // The demo (synthetic persons and demo organisations) is on unless SEED_PERSONS=0.
    const credentialsFile =
      config.seedPersons > 0
        ? await ensureDemoCredentials({
            db: database.db,
            dataDir,
            baseUrl: config.publicBaseUrl,
            secretBox: createSecretBox(secretsKey),
            log: io.log,
          })
        : undefined;
    const stop = async () => {
      maintenance.stop();
      await app.close();
      await jobQueue.stop();
      await sequencer.stop();
      await webhookFanOut.stop();
      await auditSealer.stop();
      await database.close();
    };
    return {
      baseUrl: config.publicBaseUrl,
      summary: summary(config, database.kind, dataDir, credentialsFile, io.webApp !== undefined),
      stop,
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function seedWhenEmpty(
  connectionString: string,
  db: Db,
  environment: Environment,
  config: Config,
  io: SystemIo,
): Promise<void> {
  if (config.seedPersons === 0 || (await countPersons(db, environment)) > 0) return;
  io.log(`seeding ${config.seedPersons} synthetic persons into ${environment}…`);
  const outcome = await seedRegister(db, {
    connectionString,
    environment,
    persons: config.seedPersons,
    seed: environment === 'test' ? 1 : 2,
    onProgress: (done) => io.onSeedProgress?.(environment, done, config.seedPersons),
  });
  io.log(`seeded ${outcome.persons} persons into ${environment} in ${outcome.seconds.toFixed(1)} s`);
}

function summary(
  config: Config,
  kind: string,
  dataDir: string,
  credentialsFile: string | undefined,
  hasWebApp: boolean,
): Array<[string, string]> {
  const base = config.publicBaseUrl;
  return [
    ['Web app', hasWebApp ? `${base}/` : 'not served'],
    ['API', `${base}/api/v1`],
    ['API docs', `${base}/api/docs`],
    ['OpenAPI', `${base}/api/openapi.json`],
    ['Health', `${base}/health/ready`],
    ['Metrics', `${base}/metrics`],
    [
      'Database',
      kind === 'embedded' ? `embedded PostgreSQL, data in ${join(dataDir, 'pg')}` : 'external (DATABASE_URL)',
    ],
    [
      'Demo credentials',
      credentialsFile ?? 'none (SEED_PERSONS=0; create an administrator with `npm run fpr -- create-admin`)',
    ],
  ];
}
