import type { Environment, Quote, QuoteRequest } from '@fpr/contract';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import type { Caller } from '../identity/caller';
import { organisationOf } from '../identity/caller';
import { billingMonth, monthOfDay } from '../invoices/billing-month';
import { amountOf, bandOn, vatRateOn } from '../invoices/price-list';
import { vatCents } from '../invoices/vat';
import { countMonitoredPersons } from '../monitoring/monitoring-usage.repository';
import { findOrganisation } from '../organisations/organisations.repository';
import { readBalance } from './ledger.repository';
import { stateFeePerPerson } from './state-fee';
import { listTariffsBetween } from './tariffs.repository';
import type { BillingContext } from './tariffs.service';

/**
 * What a planned batch of queries and a planned monitoring list would cost this month: the state fee
 * (production, non-exempt, today's tariff) and what the month's monitoring line grows by — the band
 * price for the persons already counted plus the new ones, less the band price already reached —
 * with its VAT; and whether the prepaid balance covers the state-fee part. Nothing is recorded.
 */
export async function quote(ctx: BillingContext, caller: Caller, input: QuoteRequest): Promise<Quote> {
  const organisationId = organisationOf(caller);
  const environment = environmentOf(caller, input);
  const at = ctx.now();
  const today = rigaDate(at);
  const month = monthOfDay(today);
  const period = billingMonth(month);
  const organisation = await findOrganisation(ctx.db, organisationId);
  if (!period || !organisation) throw problem('notFound', { detail: 'No such organisation.' });
  const persons = input.queries?.persons ?? 0;
  const perPersonCents = await stateFeePerPerson(ctx.db, { organisationId, environment, at });
  const stateFee = { persons, perPersonCents, amountCents: perPersonCents * persons };
  const monitoring = await monitoringQuote(ctx, {
    organisationId,
    environment,
    isCharged: !organisation.isFeeExempt && environment === 'production',
    additionalPersons: input.monitoring?.persons ?? 0,
    period,
  });
  const balanceCents = await readBalance(ctx.db, organisationId);
  return {
    month,
    environment,
    isFeeExempt: organisation.isFeeExempt,
    stateFee,
    monitoring,
    totalCents: stateFee.amountCents + monitoring.totalCents,
    balanceCents,
    isBalanceSufficient: balanceCents >= stateFee.amountCents,
    currency: 'EUR',
  };
}

/** A system client quotes for its own environment; a person names one (production by default). */
function environmentOf(caller: Caller, input: QuoteRequest): Environment {
  const own = caller.environment;
  if (own !== null && input.environment !== undefined && input.environment !== own)
    throw problem('environmentMismatch', { detail: 'Quote for the environment of your credentials.' });
  return own ?? input.environment ?? 'production';
}

async function monitoringQuote(
  ctx: BillingContext,
  input: {
    organisationId: string;
    environment: Environment;
    isCharged: boolean;
    additionalPersons: number;
    period: NonNullable<ReturnType<typeof billingMonth>>;
  },
): Promise<Quote['monitoring']> {
  const counted = await countMonitoredPersons(ctx.db, input.period, input.organisationId);
  const alreadyCountedPersons = counted.find((row) => row.environment === input.environment)?.persons ?? 0;
  const free = {
    alreadyCountedPersons,
    additionalPersons: input.additionalPersons,
    currentBandCents: 0,
    newBandCents: 0,
    netCents: 0,
    vatCents: 0,
    totalCents: 0,
  };
  if (!input.isCharged) return free;
  // Priced as the invoice will be: by the bands and VAT rate of the month's first day.
  const prices = await listTariffsBetween(ctx.db, input.period.firstDay, input.period.firstDay);
  const bandPrice = (count: number) =>
    count === 0 ? 0 : amountOf(bandOn(prices, 'monitoringSubscription', null, input.period.firstDay, count));
  const currentBandCents = bandPrice(alreadyCountedPersons);
  const newBandCents = bandPrice(alreadyCountedPersons + input.additionalPersons);
  const netCents = newBandCents - currentBandCents;
  const vat = vatCents(netCents, vatRateOn(prices, input.period.firstDay));
  return { ...free, currentBandCents, newBandCents, netCents, vatCents: vat, totalCents: netCents + vat };
}
