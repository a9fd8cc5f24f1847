import {
  type Balance,
  type LedgerEntry,
  type LedgerPage,
  type LedgerQuery,
  ledgerPageLimit,
  type RefundRequest,
  type TopUpRequest,
} from '@fpr/contract';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import type { UserCaller } from '../identity/caller';
import { toLedgerEntry } from './billing.mapper';
import { type IdempotentResponse, withIdempotency } from './idempotency';
import {
  appendCredit,
  appendDebit,
  listLedgerEntries,
  organisationExists,
  readBalance,
} from './ledger.repository';
import { receivedOnProblems } from './tariff-rules';
import type { BillingContext } from './tariffs.service';

/** A money movement on an organisation's account, with its idempotency key and request fingerprint. */
export interface MovementInput<T> {
  organisationId: string;
  idempotencyKey: string | undefined;
  fingerprint: string;
  body: T;
}

/** Records a prepayment received from the organisation (a PMLP accountant, from the bank statement). */
export async function recordTopUp(
  ctx: BillingContext,
  actor: UserCaller,
  input: MovementInput<TopUpRequest>,
): Promise<IdempotentResponse<LedgerEntry>> {
  const at = ctx.now();
  const invalidParams = receivedOnProblems(input.body.receivedOn, rigaDate(at));
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  return ctx.db.transaction().execute(async (trx) => {
    await requireOrganisation(trx, input.organisationId);
    return withIdempotency(trx, idempotencyScope(input, at), async () => {
      const row = await appendCredit(trx, {
        organisationId: input.organisationId,
        amountCents: input.body.amountCents,
        paymentReference: input.body.paymentReference.trim(),
        receivedOn: input.body.receivedOn,
        idempotencyKey: input.idempotencyKey ?? null,
        createdBy: actor.userId,
        at,
      });
      return { status: 201, body: toLedgerEntry(row) };
    });
  });
}

/** Pays money back out of the balance, with a reason; never more than the balance. */
export async function recordRefund(
  ctx: BillingContext,
  actor: UserCaller,
  input: MovementInput<RefundRequest>,
): Promise<IdempotentResponse<LedgerEntry>> {
  const at = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    await requireOrganisation(trx, input.organisationId);
    return withIdempotency(trx, idempotencyScope(input, at), async () => {
      const row = await appendDebit(trx, {
        organisationId: input.organisationId,
        kind: 'refund',
        amountCents: input.body.amountCents,
        reason: input.body.reason.trim(),
        requestId: null,
        persons: null,
        idempotencyKey: input.idempotencyKey ?? null,
        createdBy: actor.userId,
        at,
      });
      if (!row) throw await refundExceedsBalance(trx, input.organisationId);
      return { status: 201, body: toLedgerEntry(row) };
    });
  });
}

/** An organisation's ledger as PMLP sees it. */
export async function readLedger(
  ctx: BillingContext,
  organisationId: string,
  query: LedgerQuery,
): Promise<LedgerPage> {
  await requireOrganisation(ctx.db, organisationId);
  return ledgerPage(ctx, organisationId, query);
}

/** The caller's own organisation's ledger. */
export async function readOwnLedger(
  ctx: BillingContext,
  organisationId: string,
  query: LedgerQuery,
): Promise<LedgerPage> {
  return ledgerPage(ctx, organisationId, query);
}

export async function readOwnBalance(ctx: BillingContext, organisationId: string): Promise<Balance> {
  return { balanceCents: await readBalance(ctx.db, organisationId), currency: 'EUR' };
}

async function ledgerPage(
  ctx: BillingContext,
  organisationId: string,
  query: LedgerQuery,
): Promise<LedgerPage> {
  // Both reads in one snapshot, so the balance shown matches the newest entry shown.
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const limit = query.limit ?? ledgerPageLimit.default;
      const rows = await listLedgerEntries(trx, organisationId, { beforeId: query.cursor, limit: limit + 1 });
      const entries = rows.slice(0, limit);
      const last = entries.at(-1);
      return {
        balanceCents: await readBalance(trx, organisationId),
        currency: 'EUR' as const,
        entries: entries.map(toLedgerEntry),
        nextCursor: rows.length > limit && last ? last.id : null,
      };
    });
}

function idempotencyScope(input: MovementInput<unknown>, at: Date) {
  return {
    organisationId: input.organisationId,
    key: input.idempotencyKey,
    fingerprint: input.fingerprint,
    at,
  };
}

async function requireOrganisation(db: BillingContext['db'], organisationId: string): Promise<void> {
  if (!(await organisationExists(db, organisationId))) {
    throw problem('notFound', { detail: 'No such organisation.' });
  }
}

async function refundExceedsBalance(db: BillingContext['db'], organisationId: string) {
  const balanceCents = await readBalance(db, organisationId);
  return problem('conflict', {
    detail: `A refund cannot exceed the balance of ${balanceCents} cents.`,
    extensions: { balanceCents },
  });
}
