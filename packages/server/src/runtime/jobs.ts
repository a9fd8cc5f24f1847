import type { Config } from '../config';
import type { Db } from '../db/database';
import type { JobHandler } from '../modules/jobs/job-queue';

export interface JobDependencies {
  config: Config;
  db: Db;
  now: () => Date;
}

/**
 * Every background job the server runs, by task name: each module that enqueues work adds its
 * handler here, so a grep finds who runs what.
 */
export function jobHandlers(_deps: JobDependencies): Record<string, JobHandler> {
  return {};
}

/** Recurring jobs, in crontab format (see `startJobQueue`). */
export const jobSchedule = '';
