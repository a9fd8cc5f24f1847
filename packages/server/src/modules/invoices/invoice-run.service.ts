import type { Environment, InvoiceRunResult } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { currentBillingSettings } from '../billing/billing-settings.repository';
import { listTariffsBetween } from '../billing/tariffs.repository';
import { addCalendarDays, rigaDate } from '../calendar/working-days';
import { countMonitoredPersons } from '../monitoring/monitoring-usage.repository';
import { type BillingMonth, billingMonth, invoiceMonthProblems } from './billing-month';
import { wasFeeExemptDuring } from './fee-exemption';
import { type DraftLine, invoiceLines, type MonthUsage, totalsOf } from './invoice-lines';
import {
  type BillableOrganisation,
  countActiveSystemUsers,
  listBillableOrganisations,
  listConnectionSetUps,
  listNewUsers,
} from './invoice-usage.repository';
import { insertInvoice, listInvoicedOrganisations, takeInvoiceNumber } from './invoices.repository';

export interface InvoicingContext {
  db: Db;
  now: () => Date;
}

/**
 * Invoices a month that has ended: one invoice per organisation with something to charge, numbered
 * in the year's sequence. Safe to repeat and to run twice at once: an organisation invoiced for the
 * month (by this or another run) is counted, not invoiced again. `actorUserId` is the administrator
 * who asked, or null for the monthly job.
 */
export async function runMonthlyInvoicing(
  ctx: InvoicingContext,
  month: string,
  actorUserId: string | null,
): Promise<InvoiceRunResult> {
  const at = ctx.now();
  const today = rigaDate(at);
  const invalidParams = invoiceMonthProblems(month, today);
  const period = billingMonth(month);
  if (invalidParams.length > 0 || !period) throw problem('paramsValidation', { invalidParams });
  const plan = await planMonth(ctx.db, period);
  const result: InvoiceRunResult = { month, issued: [], alreadyInvoiced: 0, withoutCharges: 0 };
  for (const { organisation, lines } of plan.organisations) {
    if (plan.invoiced.has(organisation.id)) result.alreadyInvoiced += 1;
    else if (lines.length === 0) result.withoutCharges += 1;
    else {
      const issued = await issueInvoice(ctx, {
        organisation,
        lines,
        period,
        today,
        at,
        actorUserId,
        dueDays: plan.dueDays,
      });
      if (issued) result.issued.push(issued);
      else result.alreadyInvoiced += 1;
    }
  }
  return result;
}

async function planMonth(db: Db, period: BillingMonth) {
  const [organisations, users, monitored, setUps, newUsers, prices, settings, invoiced] = await Promise.all([
    listBillableOrganisations(db, period),
    countActiveSystemUsers(db, period),
    countMonitoredPersons(db, period),
    listConnectionSetUps(db, period),
    listNewUsers(db, period),
    listTariffsBetween(db, period.firstDay, period.lastDay),
    currentBillingSettings(db),
    listInvoicedOrganisations(db, period.firstDay),
  ]);
  const usage = new Map<string, MonthUsage>();
  const usageOf = (id: string) => {
    const found = usage.get(id) ?? emptyUsage();
    usage.set(id, found);
    return found;
  };
  for (const row of users) usageOf(row.organisationId).activeSystemUsers[row.environment] = row.users;
  for (const row of monitored)
    if (row.environment === 'production') usageOf(row.organisationId).monitoredPersons = row.persons;
  for (const row of setUps) usageOf(row.organisationId).connectionSetUps.push(row);
  for (const row of newUsers) usageOf(row.organisationId).newUsers.push(row);
  const { start, end } = instantsOf(period);
  return {
    invoiced,
    dueDays: settings.invoiceDueDays,
    organisations: organisations.map((organisation) => ({
      organisation,
      // Exempt organisations are never charged (DOMAIN §6): the exemption covers every line.
      lines: wasFeeExemptDuring(organisation.exemptionEvents, organisation.isFeeExempt, start, end)
        ? []
        : invoiceLines(usage.get(organisation.id) ?? emptyUsage(), prices, period),
    })),
  };
}

function emptyUsage(): MonthUsage {
  const activeSystemUsers: Record<Environment, number> = { test: 0, production: 0 };
  return { activeSystemUsers, monitoredPersons: 0, connectionSetUps: [], newUsers: [] };
}

// The month's instants at Rīga midnight, for comparing with the exemption history's timestamps.
function instantsOf(period: BillingMonth): { start: Date; end: Date } {
  return { start: rigaMidnight(period.firstDay), end: rigaMidnight(period.nextFirstDay) };
}

function rigaMidnight(day: string): Date {
  // Rīga is UTC+2 or UTC+3; try both and keep the one that is midnight there.
  for (const offset of [2, 3]) {
    const candidate = new Date(`${day}T00:00:00+0${offset}:00`);
    if (rigaDate(candidate) === day && rigaDate(new Date(candidate.getTime() - 1)) !== day) return candidate;
  }
  throw new Error(`no Rīga midnight on ${day}`);
}

class AlreadyInvoiced extends Error {}

/** One invoice in its own transaction, so the year's counter is held only while it is written. */
async function issueInvoice(
  ctx: InvoicingContext,
  input: {
    organisation: BillableOrganisation;
    lines: DraftLine[];
    period: BillingMonth;
    today: string;
    at: Date;
    actorUserId: string | null;
    dueDays: number;
  },
): Promise<InvoiceRunResult['issued'][number] | undefined> {
  const { organisation, lines, period, today } = input;
  const totals = totalsOf(lines);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const number = await takeInvoiceNumber(trx, Number(today.slice(0, 4)));
      const invoiceId = await insertInvoice(
        trx,
        {
          number,
          kind: 'invoice',
          organisationId: organisation.id,
          organisationName: organisation.name,
          organisationRegistrationNumber: organisation.registrationNumber,
          periodMonth: period.firstDay,
          creditedInvoiceId: null,
          issuedOn: today,
          dueOn: addCalendarDays(today, input.dueDays),
          ...totals,
          reason: null,
          createdBy: input.actorUserId,
          createdAt: input.at,
        },
        lines,
      );
      // Another run invoiced the organisation first: roll back, giving the number back.
      if (invoiceId === undefined) throw new AlreadyInvoiced();
      return { invoiceId, number, organisationId: organisation.id, totalCents: totals.totalCents };
    });
  } catch (error) {
    if (error instanceof AlreadyInvoiced) return undefined;
    throw error;
  }
}

/** The run's outcome in lines an operator reads. */
export function describeInvoiceRun(result: InvoiceRunResult): string[] {
  return [
    `invoiced ${result.month}: ${result.issued.length} issued, ${result.alreadyInvoiced} already invoiced, ${result.withoutCharges} without charges`,
    ...result.issued.map(
      (issued) => `  ${issued.number}  ${(issued.totalCents / 100).toFixed(2)} EUR  ${issued.organisationId}`,
    ),
  ];
}
