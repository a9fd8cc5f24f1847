import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateOfPersonalCode,
  formatPersonalCode,
  generateNewPersonalCode,
  generateOldPersonalCode,
  isValidPersonalCode,
  normalisePersonalCode,
  type PersonalCodeIssue,
  parsePersonalCode,
  personalCodeCheckValue,
} from './personal-code';

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
const birthDate = fc
  .date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

function digitsOf(code: string): string {
  return code.replace('-', '');
}

describe('DOMAIN §5 synthetic examples', () => {
  it.each([
    ['010190-10415', 'old', '1990-01-01'],
    ['150775-11784', 'old', '1975-07-15'],
    ['311299-13153', 'old', '1999-12-31'],
    ['290200-24528', 'old', '2000-02-29'],
    ['325260-18157', 'new', undefined],
    ['329083-01660', 'new', undefined],
  ])('%s is a valid %s-format code', (code, format, birthDate) => {
    expect(parsePersonalCode(code)).toEqual({ ok: true, code, format, birthDate });
  });

  it.each(['325260-18157', '329083-01660'])('new example %s also passes the old check', (code) => {
    expect(personalCodeCheckValue(digitsOf(code))).toBe(Number(code.at(-1)));
  });
});

describe('parsePersonalCode rejections', () => {
  it.each<[string, PersonalCodeIssue]>([
    ['0101901041', 'format'], // ten digits
    ['010190-104155', 'format'], // twelve digits
    ['01019O-10415', 'format'], // letter O for zero
    ['010190-1041a', 'format'],
    ['010190 10415', 'format'], // space is not the optional separator
    ['0101-9010415', 'format'], // hyphen in the wrong place
    ['010190--10415', 'format'],
    ['０１０１９０-１０４１５', 'format'], // full-width digits
    ['', 'format'],
    ['310299-10000', 'date'], // 31 February; check digit 0 is otherwise right
    ['290201-10004', 'date'], // 29 February 1901, not a leap year
    ['290200-10003', 'date'], // 29 February 1900: century years are leap only when divisible by 400
    ['000190-10415', 'date'],
    ['011390-10415', 'date'],
    ['010190-30416', 'century'],
    ['010190-90416', 'century'],
    ['311299-33153', 'century'], // starts with 3 but not 32, so still old format
    ['010190-10416', 'checksum'], // valid code with the check digit changed
    ['150775-11785', 'checksum'],
    ['010190-10010', 'unusableSerial'], // serial 001 on this date gives remainder 10
    ['010190-10019', 'unusableSerial'],
  ])('%j is rejected for %s', (input, issue) => {
    const parsed = parsePersonalCode(input);
    expect(parsed).toMatchObject({ ok: false, issue });
  });

  it('the unusable-serial examples really have remainder 10', () => {
    expect(personalCodeCheckValue('0101901001')).toBe(10);
  });

  it.each(['010190-10416', '0101901041', '010190-10010'])('the reason for %j never echoes it', (input) => {
    const parsed = parsePersonalCode(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).not.toContain(input);
      expect(parsed.reason).not.toContain(input.slice(0, 6));
    }
  });
});

describe('parsePersonalCode accepted forms', () => {
  it.each([
    ['01019010415', '010190-10415'], // hyphen optional
    ['  010190-10415\n', '010190-10415'], // surrounding whitespace trimmed
    ['\t01019010415 ', '010190-10415'],
  ])('%j normalises to %s', (input, canonical) => {
    expect(normalisePersonalCode(input)).toBe(canonical);
  });

  it.each([
    ['320000-00000'],
    ['325260-18158'], // fails the old check, but new codes are validated by format only
    ['32999999999'],
  ])('new-format %s is valid without a birth date', (input) => {
    const parsed = parsePersonalCode(input);
    expect(parsed).toMatchObject({ ok: true, format: 'new' });
    expect(birthDateOfPersonalCode(input)).toBeNull();
  });

  it('290200-2… is valid because 2000 is a leap year', () => {
    expect(birthDateOfPersonalCode('290200-24528')).toBe('2000-02-29');
  });

  it('normalise and isValid agree on invalid input', () => {
    expect(normalisePersonalCode('010190-10416')).toBeNull();
    expect(isValidPersonalCode('010190-10416')).toBe(false);
    expect(isValidPersonalCode('01019010415')).toBe(true);
    expect(birthDateOfPersonalCode('010190-10416')).toBeNull();
  });
});

