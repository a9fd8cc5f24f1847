import type { Config } from '../config';
import type { Db } from '../db/database';
import { createSecretBox } from '../modules/identity/secret-box';
import { invoiceJobHandlers, invoiceJobSchedule } from '../modules/invoices/invoice-jobs';
import type { JobHandler } from '../modules/jobs/job-queue';
import { deliverNudgeTask, nudgeTask } from '../modules/webhooks/webhook-nudges';

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
  const { secretsKey } = deps.config;
  // Webhook secrets are sealed under SECRETS_KEY; `startSystem` always has one by now.
  if (!secretsKey) throw new Error('the job queue needs SECRETS_KEY to open webhook secrets');
  return {
    [nudgeTask]: deliverNudgeTask({ db: deps.db, now: deps.now, secretBox: createSecretBox(secretsKey) }),
    ...invoiceJobHandlers({ db: deps.db, now: deps.now }),
  };
}

/** Recurring jobs, in crontab format (see `startJobQueue`). */
export const jobSchedule = [invoiceJobSchedule].join('\n');
