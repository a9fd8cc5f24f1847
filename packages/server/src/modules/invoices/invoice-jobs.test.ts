import { type ParsedCronItem, parseCrontab, type TimestampDigest } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { systemClientAt } from '../../../test/billing-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { jobSchedule } from '../../runtime/jobs';
import { startJobQueue } from '../jobs/job-queue';
import { enqueueJob } from '../jobs/jobs.repository';
import { billingSuspensionsTask, invoiceJobHandlers, invoiceMonthTask, monthToInvoice } from './invoice-jobs';

describe('billing jobs', () => {
  it('invoices the month before the day the crontab fired', () => {
    const now = new Date('2027-03-15T10:00:00Z');
    expect(monthToInvoice({ _cron: { ts: '2027-01-01T03:00:00.000Z', backfilled: false } }, now)).toBe(
      '2026-12',
    );
    expect(monthToInvoice({ month: '2026-05' }, now)).toBe('2026-05');
    expect(monthToInvoice({}, now)).toBe('2027-02');
  });

  it('schedules the invoice run monthly and the suspensions daily', () => {
    const items = parseCrontab(jobSchedule);
    expect(items.map((item) => item.task)).toEqual([invoiceMonthTask, billingSuspensionsTask]);
    const [monthly, daily] = items;
    const digest = (iso: string): TimestampDigest => {
      const d = new Date(iso);
      return {
        min: d.getUTCMinutes(),
        hour: d.getUTCHours(),
        date: d.getUTCDate(),
        month: d.getUTCMonth() + 1,
        dow: d.getUTCDay(),
      };
    };
    const matches = (item: ParsedCronItem | undefined, iso: string) => item?.match(digest(iso)) ?? false;
    expect(matches(monthly, '2027-01-01T03:00:00Z')).toBe(true);
    expect(matches(monthly, '2027-01-02T03:00:00Z')).toBe(false);
    expect(matches(daily, '2027-01-02T04:00:00Z')).toBe(true);
    expect(monthly?.options.jobKey).toBe(invoiceMonthTask);
  });
});

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.drop());

describe('the invoice job in the queue', () => {
  it('invoices the month its payload names when the queue runs it', async () => {
    const organisation = await createOrganisation(testDb.db);
    await systemClientAt(testDb.db, {
      organisationId: organisation.id,
      environment: 'test',
      createdAt: new Date('2026-01-10T10:00:00Z'),
    });
    const handlers = invoiceJobHandlers({ db: testDb.db, now: () => new Date('2026-11-27T10:00:00Z') });
    const invoiceMonth = handlers[invoiceMonthTask];
    if (!invoiceMonth) throw new Error('the task has a handler');
    let ran: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      ran = resolve;
    });
    const queue = await startJobQueue({
      connectionString: testDb.url,
      handlers: {
        [invoiceMonthTask]: async (payload, job) => {
          await invoiceMonth(payload, job);
          ran();
        },
      },
      pollIntervalMs: 100,
      onError: () => {},
    });
    try {
      await enqueueJob(testDb.db, { task: invoiceMonthTask, payload: { month: '2026-03' } });
      await done;
    } finally {
      await queue.stop();
    }
    const invoices = await testDb.db.selectFrom('invoice').select(['periodMonth', 'totalCents']).execute();
    expect(invoices).toEqual([{ periodMonth: '2026-03-01', totalCents: '2420' }]);
  });
});
