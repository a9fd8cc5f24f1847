import { rigaDate } from '../calendar/working-days';
import type { JobHandler } from '../jobs/job-queue';
import { previousMonthOf } from './billing-month';
import { enforceOverdueSuspensions } from './billing-suspension.service';
import { type InvoicingContext, runMonthlyInvoicing } from './invoice-run.service';
import { billingSuspensionsTask } from './invoices.service';

export const invoiceMonthTask = 'invoice-month';
export { billingSuspensionsTask };

/**
 * The month a job invoices: the one its payload names (`{ month: "YYYY-MM" }`), or the month before
 * the day the crontab fired it (graphile-worker passes `_cron.ts`), or before today.
 */
export function monthToInvoice(payload: unknown, now: Date): string {
  const named = (payload as { month?: unknown } | null)?.month;
  if (typeof named === 'string') return named;
  const fired = (payload as { _cron?: { ts?: unknown } } | null)?._cron?.ts;
  const at = typeof fired === 'string' ? new Date(fired) : now;
  return previousMonthOf(rigaDate(at));
}

/** The billing jobs by task name. */
export function invoiceJobHandlers(ctx: InvoicingContext): Record<string, JobHandler> {
  return {
    [invoiceMonthTask]: async (payload) => {
      await runMonthlyInvoicing(ctx, monthToInvoice(payload, ctx.now()), null);
    },
    [billingSuspensionsTask]: async () => {
      await enforceOverdueSuspensions(ctx);
    },
  };
}

/**
 * On the 1st at 03:00 UTC (05:00 or 06:00 in Rīga, the previous month over) the month is invoiced;
 * every day at 04:00 UTC overdue debtors are suspended and paid-up ones restored. Job keys keep a
 * backlog from doubling; the invoice run is idempotent anyway.
 */
export const invoiceJobSchedule = [
  `0 3 1 * * ${invoiceMonthTask} ?jobKey=${invoiceMonthTask}&max=5`,
  `0 4 * * * ${billingSuspensionsTask} ?jobKey=${billingSuspensionsTask}&max=5`,
].join('\n');
