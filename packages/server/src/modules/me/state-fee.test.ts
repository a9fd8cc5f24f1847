import { type Environment, environments } from '@fpr/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feePerPersonCents } from './state-fee';

describe('feePerPersonCents', () => {
  it.each<[Environment, boolean, number]>([
    ['production', false, 200],
    ['production', true, 0],
    ['test', false, 0],
    ['test', true, 0],
  ])('%s, exempt %s → %i cents', (environment, isFeeExempt, cents) => {
    expect(feePerPersonCents({ environment, isFeeExempt })).toBe(cents);
  });

  it('charges only a non-exempt organisation in production', () => {
    fc.assert(
      fc.property(fc.constantFrom(...environments), fc.boolean(), (environment, isFeeExempt) => {
        const fee = feePerPersonCents({ environment, isFeeExempt });
        expect(fee > 0).toBe(environment === 'production' && !isFeeExempt);
      }),
    );
  });
});
