import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface JobSpec {
  task: string;
  payload: Record<string, unknown>;
  /** Not before this moment (default: now). */
  runAt?: Date;
  /**
   * A job with the same key that has not started is replaced instead of doubled, so repeated
   * nudges for one consumer coalesce into one job.
   */
  jobKey?: string;
  maxAttempts?: number;
  /** With a `jobKey`: `replace` (default) moves the waiting job to this `runAt`; `preserve_run_at` keeps its time. */
  jobKeyMode?: 'replace' | 'preserve_run_at';
}

/**
 * Enqueues a job in the caller's transaction: it exists exactly when that transaction commits.
 * Returns the job's id.
 */
export async function enqueueJob(db: Db, job: JobSpec): Promise<string> {
  const result = await sql<{ id: string }>`
    SELECT (graphile_worker.add_job(
      identifier => ${job.task}::text,
      payload => ${JSON.stringify(job.payload)}::json,
      run_at => ${job.runAt ?? null}::timestamptz,
      job_key => ${job.jobKey ?? null}::text,
      max_attempts => ${job.maxAttempts ?? null}::integer,
      job_key_mode => ${job.jobKeyMode ?? 'replace'}::text
    )).id AS id`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error(`job ${job.task} was not enqueued`);
  return String(row.id);
}
