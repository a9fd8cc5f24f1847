import type { Environment } from '@fpr/contract';

export interface FeeInput {
  /** The organisation's contract exempts it from the state fee (DOMAIN §6). */
  isFeeExempt: boolean;
  environment: Environment;
  /** Persons whose data is delivered. */
  persons: number;
  /** The state-fee tariff in force on the day of the delivery. */
  tariff: { amountCents: number };
}

/**
 * The state fee of one delivery in euro cents (DOMAIN §6): the tariff per delivered person, in
 * production only, and never for a fee-exempt organisation.
 */
export function feeFor(input: FeeInput): number {
  if (input.isFeeExempt || input.environment !== 'production') return 0;
  if (!Number.isSafeInteger(input.persons) || input.persons < 0) {
    throw new RangeError('persons must be a non-negative integer');
  }
  return input.persons * input.tariff.amountCents;
}
