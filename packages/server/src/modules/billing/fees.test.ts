import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feeFor } from './fees';

const tariff = { amountCents: 200 };

describe('feeFor', () => {
  it.each([
    { isFeeExempt: false, environment: 'production', persons: 1, expected: 200 },
    { isFeeExempt: false, environment: 'production', persons: 100, expected: 20_000 },
    { isFeeExempt: false, environment: 'production', persons: 0, expected: 0 },
    { isFeeExempt: true, environment: 'production', persons: 7, expected: 0 },
    { isFeeExempt: false, environment: 'test', persons: 7, expected: 0 },
    { isFeeExempt: true, environment: 'test', persons: 7, expected: 0 },
  ] as const)('$persons persons in $environment, exempt $isFeeExempt → $expected cents', (row) => {
    expect(feeFor({ ...row, tariff })).toBe(row.expected);
  });

  it('follows the tariff, not a literal', () => {
    expect(
      feeFor({ isFeeExempt: false, environment: 'production', persons: 3, tariff: { amountCents: 250 } }),
    ).toBe(750);
    expect(
      feeFor({ isFeeExempt: false, environment: 'production', persons: 3, tariff: { amountCents: 0 } }),
    ).toBe(0);
  });

  it('refuses a negative or fractional number of persons', () => {
    expect(() => feeFor({ isFeeExempt: false, environment: 'production', persons: -1, tariff })).toThrow(
      RangeError,
    );
    expect(() => feeFor({ isFeeExempt: false, environment: 'production', persons: 1.5, tariff })).toThrow(
      RangeError,
    );
  });

  it('is the tariff times the persons in production and zero elsewhere', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom('test' as const, 'production' as const),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (isFeeExempt, environment, persons, amountCents) => {
          const fee = feeFor({ isFeeExempt, environment, persons, tariff: { amountCents } });
          const isCharged = !isFeeExempt && environment === 'production';
          expect(fee).toBe(isCharged ? persons * amountCents : 0);
        },
      ),
    );
  });
});
