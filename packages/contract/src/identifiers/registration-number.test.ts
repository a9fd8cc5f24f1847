import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  generateRegistrationNumber,
  isValidRegistrationNumber,
  parseRegistrationNumber,
  type RegistrationNumberIssue,
} from './registration-number';

// mulberry32: a tiny seeded generator, so every property run is reproducible from its seed.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = fc.integer({ min: 0, max: 0xffffffff });
const prefix = fc.oneof(fc.constantFrom('9000', '9001', '40', '50', ''), fc.stringMatching(/^\d{0,10}$/));

describe('parseRegistrationNumber', () => {
  it('accepts PMLP itself as a state institution', () => {
    expect(parseRegistrationNumber('90000054163')).toEqual({
      ok: true,
      number: '90000054163',
      kind: 'stateInstitution',
    });
  });

  it('ignores surrounding whitespace', () => {
    expect(parseRegistrationNumber(' 90000054163\n')).toMatchObject({ ok: true, number: '90000054163' });
  });

  it.each([
    ['9000', 'stateInstitution'],
    ['9001', 'stateInstitution'],
    ['40', 'enterprise'],
    ['50', 'enterprise'],
    ['9002', 'other'],
    ['41', 'other'],
  ])('a number starting %s is of kind %s', (start, kind) => {
    const number = generateRegistrationNumber(start, seededRandom(3));
    expect(parseRegistrationNumber(number)).toEqual({ ok: true, number, kind });
  });

  it.each<[string, RegistrationNumberIssue]>([
    ['9000005416', 'format'], // ten digits
    ['900000541630', 'format'], // twelve digits
    ['9000005416O', 'format'], // letter O
    ['90000-054163', 'format'],
    ['9000 0054163', 'format'],
    ['', 'format'],
    ['90000054164', 'checksum'], // PMLP with the last digit changed
    ['90000054173', 'checksum'], // PMLP with another digit changed
  ])('%j is rejected for %s', (input, issue) => {
    const parsed = parseRegistrationNumber(input);
    expect(parsed).toMatchObject({ ok: false, issue });
    expect(isValidRegistrationNumber(input)).toBe(false);
  });

  it.each(['90000054164', '9000005416'])('the reason for %j never echoes it', (input) => {
    const parsed = parseRegistrationNumber(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).not.toContain(input);
  });
});

describe('generateRegistrationNumber', () => {
  it('always produces a valid number with the requested prefix', () => {
    fc.assert(
      fc.property(prefix, seed, (start, seedValue) => {
        let number: string;
        try {
          number = generateRegistrationNumber(start, seededRandom(seedValue));
        } catch (error) {
          // Only a full ten-digit prefix can be impossible to complete.
          expect(start).toHaveLength(10);
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        expect(number).toMatch(/^\d{11}$/);
        expect(number.startsWith(start)).toBe(true);
        expect(isValidRegistrationNumber(number)).toBe(true);
      }),
    );
  });

  it('changing the last digit alone always invalidates a generated number', () => {
    fc.assert(
      fc.property(prefix, seed, fc.integer({ min: 1, max: 9 }), (start, seedValue, shift) => {
        fc.pre(start.length < 10);
        const number = generateRegistrationNumber(start, seededRandom(seedValue));
        const changed = `${number.slice(0, 10)}${(Number(number.charAt(10)) + shift) % 10}`;
        expect(parseRegistrationNumber(changed)).toMatchObject({ ok: false, issue: 'checksum' });
      }),
    );
  });

  it('completes a ten-digit prefix when a check digit exists and refuses it otherwise', () => {
    expect(generateRegistrationNumber('9000005416', seededRandom(1))).toBe('90000054163');
    // 9000005413 weighs 136 ≡ 4 (mod 11), so only a last digit of 10 would reach 3.
    expect(() => generateRegistrationNumber('9000005413', seededRandom(1))).toThrow(RangeError);
  });

  it.each(['12345678901', '90a0', '-1'])('refuses the prefix %j', (start) => {
    expect(() => generateRegistrationNumber(start, seededRandom(1))).toThrow(RangeError);
  });

  it('is deterministic for a given seed', () => {
    expect(generateRegistrationNumber('40', seededRandom(9))).toBe(
      generateRegistrationNumber('40', seededRandom(9)),
    );
  });
});
