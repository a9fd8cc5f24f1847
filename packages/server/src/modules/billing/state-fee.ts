import type { Environment } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import { feeFor } from './fees';
import { appendDebit, readBalance, stateFeeTermsOf } from './ledger.repository';

export interface StateFeeCharge {
  /** The persons delivered. */
  persons: number;
  amountCents: number;
  /** The balance after the charge. */
  balanceCents: number;
}

export interface ChargeStateFeeInput {
  organisationId: string;
  environment: Environment;
  /** Persons whose data is delivered by this request. */
  persons: number;
  /** The HTTP request id, recorded on the ledger entry to tie it to the audit records. */
  requestId: string;
  /** The delivery time; its day in Latvia picks the tariff. */
  at: Date;
  idempotencyKey?: string;
}

/**
 * Takes the state fee for one delivery inside the caller's transaction (the one that writes the
 * audit records and reads the persons), so a delivery and its charge commit or vanish together.
 * Null when nothing is charged (test environment, fee-exempt organisation, no persons); throws
 * `402 insufficientBalance` with `requiredCents` and `balanceCents`, having changed nothing, when
 * the balance does not cover it. Two statements: the fee terms, then one conditional debit that
 * also writes the ledger entry. The debit holds the balance row lock until the caller commits, so
 * call this last in the transaction. The transaction must be READ COMMITTED (the default): the
 * debit's re-check after waiting for a concurrent charge is what makes it race-free, where a
 * REPEATABLE READ snapshot would fail with a serialisation error instead. A 402 raises no SQL
 * error, so a transaction serving several requests together stays usable after one is refused.
 */
export async function chargeStateFee(trx: Db, input: ChargeStateFeeInput): Promise<StateFeeCharge | null> {
  if (input.environment !== 'production' || input.persons === 0) return null;
  const amountCents = await stateFeeOf(trx, input);
  if (amountCents === 0) return null;
  const entry = await appendDebit(trx, {
    organisationId: input.organisationId,
    kind: 'charge',
    amountCents,
    reason: null,
    requestId: input.requestId,
    persons: input.persons,
    idempotencyKey: input.idempotencyKey ?? null,
    createdBy: null,
    at: input.at,
  });
  if (!entry) throw await insufficientBalance(trx, input.organisationId, amountCents);
  return { persons: input.persons, amountCents, balanceCents: Number(entry.balanceAfterCents) };
}

async function stateFeeOf(db: Db, input: ChargeStateFeeInput): Promise<number> {
  const day = rigaDate(input.at);
  const terms = await stateFeeTermsOf(db, input.organisationId, day);
  if (!terms) throw new Error('charging an organisation that does not exist');
  if (terms.isFeeExempt) return 0;
  // Periods are contiguous from the first tariff on; a day without one is a configuration fault,
  // and delivering for free would be worse than refusing.
  if (terms.tariffCents === null) throw new Error(`no state-fee tariff covers ${day}`);
  return feeFor({ ...input, isFeeExempt: false, tariff: { amountCents: terms.tariffCents } });
}

async function insufficientBalance(db: Db, organisationId: string, requiredCents: number) {
  const balanceCents = await readBalance(db, organisationId);
  return problem('insufficientBalance', {
    detail: `The fee of this request is ${requiredCents} cents; the prepaid balance is ${balanceCents} cents.`,
    extensions: { requiredCents, balanceCents },
  });
}

/** The per-person fee an organisation pays in an environment today (for "what may I do?"). */
export async function stateFeePerPerson(
  db: Db,
  input: { organisationId: string; environment: Environment; at: Date },
): Promise<number> {
  if (input.environment !== 'production') return 0;
  return stateFeeOf(db, { ...input, persons: 1, requestId: '' });
}

/** The organisation's prepaid balance in cents (0 before its first top-up). */
export async function balanceOf(db: Db, organisationId: string): Promise<number> {
  return readBalance(db, organisationId);
}
