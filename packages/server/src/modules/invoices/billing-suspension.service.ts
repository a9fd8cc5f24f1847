import { currentBillingSettings } from '../billing/billing-settings.repository';
import { addCalendarDays, rigaDate } from '../calendar/working-days';
import { findConnectionForUpdate, listConnections } from '../connections/connections.repository';
import { stepConnectionIn } from '../connections/connections.service';
import {
  endSuspension,
  insertSuspension,
  listOpenSuspensions,
  wasSuspendedFor,
} from './billing-suspension.repository';
import type { InvoicingContext } from './invoice-run.service';
import { listOverdueInvoices, type OverdueInvoiceRow } from './invoices.repository';

export interface SuspensionOutcome {
  /** Connection ids suspended by this run. */
  suspended: string[];
  /** Connection ids restored by this run. */
  restored: string[];
}

/**
 * The daily job: restores connections suspended for debts since paid (or credited), then — when an
 * administrator has turned it on — suspends the active connections of organisations with an invoice
 * overdue by more than the configured days. Each connection is one transaction: the connections
 * module's step (history with the reason, access notice) and this module's record of why.
 * Restoration runs even with the switch off: turning it off must not strand a suspended connection.
 */
export async function enforceOverdueSuspensions(ctx: InvoicingContext): Promise<SuspensionOutcome> {
  const at = ctx.now();
  const settings = await currentBillingSettings(ctx.db);
  const overdueBefore = addCalendarDays(rigaDate(at), -settings.suspensionOverdueDays);
  const debts = new Map<string, OverdueInvoiceRow>();
  for (const invoice of await listOverdueInvoices(ctx.db, overdueBefore))
    if (!debts.has(invoice.organisationId)) debts.set(invoice.organisationId, invoice);
  const restored = await restorePaidUp(ctx, debts, at);
  const suspended = settings.isAutomaticSuspensionEnabled ? await suspendDebtors(ctx, debts, at) : [];
  return { suspended, restored };
}

async function restorePaidUp(
  ctx: InvoicingContext,
  debts: Map<string, OverdueInvoiceRow>,
  at: Date,
): Promise<string[]> {
  const restored: string[] = [];
  for (const suspension of await listOpenSuspensions(ctx.db)) {
    const isPaidUp = !debts.has(suspension.organisationId);
    await ctx.db.transaction().execute(async (trx) => {
      const connection = await findConnectionForUpdate(trx, suspension.connectionId);
      // An administrator who restored it by hand has ended this suspension too; nothing to step.
      const isStillSuspended = connection?.status === 'suspended';
      if (!isPaidUp && isStillSuspended) return;
      if (!(await endSuspension(trx, suspension.id, at)) || !connection || !isStillSuspended) return;
      await stepConnectionIn(trx, connection, {
        actorUserId: null,
        step: 'restore',
        reason: 'Restored automatically: the overdue invoices are paid',
        at,
      });
      restored.push(connection.id);
    });
  }
  return restored;
}

async function suspendDebtors(
  ctx: InvoicingContext,
  debts: Map<string, OverdueInvoiceRow>,
  at: Date,
): Promise<string[]> {
  const suspended: string[] = [];
  for (const [organisationId, invoice] of debts) {
    for (const { id } of await listConnections(ctx.db, organisationId)) {
      await ctx.db.transaction().execute(async (trx) => {
        const connection = await findConnectionForUpdate(trx, id);
        // Only active connections: one suspended for another reason is not this job's to restore later;
        // and one an administrator restored by hand stays restored for this invoice.
        if (connection?.status !== 'active' || (await wasSuspendedFor(trx, id, invoice.id))) return;
        await stepConnectionIn(trx, connection, {
          actorUserId: null,
          step: 'suspend',
          reason: `Suspended automatically: invoice ${invoice.number} unpaid since ${invoice.dueOn}`,
          at,
        });
        await insertSuspension(trx, { connectionId: id, invoiceId: invoice.id, suspendedAt: at });
        suspended.push(id);
      });
    }
  }
  return suspended;
}
