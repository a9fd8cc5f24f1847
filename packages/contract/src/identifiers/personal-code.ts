// Personal code (personas kods) rules from DOMAIN §5. Pure functions: no clock, no global randomness,
// so the same rules run in the server, the CLI and the browser, and generators replay from a seed.

/** Why a personal code was rejected; each kind names exactly one rule of DOMAIN §5. */
export type PersonalCodeIssue = 'format' | 'date' | 'century' | 'checksum' | 'unusableSerial';

/** Old codes (until 30.06.2017) carry a birth date; new codes (since 01.07.2017) start with `32`. */
export type PersonalCodeFormat = 'old' | 'new';

/** Outcome of parsing user input; a rejection explains itself without repeating the input. */
export type ParsedPersonalCode =
  | { ok: true; code: string; format: PersonalCodeFormat; birthDate?: string }
  | { ok: false; issue: PersonalCodeIssue; reason: string };

/** A source of numbers in [0, 1); callers pass a seeded one so generated data is reproducible. */
export type RandomSource = () => number;

const CHECK_WEIGHTS = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_BASE = 1101;
// A remainder of 10 has no single-digit check digit, so the register never issued such serials.
const UNUSABLE_REMAINDER = 10;
const NEW_FORMAT_PREFIX = '32';
// The hyphen is optional only after the sixth digit; other separators or inner spaces are refused
// rather than guessed at, because a wrong guess would address a different person.
const INPUT_PATTERN = /^(\d{6})-?(\d{5})$/;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CENTURY_START: Readonly<Record<string, number>> = { '0': 1800, '1': 1900, '2': 2000 };
// Bounds retries so a broken random source fails loudly instead of spinning forever.
const MAX_DRAWS = 1000;

// Reasons are fixed sentences: personal codes must never leak into messages or logs.
const REASONS: Readonly<Record<PersonalCodeIssue, string>> = {
  format: 'A personal code has 11 digits, optionally with a hyphen after the sixth.',
  date: 'The first six digits of this personal code do not form a real birth date.',
  century: 'The seventh digit of an old-format personal code must be 0, 1 or 2.',
  checksum: 'The check digit of this personal code does not match.',
  unusableSerial: 'This personal code uses a serial number that is never issued.',
};

function reject(issue: PersonalCodeIssue): ParsedPersonalCode {
  return { ok: false, issue, reason: REASONS[issue] };
}

// JavaScript's % keeps the dividend's sign; the formula needs a remainder in 0..m-1.
function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/**
 * Remainder of the old-format check formula over the first ten digits: 0..9 is the check digit,
 * 10 marks an unusable serial. Accepts the ten digits alone or a full eleven-digit code.
 */
export function personalCodeCheckValue(digits: string): number {
  if (!/^\d{10}\d?$/.test(digits)) {
    throw new RangeError('personalCodeCheckValue expects 10 or 11 digits');
  }
  let sum = 0;
  CHECK_WEIGHTS.forEach((weight, index) => {
    sum += Number(digits.charAt(index)) * weight;
  });
  return positiveModulo(CHECK_BASE - sum, 11);
}

/** Prints eleven digits the canonical way, `DDDDDD-DDDDD`. */
export function formatPersonalCode(elevenDigits: string): string {
  if (!/^\d{11}$/.test(elevenDigits)) {
    throw new RangeError('formatPersonalCode expects exactly 11 digits');
  }
  return `${elevenDigits.slice(0, 6)}-${elevenDigits.slice(6)}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}

function parseOldFormat(digits: string): ParsedPersonalCode {
  const centuryStart = CENTURY_START[digits.charAt(6)];
  if (centuryStart === undefined) return reject('century');
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const year = centuryStart + Number(digits.slice(4, 6));
  if (!isRealDate(year, month, day)) return reject('date');
  const checkValue = personalCodeCheckValue(digits);
  // An unusable serial has no correct check digit, so it outranks a checksum mismatch.
  if (checkValue === UNUSABLE_REMAINDER) return reject('unusableSerial');
  if (checkValue !== Number(digits.charAt(10))) return reject('checksum');
  return { ok: true, code: formatPersonalCode(digits), format: 'old', birthDate: isoDate(year, month, day) };
}

/** Parses a personal code typed by a person: whitespace around it is ignored, the hyphen optional. */
export function parsePersonalCode(input: string): ParsedPersonalCode {
  const match = INPUT_PATTERN.exec(input.trim());
  if (!match) return reject('format');
  const digits = `${match[1]}${match[2]}`;
  // New codes are random apart from the prefix, so only their shape can be checked.
  if (digits.startsWith(NEW_FORMAT_PREFIX)) {
    return { ok: true, code: formatPersonalCode(digits), format: 'new' };
  }
  return parseOldFormat(digits);
}

/** The canonical `DDDDDD-DDDDD` form of a valid personal code, or null when it is not valid. */
export function normalisePersonalCode(input: string): string | null {
  const parsed = parsePersonalCode(input);
  return parsed.ok ? parsed.code : null;
}

/** Whether the input is a valid personal code of either format. */
export function isValidPersonalCode(input: string): boolean {
  return parsePersonalCode(input).ok;
}

/** Birth date (`YYYY-MM-DD`) encoded in a valid old-format code; null for new or invalid codes. */
export function birthDateOfPersonalCode(code: string): string | null {
  const parsed = parsePersonalCode(code);
  return parsed.ok && parsed.birthDate !== undefined ? parsed.birthDate : null;
}

function randomDigits(count: number, random: RandomSource): string {
  let digits = '';
  for (let index = 0; index < count; index += 1) {
    // min() guards against sources that return exactly 1 despite the contract.
    digits += String(Math.min(9, Math.floor(random() * 10)));
  }
  return digits;
}

function drawUntilUsable(draw: () => string | null): string {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt += 1) {
    const drawn = draw();
    if (drawn !== null) return drawn;
  }
  throw new Error('The random source kept producing unusable serials');
}

// Appends the check digit, or gives null so the caller draws a fresh serial.
function completeWithCheckDigit(firstTen: string): string | null {
  const checkValue = personalCodeCheckValue(firstTen);
  return checkValue === UNUSABLE_REMAINDER ? null : formatPersonalCode(`${firstTen}${checkValue}`);
}

// The generator's own input is a programmer's value, so bad dates throw instead of returning data.
function birthDatePrefix(birthDate: string): string {
  const match = ISO_DATE_PATTERN.exec(birthDate);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (year < 1800 || year > 2099 || !isRealDate(year, month, day)) {
    throw new RangeError('birthDate must be a real YYYY-MM-DD date in the years 1800-2099');
  }
  const centuryDigit = Math.floor(year / 100) - 18;
  return `${twoDigits(day)}${twoDigits(month)}${twoDigits(year % 100)}${centuryDigit}`;
}

/** A synthetic old-format code for the birth date (`YYYY-MM-DD`, 1800-2099), with a random serial. */
export function generateOldPersonalCode(birthDate: string, random: RandomSource): string {
  const prefix = birthDatePrefix(birthDate);
  return drawUntilUsable(() => completeWithCheckDigit(`${prefix}${randomDigits(3, random)}`));
}

/**
 * A synthetic new-format code (`32…`) whose last digit is also the old-format check digit, so the
 * code is valid under either reading (DOMAIN §5).
 */
export function generateNewPersonalCode(random: RandomSource): string {
  return drawUntilUsable(() => completeWithCheckDigit(`${NEW_FORMAT_PREFIX}${randomDigits(8, random)}`));
}