describe('personalCodeCheckValue and formatPersonalCode', () => {
  it('keeps the remainder in 0..10 for every digit pattern', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (digits) => {
        const value = personalCodeCheckValue(digits);
        expect(Number.isInteger(value) && value >= 0 && value <= 10).toBe(true);
      }),
    );
  });

  it.each(['123', '12345678901234', 'abcdefghij'])('refuses %j', (digits) => {
    expect(() => personalCodeCheckValue(digits)).toThrow(RangeError);
  });

  it('formats eleven digits with the hyphen and refuses anything else', () => {
    expect(formatPersonalCode('01019010415')).toBe('010190-10415');
    expect(() => formatPersonalCode('010190-10415')).toThrow(RangeError);
  });
});

describe('generators', () => {
  it('every generated old code parses with the same birth date', () => {
    fc.assert(
      fc.property(birthDate, seed, (date, seedValue) => {
        const code = generateOldPersonalCode(date, seededRandom(seedValue));
        expect(parsePersonalCode(code)).toEqual({ ok: true, code, format: 'old', birthDate: date });
      }),
    );
  });

  it('every generated new code starts with 32, parses as new and passes the old check', () => {
    fc.assert(
      fc.property(seed, (seedValue) => {
        const code = generateNewPersonalCode(seededRandom(seedValue));
        expect(code.startsWith('32')).toBe(true);
        expect(parsePersonalCode(code)).toEqual({ ok: true, code, format: 'new' });
        expect(personalCodeCheckValue(digitsOf(code))).toBe(Number(code.at(-1)));
      }),
    );
  });

  it('is deterministic for a given seed', () => {
    expect(generateOldPersonalCode('1990-01-01', seededRandom(7))).toBe(
      generateOldPersonalCode('1990-01-01', seededRandom(7)),
    );
    expect(generateNewPersonalCode(seededRandom(7))).toBe(generateNewPersonalCode(seededRandom(7)));
  });

  it('skips a serial whose remainder is 10 and draws again', () => {
    // First draw: serial 001 (remainder 10 on 1990-01-01); second draw: serial 000.
    const draws = [0, 0, 0.1, 0, 0, 0];
    const random = () => draws.shift() ?? 0;
    expect(generateOldPersonalCode('1990-01-01', random)).toBe('010190-10001');
  });

  it.each(['1799-12-31', '2100-01-01', '1900-02-29', '1990-13-01', '01.01.1990'])(
    'refuses the birth date %s',
    (date) => {
      expect(() => generateOldPersonalCode(date, seededRandom(1))).toThrow(RangeError);
    },
  );
});

describe('single-digit changes of a valid old code', () => {
  const oldCode = fc
    .tuple(birthDate, seed)
    .map(([date, seedValue]) => digitsOf(generateOldPersonalCode(date, seededRandom(seedValue))));

  it('changing the check digit alone always invalidates it', () => {
    fc.assert(
      fc.property(oldCode, fc.integer({ min: 1, max: 9 }), (digits, shift) => {
        const changed = `${digits.slice(0, 10)}${(Number(digits.charAt(10)) + shift) % 10}`;
        expect(parsePersonalCode(changed)).toMatchObject({ ok: false, issue: 'checksum' });
      }),
    );
  });

  // Every weight is non-zero modulo the prime 11, so any one-digit change moves the remainder;
  // the only escape is turning the code into a new-format `32…` code, which has no checksum.
  it('changing any one digit invalidates it unless the result is a new-format code', () => {
    fc.assert(
      fc.property(
        oldCode,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (digits, position, shift) => {
          const digit = (Number(digits.charAt(position)) + shift) % 10;
          const changed = `${digits.slice(0, position)}${digit}${digits.slice(position + 1)}`;
          const parsed = parsePersonalCode(changed);
          expect(parsed.ok ? parsed.format : 'invalid').not.toBe('old');
        },
      ),
    );
  });
});
