import type { Environment, InvoiceLineKind } from '@fpr/contract';
import { type BillingMonth, latvianMonth } from './billing-month';
import { amountOf, bandOn, type PricePeriod, periodOn, vatRateOn } from './price-list';
import { vatCents } from './vat';

/** What an organisation used in one month (DOMAIN §6), as the invoice run collects it. */
export interface MonthUsage {
  activeSystemUsers: Record<Environment, number>;
  /** Distinct persons monitored in production (test-environment monitoring is part of its subscription). */
  monitoredPersons: number;
  /** One entry per connection configured in the month, on its day. */
  connectionSetUps: Array<{ environment: Environment; day: string }>;
  /** One entry per system client or PDP user created in the month, on its day. */
  newUsers: Array<{ environment: Environment; day: string }>;
}

export interface DraftLine {
  kind: InvoiceLineKind;
  environment: Environment | null;
  description: string;
  counted: number | null;
  quantity: number;
  unitPriceCents: number;
  netCents: number;
  vatRateBasisPoints: number;
  vatCents: number;
  totalCents: number;
  /** The period that priced it; a credit note's line names its original's. */
  tariffId: string | null;
}

const environmentNames: Record<Environment, string> = { test: 'Testa vide', production: 'Produkcijas vide' };

/**
 * The lines of a month's invoice. Subscriptions are priced by the bands in force on the month's
 * first day (a tariff change takes effect from the next whole month), one-off fees by the tariff of
 * the day they arose; the VAT rate is the one of the same pricing day. A count of 0 makes no line.
 */
export function invoiceLines(
  usage: MonthUsage,
  prices: readonly PricePeriod[],
  month: BillingMonth,
): DraftLine[] {
  return [
    ...subscriptionLines(usage, prices, month),
    ...oneOffLines('connectionSetUp', usage.connectionSetUps, prices),
    ...oneOffLines('newUser', usage.newUsers, prices),
  ];
}

function subscriptionLines(
  usage: MonthUsage,
  prices: readonly PricePeriod[],
  month: BillingMonth,
): DraftLine[] {
  const day = month.firstDay;
  const lines: DraftLine[] = [];
  for (const environment of ['test', 'production'] as const) {
    const users = usage.activeSystemUsers[environment];
    if (users === 0) continue;
    const band = bandOn(prices, 'environmentSubscription', environment, day, users);
    const description = `${environmentNames[environment]}: abonements, ${latvianMonth(month.month)} (aktīvi sistēmas lietotāji: ${users}; josla ${bandText(band)})`;
    lines.push(
      line('environmentSubscription', environment, description, users, 1, band, vatRateOn(prices, day)),
    );
  }
  if (usage.monitoredPersons > 0) {
    const band = bandOn(prices, 'monitoringSubscription', null, day, usage.monitoredPersons);
    const description = `Izmaiņu uzraudzības abonements, ${latvianMonth(month.month)} (uzraudzītās personas: ${usage.monitoredPersons}; josla ${bandText(band)})`;
    lines.push(
      line(
        'monitoringSubscription',
        'production',
        description,
        usage.monitoredPersons,
        1,
        band,
        vatRateOn(prices, day),
      ),
    );
  }
  return lines;
}

const oneOffNames: Record<'connectionSetUp' | 'newUser', string> = {
  connectionSetUp: 'pieslēguma izveide',
  newUser: 'jauns lietotājs',
};

/** One line per environment and tariff period (a tariff may change inside the month). */
function oneOffLines(
  kind: 'connectionSetUp' | 'newUser',
  events: MonthUsage['newUsers'],
  prices: readonly PricePeriod[],
): DraftLine[] {
  const groups = new Map<
    string,
    { environment: Environment; period: PricePeriod; rate: number; count: number }
  >();
  for (const event of [...events].sort((a, b) => a.day.localeCompare(b.day))) {
    const period = periodOn(prices, kind, event.day);
    const rate = vatRateOn(prices, event.day);
    const key = `${event.environment}|${period.id}|${rate}`;
    const group = groups.get(key) ?? { environment: event.environment, period, rate, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()].map((group) =>
    line(
      kind,
      group.environment,
      `${environmentNames[group.environment]}: ${oneOffNames[kind]}`,
      null,
      group.count,
      group.period,
      group.rate,
    ),
  );
}

function line(
  kind: InvoiceLineKind,
  environment: Environment | null,
  description: string,
  counted: number | null,
  quantity: number,
  period: PricePeriod,
  rate: number,
): DraftLine {
  const unitPriceCents = amountOf(period);
  const netCents = unitPriceCents * quantity;
  const vat = vatCents(netCents, rate);
  return {
    kind,
    environment,
    description,
    counted,
    quantity,
    unitPriceCents,
    netCents,
    vatRateBasisPoints: rate,
    vatCents: vat,
    totalCents: netCents + vat,
    tariffId: period.id,
  };
}

function bandText(period: PricePeriod): string {
  return period.bandTo === null ? `no ${period.bandFrom}` : `${period.bandFrom}–${period.bandTo}`;
}

/** An invoice's totals: the sums of its lines. */
export function totalsOf(lines: ReadonlyArray<Pick<DraftLine, 'netCents' | 'vatCents'>>) {
  const netCents = lines.reduce((sum, l) => sum + l.netCents, 0);
  const vat = lines.reduce((sum, l) => sum + l.vatCents, 0);
  return { netCents, vatCents: vat, totalCents: netCents + vat };
}
