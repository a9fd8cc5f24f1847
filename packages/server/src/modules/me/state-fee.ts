import type { Environment } from '@fpr/contract';

/**
 * The state fee per delivered person (DOMAIN §6, MK 485 items 2.6 and 6): EUR 2.00, production only,
 * never for a fee-exempt organisation. The only place the rule lives until tariffs become data with
 * effective dates (the billing issue); then this function reads the tariff instead of the constant.
 */
export const stateFeePerPersonCents = 200;

export function feePerPersonCents(options: { environment: Environment; isFeeExempt: boolean }): number {
  if (options.isFeeExempt || options.environment === 'test') return 0;
  return stateFeePerPersonCents;
}
