import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureServerBuild } from '../packages/cli/build/server-build.js';

/**
 * Starts the server of the `query` benchmark (`query-server-process.ts`) in a process of its own, as `fpr start` runs it: the API
 * (production configuration, info logging to /dev/null), its own pool of 20 connections as the
 * runtime opens, and the audit sealer, bundled into plain JavaScript as `fpr` is. So its RSS is the
 * server's alone, not the harness's nor a TypeScript loader's.
 *
 * Messages: the parent sends `{ connectionString, publicBaseUrl }`, the child answers
 * `{ baseUrl }`; `sample` starts memory sampling; `stop` answers the `ServerMemory` since `sample`
 * (peak RSS and the whole breakdown at that moment) and exits.
 */

export interface StartMessage {
  connectionString: string;
  publicBaseUrl: string;
}

/** `process.memoryUsage()` in MB. */
export interface MemoryFigures {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

export interface ServerMemory {
  /** Peak RSS since sampling started. */
  rssMb: number;
  /** When sampling started: the server up, before any load. */
  idle: MemoryFigures;
  /** At the moment RSS peaked. */
  peak: MemoryFigures;
}

export type ServerReply = { baseUrl: string } | ServerMemory | { error: string };

export interface BenchServer {
  baseUrl: string;
  /** The server process, whose CPU the benchmark reads. */
  pid: number;
  /** Starts recording the peak RSS. */
  sample: () => void;
  /** Stops the server; resolves to its memory since `sample`. */
  stop: () => Promise<ServerMemory>;
}

/**
 * The Node flags `npm start` gives the server (the root package.json's start script: the cap on V8's
 * old generation), so the benchmark's server runs as a deployment started by the README does.
 */
export function startScriptNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...words] = manifest.scripts.start.trim().split(/\s+/);
  if (command !== 'node') return [];
  const script = words.findIndex((word) => !word.startsWith('--'));
  return script === -1 ? words : words.slice(0, script);
}

export async function startBenchServer(
  connectionString: string,
  publicBaseUrl: string,
  nodeOptions: string[] = startScriptNodeFlags(),
): Promise<BenchServer> {
  // Always explicit: by default a fork inherits this process's flags, the TypeScript loader's too.
  const child = fork(await serverBundle(), [], {
    execArgv: nodeOptions,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<ServerReply>((resolve, reject) => {
      child.once('message', (message: ServerReply) => resolve(message));
      child.once('error', reject);
    });
  let stopping: Promise<ServerMemory> | undefined;
  const started = next();
  child.send({ connectionString, publicBaseUrl } satisfies StartMessage);
  const reply = await started;
  if (!('baseUrl' in reply))
    throw new Error(`bench server: ${'error' in reply ? reply.error : 'no address'}`);
  return {
    baseUrl: reply.baseUrl,
    pid: child.pid ?? 0,
    sample: () => child.send('sample'),
    // Idempotent: the measurement stops it to read the RSS, and a `finally` stops it again.
    stop: () => {
      stopping ??= (async () => {
        const stopped = next();
        child.send('stop');
        const last = await stopped;
        if (!('rssMb' in last))
          throw new Error(`bench server: ${'error' in last ? last.error : 'no memory'}`);
        return last;
      })();
      return stopping;
    },
  };
}

function serverBundle(): Promise<string> {
  const source = (name: string) => fileURLToPath(new URL(name, import.meta.url));
  return ensureServerBuild(source('./query-server-process.ts'), source('./dist/query-server-process.js'));
}
