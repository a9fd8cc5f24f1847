import { describe, expect, it } from 'vitest';
import { bandsOf } from './band-rows';

describe('bandsOf', () => {
  it('starts at 1, continues after each end and leaves the last band open', () => {
    expect(
      bandsOf([
        { toCount: '5', amount: '20' },
        { toCount: '20', amount: '35,50' },
        { toCount: 'ignored', amount: '50.00' },
      ]),
    ).toEqual([
      { fromCount: 1, toCount: 5, amountCents: 2000 },
      { fromCount: 6, toCount: 20, amountCents: 3550 },
      { fromCount: 21, toCount: null, amountCents: 5000 },
    ]);
  });

  it('makes a single band open-ended from 1', () => {
    expect(bandsOf([{ toCount: '', amount: '10' }])).toEqual([
      { fromCount: 1, toCount: null, amountCents: 1000 },
    ]);
  });

  it('passes a bad end or price on as NaN for the API to refuse', () => {
    const [first, second] = bandsOf([
      { toCount: 'x', amount: 'abc' },
      { toCount: '', amount: '1' },
    ]);
    expect(first?.toCount).toBeNaN();
    expect(first?.amountCents).toBeNaN();
    expect(second?.fromCount).toBeNaN();
  });
});
