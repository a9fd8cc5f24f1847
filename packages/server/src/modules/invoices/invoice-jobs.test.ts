import { type ParsedCronItem, parseCrontab, type TimestampDigest } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { jobSchedule } from '../../runtime/jobs';
import { billingSuspensionsTask, invoiceMonthTask, monthToInvoice } from './invoice-jobs';

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
