import { pino } from 'pino';
import { buildApp } from '../packages/server/src/app';
import { readConfig } from '../packages/server/src/config';
import { createDatabase } from '../packages/server/src/db/database';
import { startAuditSealer } from '../packages/server/src/modules/audit/audit-sealer';
import { createLoggerOptions } from '../packages/server/src/observability/logger';
import type { ServerReply, StartMessage } from './query-server';

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
  let peak = 0;
  let timer: NodeJS.Timeout | undefined;
  process.on('message', (command: unknown) => {
    if (command === 'sample') {
      peak = process.memoryUsage().rss;
      timer = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 100);
    }
    if (command !== 'stop') return;
    clearInterval(timer);
    const rssMb = Math.max(peak, process.memoryUsage().rss) / (1024 * 1024);
    void (async () => {
      await app.close();
      await sealer.stop();
      await db.destroy();
      process.send?.({ rssMb } satisfies ServerReply, () => process.exit(0));
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
