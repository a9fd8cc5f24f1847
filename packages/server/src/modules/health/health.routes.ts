import { sql } from 'kysely';
import { Type } from 'typebox';
import type { AppContext, FastifyTypebox } from '../../app';
import { databaseRetryAfterSeconds } from '../../http/error-handler';
import { problem } from '../../http/problem';

/** A hung database must not hang the probe: the orchestrator needs an answer either way. */
const readinessTimeoutMs = 3_000;

const Live = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') });

/** Liveness (the process answers) and readiness (it can reach the database); not part of the API. */
export function registerHealthRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get('/health/live', { schema: { hide: true, response: { 200: Live } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get('/health/ready', { schema: { hide: true, response: { 200: Ready } } }, async () => {
    await checkDatabase(ctx);
    return { status: 'ok' as const, database: 'ok' as const };
  });
}

async function checkDatabase(ctx: AppContext): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('database readiness check timed out')), readinessTimeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(ctx.db), timeout]);
  } catch (error) {
    const details = {
      detail: 'The database is not reachable.',
      retryAfterSeconds: databaseRetryAfterSeconds,
    };
    throw problem('notAvailable', details, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
