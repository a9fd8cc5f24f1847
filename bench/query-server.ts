import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureServerBuild } from '../packages/cli/build/server-build.js';

/**
 * Starts the server of the `query` benchmark (`query-server-process.ts`) in a process of its own, as `fpr start` runs it: the API
 * (production configuration, info logging to /dev/null), its own pool of 20 connections as the
 * runtime opens, and the audit sealer, bundled into plain JavaScript as `fpr` is. So its RSS is the
 * server's alone, not the harness's nor a TypeScript loader's.
 *
 * Messages: the parent sends `{ connectionString, publicBaseUrl }`, the child answers
 * `{ baseUrl }`; `sample` starts RSS sampling; `stop` answers `{ rssMb }` (peak since `sample`)
 * and exits.
 */

export interface StartMessage {
  connectionString: string;
  publicBaseUrl: string;
}

export type ServerReply = { baseUrl: string } | { rssMb: number } | { error: string };

export interface BenchServer {
  baseUrl: string;
  /** Starts recording the peak RSS. */
  sample: () => void;
  /** Stops the server; resolves to the peak RSS (MB) since `sample`. */
  stop: () => Promise<number>;
}

export async function startBenchServer(
  connectionString: string,
  publicBaseUrl: string,
): Promise<BenchServer> {
  const child = fork(await serverBundle(), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<ServerReply>((resolve, reject) => {
      child.once('message', (message: ServerReply) => resolve(message));
      child.once('error', reject);
    });
  let stopping: Promise<number> | undefined;
  const started = next();
  child.send({ connectionString, publicBaseUrl } satisfies StartMessage);
  const reply = await started;
  if (!('baseUrl' in reply))
    throw new Error(`bench server: ${'error' in reply ? reply.error : 'no address'}`);
  return {
    baseUrl: reply.baseUrl,
    sample: () => child.send('sample'),
    // Idempotent: the measurement stops it to read the RSS, and a `finally` stops it again.
    stop: () => {
      stopping ??= (async () => {
        const stopped = next();
        child.send('stop');
        const last = await stopped;
        return 'rssMb' in last ? last.rssMb : 0;
      })();
      return stopping;
    },
  };
}

function serverBundle(): Promise<string> {
  const source = (name: string) => fileURLToPath(new URL(name, import.meta.url));
  return ensureServerBuild(source('./query-server-process.ts'), source('./dist/query-server-process.js'));
}
