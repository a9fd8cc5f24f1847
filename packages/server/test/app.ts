import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { Problem } from '@fpr/contract';
import { pino } from 'pino';
import { Value } from 'typebox/value';
import { expect } from 'vitest';
import { type AppContext, buildApp, type FastifyTypebox } from '../src/app';
import { type Config, readConfig } from '../src/config';
import type { Db } from '../src/db/database';
import { problemContentType } from '../src/http/error-handler';
import type { WebApp } from '../src/http/web-app';
import { createSecretBox } from '../src/modules/identity/secret-box';
import { createLoggerOptions } from '../src/observability/logger';

export interface TestApp {
  app: FastifyTypebox;
  /** Base URL of the listening server, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  close: () => Promise<void>;
}

export const testConfig: Config = readConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  // A fixed key, so fixtures seal TOTP seeds the way the app under test opens them.
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
});

/** The secret box of every test app, for fixtures that write accounts directly. */
export const testSecretBox = createSecretBox(testConfig.secretsKey ?? Buffer.alloc(32, 7));

/** Builds the app on a real port; pass `logLines` to capture what it logs. */
export async function startTestApp(options: {
  db: Db;
  routes?: (app: FastifyTypebox, ctx: AppContext) => void;
  logLines?: string[];
  /** A fixed or steerable clock for the services. */
  now?: () => Date;
  /** A built web app to serve besides the API. */
  webApp?: WebApp;
  /** Settings that differ from `testConfig`. */
  config?: Partial<Config>;
}): Promise<TestApp> {
  const logger = options.logLines ? capturingLogger(options.logLines) : false;
  const app = await buildApp({
    config: { ...testConfig, ...options.config },
    db: options.db,
    logger,
    routes: options.routes,
    now: options.now,
    webApp: options.webApp,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  // A test that leaves an answer unread keeps its connection busy, and a plain close would wait
  // for it forever: at the end of a file every connection is cut.
  const close = async () => {
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
  };
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close };
}

/** The production logger options, writing each line into `lines` instead of stdout. */
export function capturingLogger(lines: string[], level = testConfig.logLevel) {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return pino(createLoggerOptions(level), destination);
}

/** A TCP port on which nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return address.port;
}

/** Reads a problem answer, failing the test unless it is `application/problem+json` of the contract's shape. */
export async function readProblem(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe(problemContentType);
  const body: unknown = await response.json();
  if (!Value.Check(Problem, body)) throw new Error(`not a problem: ${JSON.stringify(body)}`);
  return body;
}
