import { Logger, type Runner, run, runMigrations, type TaskList } from 'graphile-worker';
import pg from 'pg';

/** A job's handler: the payload it was enqueued with and the job's attempt so far (1-based). */
export type JobHandler = (payload: unknown, job: { attempts: number; maxAttempts: number }) => Promise<void>;

export interface JobQueueOptions {
  connectionString: string;
  /** Handlers by task name; a job whose task has no handler waits until a process that has one runs. */
  handlers: Record<string, JobHandler>;
  /**
   * Recurring jobs in crontab format (`m h dom mon dow task ?opts payload`), e.g.
   * `0 3 1 * * invoice-month ?jobKey=invoice-month`.
   */
  crontab?: string;
  /** Jobs run at once per process. */
  concurrency?: number;
  /** How often jobs scheduled for later (retries) are looked for; new jobs arrive by NOTIFY at once. */
  pollIntervalMs?: number;
  /** Failed attempts and the queue's own warnings. */
  onError: (message: string) => void;
}

export interface JobQueue {
  /** Lets running jobs finish, then stops taking new ones. */
  stop: () => Promise<void>;
}

/**
 * Runs the PostgreSQL job queue (graphile-worker) inside this process. Jobs are rows in the
 * database, so a job enqueued in a use case's transaction exists exactly when that transaction
 * commits, and it survives a restart; a failed attempt is retried with exponential back-off until
 * the job's `maxAttempts`.
 */
export async function startJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const concurrency = options.concurrency ?? 2;
  // A pool of our own, so that a connection the server ends (a database shutting down on Ctrl-C
  // before this process) is reported instead of crashing the process as an unhandled 'error'.
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: concurrency + 2,
    application_name: 'fpr-online-jobs',
  });
  pool.on('error', (error) => options.onError(`idle connection: ${error.message}`));
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onError(`connection: ${error.message}`));
  });
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency,
      pollInterval: options.pollIntervalMs ?? 1000,
      noHandleSignals: true,
      logger: queueLogger(options.onError),
      taskList: taskListOf(options.handlers),
      crontab: options.crontab ?? '',
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    stop: async () => {
      await runner.stop();
      await pool.end();
    },
  };
}

/** Installs or upgrades the queue's own schema (`graphile_worker`); `migrateToLatest` calls it. */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: queueLogger(() => {}) });
}

function taskListOf(handlers: Record<string, JobHandler>): TaskList {
  const list: TaskList = {};
  for (const [name, handler] of Object.entries(handlers)) {
    list[name] = (payload, helpers) =>
      handler(payload, { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
  }
  return list;
}

// The queue logs every job at info level; only warnings and errors are worth a line here.
function queueLogger(onError: (message: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') onError(message);
  });
}
