import { pino } from 'pino';
import { buildApp } from '../packages/server/src/app';
import { readConfig } from '../packages/server/src/config';
import { createDatabase } from '../packages/server/src/db/database';
import { startAuditSealer } from '../packages/server/src/modules/audit/audit-sealer';
import { createLoggerOptions } from '../packages/server/src/observability/logger';
import type { MemoryFigures, ServerMemory, ServerReply, StartMessage } from './query-server';

// The process `startBenchServer` forks; only ever run that way (see query-server.ts).
async function serve(message: StartMessage): Promise<void> {
  const config = readConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PUBLIC_BASE_URL: message.publicBaseUrl,
  });
  const db = createDatabase({ connectionString: message.connectionString, maxConnections: 20 });
  const sealer = startAuditSealer(db, { onError: (error) => console.error(error) });
  const logger = pino(
    createLoggerOptions(config.logLevel),
    pino.destination({ dest: '/dev/null', sync: false }),
  );
  const app = await buildApp({ config, db, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  const memory = memorySampler();
  process.on('message', (command: unknown) => {
    if (command === 'sample') memory.start();
    if (command !== 'stop') return;
    const sampled = memory.stop();
    void (async () => {
      await app.close();
      await sealer.stop();
      await db.destroy();
      process.send?.(sampled satisfies ServerReply, () => process.exit(0));
    })();
  });
  process.send?.({ baseUrl: `http://127.0.0.1:${address.port}` } satisfies ServerReply);
}

// Started by `startBenchServer`: the first message starts the server.
if (process.send) {
  process.once('message', (message: StartMessage) => {
    serve(message).catch((error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)));
  });
}

/** The memory at the start of sampling, and the whole `process.memoryUsage()` when RSS peaked. */
function memorySampler(): { start: () => void; stop: () => ServerMemory } {
  let idle = figures();
  let peak = idle;
  let timer: NodeJS.Timeout | undefined;
  const take = () => {
    const now = figures();
    if (now.rssMb > peak.rssMb) peak = now;
  };
  return {
    start: () => {
      idle = figures();
      peak = idle;
      timer = setInterval(take, 100);
    },
    stop: () => {
      clearInterval(timer);
      take();
      return { rssMb: peak.rssMb, idle, peak };
    },
  };
}

function figures(): MemoryFigures {
  const usage = process.memoryUsage();
  const mb = (bytes: number) => bytes / (1024 * 1024);
  return {
    rssMb: mb(usage.rss),
    heapTotalMb: mb(usage.heapTotal),
    heapUsedMb: mb(usage.heapUsed),
    externalMb: mb(usage.external),
    arrayBuffersMb: mb(usage.arrayBuffers),
  };
}
