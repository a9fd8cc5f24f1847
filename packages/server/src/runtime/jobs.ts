import type { Config } from '../config';
import type { Db } from '../db/database';
import { invoiceJobHandlers, invoiceJobSchedule } from '../modules/invoices/invoice-jobs';
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
export function jobHandlers(deps: JobDependencies): Record<string, JobHandler> {
  return { ...invoiceJobHandlers({ db: deps.db, now: deps.now }) };
}

/** Recurring jobs, in crontab format (see `startJobQueue`). */
export const jobSchedule = [invoiceJobSchedule].join('\n');
