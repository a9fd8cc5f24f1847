import type { Statement } from '@fpr/contract';
import { problem } from '../../http/problem';
import { toLedgerEntry } from '../billing/billing.mapper';
import { rigaDate } from '../calendar/working-days';
import { findOrganisation } from '../organisations/organisations.repository';
import { billingMonth } from './billing-month';
import type { InvoicingContext } from './invoice-run.service';
import { balanceBefore, listMonthEntries } from './statement.repository';

/**
 * The monthly statement of the prepaid state fee: the balance at the start, the month's top-ups,
 * charges and refunds, and the balance at the end. The ledger is append-only, so a past month's
 * statement never changes; the current month's shows the month so far.
 */
export async function readStatement(
  ctx: InvoicingContext,
  organisationId: string,
  month: string,
): Promise<Statement> {
  const period = billingMonth(month);
  if (!period)
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'month', code: 'pattern', reason: 'must be YYYY-MM' }],
    });
  if (period.firstDay > rigaDate(ctx.now()))
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'month', code: 'future', reason: 'the month has not begun' }],
    });
  // One snapshot, so the opening balance and the entries agree.
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const organisation = await findOrganisation(trx, organisationId);
      if (!organisation) throw problem('notFound', { detail: 'No such organisation.' });
      const openingBalanceCents = await balanceBefore(trx, organisationId, period.firstDay);
      const entries = (await listMonthEntries(trx, organisationId, period)).map(toLedgerEntry);
      const sumOf = (kind: string) =>
        Math.abs(entries.filter((e) => e.kind === kind).reduce((sum, e) => sum + e.amountCents, 0));
      return {
        month,
        organisation: { id: organisation.id, name: organisation.name },
        openingBalanceCents,
        topUpsCents: sumOf('topUp'),
        chargesCents: sumOf('charge'),
        refundsCents: sumOf('refund'),
        closingBalanceCents: entries.at(-1)?.balanceAfterCents ?? openingBalanceCents,
        chargedPersons: entries.reduce((sum, e) => sum + (e.kind === 'charge' ? (e.persons ?? 0) : 0), 0),
        currency: 'EUR' as const,
        entries,
      };
    });
}
