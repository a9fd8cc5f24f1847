import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../test/access-fixtures';
import { monitorPersons } from '../../../test/billing-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { countMonitoredPersons } from './monitoring-usage.repository';

let testDb: TestDatabase;
let bank: string;
let insurer: string;

const january = { firstDay: '2026-01-01', nextFirstDay: '2026-02-01' };
const february = { firstDay: '2026-02-01', nextFirstDay: '2026-03-01' };
const march = { firstDay: '2026-03-01', nextFirstDay: '2026-04-01' };

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb;
  bank = (await createOrganisation(db)).id;
  insurer = (await createOrganisation(db)).id;
  // Open since 10 February.
  await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    subscribedAt: new Date('2026-02-10T09:00:00Z'),
  });
  // Removed at 01:30 on 1 March in Rīga (23:30 UTC the day before): it touches March.
  await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    subscribedAt: new Date('2026-01-05T09:00:00Z'),
    endedAt: new Date('2026-02-28T23:30:00Z'),
  });
  // Its own last day was 31 January, and nobody removed it: January only.
  await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    subscribedAt: new Date('2026-01-05T09:00:00Z'),
    endDate: '2026-01-31',
  });
  // Two periods in February: counted once.
  const twice = await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    subscribedAt: new Date('2026-02-01T09:00:00Z'),
    endedAt: new Date('2026-02-10T09:00:00Z'),
  });
  await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    personIds: twice,
    subscribedAt: new Date('2026-02-20T09:00:00Z'),
    endedAt: new Date('2026-02-25T09:00:00Z'),
  });
  // Subscribed at 00:30 on 1 April in Rīga: not March.
  await monitorPersons(db, {
    organisationId: bank,
    count: 1,
    subscribedAt: new Date('2026-03-31T21:30:00Z'),
  });
  await monitorPersons(db, {
    organisationId: bank,
    count: 2,
    environment: 'test',
    subscribedAt: new Date('2026-02-01T09:00:00Z'),
  });
  await monitorPersons(db, {
    organisationId: insurer,
    count: 3,
    subscribedAt: new Date('2025-12-01T09:00:00Z'),
  });
});
afterAll(async () => testDb.drop());

function countsOf(rows: Awaited<ReturnType<typeof countMonitoredPersons>>) {
  return Object.fromEntries(
    rows.map((row) => [
      `${row.organisationId === bank ? 'bank' : 'insurer'}:${row.environment}`,
      row.persons,
    ]),
  );
}

describe('distinct persons monitored in a month', () => {
  it.each([
    ['January', january, { 'bank:production': 2, 'insurer:production': 3 }],
    ['February', february, { 'bank:production': 3, 'bank:test': 2, 'insurer:production': 3 }],
    ['March', march, { 'bank:production': 2, 'bank:test': 2, 'insurer:production': 3 }],
  ])('%s', async (_name, month, expected) => {
    expect(countsOf(await countMonitoredPersons(testDb.db, month))).toEqual(expected);
  });

  it('narrows to one organisation', async () => {
    expect(countsOf(await countMonitoredPersons(testDb.db, february, insurer))).toEqual({
      'insurer:production': 3,
    });
  });
});
