// Registration number of a legal person (DOMAIN §5). Pure functions, shared by server, CLI and web;
// generators take their randomness as an argument so test data replays from a seed.

import type { RandomSource } from './personal-code';

/** Why a registration number was rejected. */
export type RegistrationNumberIssue = 'format' | 'checksum';

/** Who issued the number, read from its prefix. */
export type RegistrationNumberKind = 'stateInstitution' | 'enterprise' | 'other';

/** Outcome of parsing user input; a rejection explains itself without repeating the input. */
export type ParsedRegistrationNumber =
  | { ok: true; number: string; kind: RegistrationNumberKind }
  | { ok: false; issue: RegistrationNumberIssue; reason: string };

const WEIGHTS = [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1] as const;
const EXPECTED_REMAINDER = 3;
const LENGTH = 11;
const STATE_INSTITUTION_PREFIXES = ['9000', '9001'] as const;
const ENTERPRISE_PREFIXES = ['40', '50'] as const;
// Bounds retries so a broken random source fails loudly instead of spinning forever.
const MAX_DRAWS = 1000;

const REASONS: Readonly<Record<RegistrationNumberIssue, string>> = {
  format: 'A registration number has exactly 11 digits.',
  checksum: 'The check digit of this registration number does not match.',
};

function reject(issue: RegistrationNumberIssue): ParsedRegistrationNumber {
  return { ok: false, issue, reason: REASONS[issue] };
}

// JavaScript's % keeps the dividend's sign; the digit must come out in 0..10.
function positiveModulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

// Weighted sum over however many leading digits are present; a prefix gives a partial sum.
function weightedSum(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    sum += Number(digits.charAt(index)) * (WEIGHTS[index] ?? 0);
  }
  return sum;
}

function kindOf(number: string): RegistrationNumberKind {
  if (STATE_INSTITUTION_PREFIXES.some((prefix) => number.startsWith(prefix))) return 'stateInstitution';
  if (ENTERPRISE_PREFIXES.some((prefix) => number.startsWith(prefix))) return 'enterprise';
  return 'other';
}

/** Parses a registration number typed by a person; whitespace around it is ignored. */
export function parseRegistrationNumber(input: string): ParsedRegistrationNumber {
  const number = input.trim();
  if (!/^\d{11}$/.test(number)) return reject('format');
  if (weightedSum(number) % 11 !== EXPECTED_REMAINDER) return reject('checksum');
  return { ok: true, number, kind: kindOf(number) };
}

/** Whether the input is a valid registration number. */
export function isValidRegistrationNumber(input: string): boolean {
  return parseRegistrationNumber(input).ok;
}

function randomDigits(count: number, random: RandomSource): string {
  let digits = '';
  for (let index = 0; index < count; index += 1) {
    // min() guards against sources that return exactly 1 despite the contract.
    digits += String(Math.min(9, Math.floor(random() * 10)));
  }
  return digits;
}

// The last weight is 1, so the one digit that closes the checksum is computed instead of searched;
// when it would have to be 10 no digit works and the caller redraws.
function completeWithLastDigit(firstTen: string): string | null {
  const lastDigit = positiveModulo(EXPECTED_REMAINDER - weightedSum(firstTen), 11);
  return lastDigit === 10 ? null : `${firstTen}${lastDigit}`;
}

/**
 * A synthetic registration number starting with `prefix` (0-10 digits, e.g. `9000` or `40`), its
 * other digits random and its last digit chosen so the checksum holds.
 */
export function generateRegistrationNumber(prefix: string, random: RandomSource): string {
  if (!/^\d{0,10}$/.test(prefix)) {
    throw new RangeError('prefix must be at most 10 digits');
  }
  const freeDigits = LENGTH - 1 - prefix.length;
  // With no free digit a redraw cannot change anything, so one attempt decides.
  const attempts = freeDigits === 0 ? 1 : MAX_DRAWS;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const number = completeWithLastDigit(`${prefix}${randomDigits(freeDigits, random)}`);
    if (number !== null) return number;
  }
  throw new RangeError('No registration number with this prefix satisfies the checksum');
}
