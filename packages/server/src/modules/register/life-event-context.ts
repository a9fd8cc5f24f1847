import type { ChangeEventType, LifeEventInput, PersonRecord, RelatedPerson, ScopeName } from '@fpr/contract';
import { normaliseName, scopeNames } from '@fpr/contract';
import { dequal } from 'dequal';
import rfdc from 'rfdc';
import { problem } from '../../http/problem';

/** A person as the planner sees them: `id` is null for a person the event creates. */
export interface PersonState {
  id: string | null;
  version: number;
  record: PersonRecord;
}

/** One person's new version, as the planner decided it; the service writes it. */
export interface PlannedChange {
  person: PersonState;
  after: PersonRecord;
  type: ChangeEventType;
  previousPersonalCode: string | null;
  details: Record<string, unknown>;
}

/** What the planner may ask of the outside world: no clock, no randomness of its own. */
export interface PlanEnvironment {
  today: string;
  newPersonalCode: () => string;
  newEntryNumber: () => string;
}

export const registryOffice = 'Rīgas pilsētas Dzimtsarakstu nodaļa';

/** A register contradiction: refused with 409 and nothing changes. */
export function contradiction(detail: string): never {
  throw problem('conflict', { detail });
}

/** One invalid parameter of a life event that the schema cannot express (a rule on its value). */
export function invalidParam(name: string, code: string, reason: string): never {
  throw problem('paramsValidation', {
    detail: 'The life event is invalid.',
    invalidParams: [{ name, code, reason }],
  });
}

export function relatedPerson(record: PersonRecord): RelatedPerson {
  const { personalCode, givenNames, surname } = record.identity;
  return { personalCode, givenNames, surname };
}

export function isAlive(record: PersonRecord): boolean {
  return record.identity.status === 'active';
}

export function requireAlive(record: PersonRecord, who: string): void {
  if (!isAlive(record)) contradiction(`${who} is not a living person in the register.`);
}

/**
 * Scopes whose content differs: the change event names exactly these. Compared value by value
 * (key order does not matter), which costs a few microseconds where serialising every scope of
 * both versions cost about 25.
 */
export function changedScopes(before: PersonRecord | null, after: PersonRecord): ScopeName[] {
  return scopeNames.filter((scope) => before === null || !dequal(before[scope], after[scope]));
}

/** Whole years between two `YYYY-MM-DD` dates. */
export function yearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

// Records are plain JSON (no prototypes, dates or cycles), so the copy can skip what structuredClone
// and a general clone check for: about 6 µs a record against 30 for structuredClone, which was a
// tenth of the server's CPU per life event.
const copyPlainData = rfdc({ proto: false, circles: false });

/** A deep copy the planner may change without touching the version it was read as. */
export function cloneRecord(record: PersonRecord): PersonRecord {
  return copyPlainData(record);
}

const nameFields = ['givenNames', 'surname', 'spouseSurname'] as const;

/** Names are stored in Unicode NFC with single spaces (DOMAIN §8), however the registrar typed them. */
export function withNormalisedNames(input: LifeEventInput): LifeEventInput {
  const normalised: Record<string, unknown> = { ...input };
  for (const field of nameFields) {
    const value = normalised[field];
    if (typeof value === 'string') normalised[field] = normaliseName(value);
  }
  return normalised as LifeEventInput;
}
