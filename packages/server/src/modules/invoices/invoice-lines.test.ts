import { describe, expect, it } from 'vitest';
import { billingMonth } from './billing-month';
import { invoiceLines, type MonthUsage, totalsOf } from './invoice-lines';
import type { PricePeriod } from './price-list';

let nextId = 1;
function period(kind: string, values: Partial<PricePeriod>): PricePeriod {
  nextId += 1;
  return {
    id: String(nextId),
    kind,
    environment: null,
    bandFrom: null,
    bandTo: null,
    amountCents: null,
    rateBasisPoints: null,
    validFrom: '2021-01-01',
    validTo: null,
    ...values,
  };
}

const prices: PricePeriod[] = [
  period('environmentSubscription', { environment: 'production', bandFrom: 1, bandTo: 5, amountCents: 6000 }),
  period('environmentSubscription', {
    environment: 'production',
    bandFrom: 6,
    bandTo: null,
    amountCents: 15000,
  }),
  period('environmentSubscription', { environment: 'test', bandFrom: 1, bandTo: null, amountCents: 2000 }),
  period('monitoringSubscription', { bandFrom: 1, bandTo: 1000, amountCents: 3000 }),
  period('monitoringSubscription', { bandFrom: 1001, bandTo: null, amountCents: 12000 }),
  period('connectionSetUp', { amountCents: 24512 }),
  period('newUser', { amountCents: 2378, validTo: '2026-03-14' }),
  period('newUser', { amountCents: 2500, validFrom: '2026-03-15' }),
  period('vatRate', { rateBasisPoints: 2100 }),
];

const march = billingMonth('2026-03');
if (!march) throw new Error('a month');

function usage(values: Partial<MonthUsage>): MonthUsage {
  return {
    activeSystemUsers: { test: 0, production: 0 },
    monitoredPersons: 0,
    connectionSetUps: [],
    newUsers: [],
    ...values,
  };
}

describe('invoice lines', () => {
  it('makes no line for nothing used', () => {
    expect(invoiceLines(usage({}), prices, march)).toEqual([]);
  });

  it('prices subscriptions by band and one-off fees by their day, with VAT per line', () => {
    const lines = invoiceLines(
      usage({
        activeSystemUsers: { test: 2, production: 6 },
        monitoredPersons: 1001,
        connectionSetUps: [{ environment: 'production', day: '2026-03-02' }],
        newUsers: [
          { environment: 'production', day: '2026-03-02' },
          { environment: 'production', day: '2026-03-20' },
          { environment: 'production', day: '2026-03-03' },
        ],
      }),
      prices,
      march,
    );
    expect(
      lines.map((l) => [
        l.kind,
        l.environment,
        l.counted,
        l.quantity,
        l.unitPriceCents,
        l.netCents,
        l.vatCents,
      ]),
    ).toEqual([
      ['environmentSubscription', 'test', 2, 1, 2000, 2000, 420],
      ['environmentSubscription', 'production', 6, 1, 15000, 15000, 3150],
      ['monitoringSubscription', 'production', 1001, 1, 12000, 12000, 2520],
      ['connectionSetUp', 'production', null, 1, 24512, 24512, 5148],
      ['newUser', 'production', null, 2, 2378, 4756, 999], // 998.76
      ['newUser', 'production', null, 1, 2500, 2500, 525],
    ]);
    expect(lines[1]?.description).toBe(
      'Produkcijas vide: abonements, 2026. gada marts (aktīvi sistēmas lietotāji: 6; josla no 6)',
    );
    expect(totalsOf(lines)).toEqual({ netCents: 60768, vatCents: 12762, totalCents: 73530 });
  });

  it('stops with a clear error when no tariff covers a day', () => {
    const withoutVat = prices.filter((p) => p.kind !== 'vatRate');
    expect(() =>
      invoiceLines(usage({ activeSystemUsers: { test: 1, production: 0 } }), withoutVat, march),
    ).toThrow('No vatRate tariff covers 2026-03-01');
  });
});
