import type { PersonRecord } from '@fpr/contract';
import type { Person } from './pdp-api';

/** The part of a scope the purpose delivered (a single-field grant delivers just that field). */
export function scopeOf<K extends keyof PersonRecord>(
  person: Person,
  scope: K,
): Partial<PersonRecord[K]> | undefined {
  const value = person[scope];
  return typeof value === 'object' && value !== null ? (value as Partial<PersonRecord[K]>) : undefined;
}

/** "Given names Surname" when the identity scope was delivered, else nothing. */
export function personName(person: Person): string | undefined {
  const identity = scopeOf(person, 'identity');
  if (!identity?.givenNames && !identity?.surname) return undefined;
  return [identity.givenNames, identity.surname].filter(Boolean).join(' ');
}
