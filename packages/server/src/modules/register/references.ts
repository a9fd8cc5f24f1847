import type { PersonRecord, RelatedPerson } from '@fpr/contract';
import { cloneRecord, type PersonState, type PlannedChange, relatedPerson } from './life-event-context';

/** Persons whose code or names changed: other records that name them must follow. */
function renamedPersons(planned: PlannedChange[]): PlannedChange[] {
  return planned.filter(
    ({ person, after }) =>
      person.id !== null && !sameReference(relatedPerson(person.record), relatedPerson(after)),
  );
}

/** Codes of the relatives of renamed persons that the plan itself does not already change. */
export function relativesToRefresh(planned: PlannedChange[]): string[] {
  const inPlan = new Set(planned.map((c) => c.person.record.identity.personalCode));
  const codes = renamedPersons(planned).flatMap(({ after }) => relativeCodes(after));
  return [...new Set(codes)].filter((code) => !inPlan.has(code));
}

/**
 * Keeps relations consistent on both sides after a rename or a code change: a spouse, parent or
 * child that names the renamed person gets a new version naming them as they are now.
 */
export function refreshReferences(planned: PlannedChange[], relatives: PersonState[]): PlannedChange[] {
  const refreshed = new Map<string, PlannedChange>();
  for (const cause of renamedPersons(planned)) {
    const oldCode = cause.person.record.identity.personalCode;
    const current = relatedPerson(cause.after);
    for (const change of planned) replaceReferences(change.after, oldCode, current);
    for (const relative of relatives) {
      if (!relativeCodes(cause.after).includes(relative.record.identity.personalCode)) continue;
      const change = refreshed.get(relative.record.identity.personalCode) ?? {
        person: relative,
        after: cloneRecord(relative.record),
        type: cause.type,
        previousPersonalCode: null,
        details: { relatedPersonalCode: current.personalCode },
      };
      replaceReferences(change.after, oldCode, current);
      refreshed.set(relative.record.identity.personalCode, change);
    }
  }
  return [...refreshed.values()];
}

function relativeCodes(record: PersonRecord): string[] {
  return [
    ...(record.civilStatus.spouse ? [record.civilStatus.spouse.personalCode] : []),
    ...record.relatives.parents.map((p) => p.personalCode),
    ...record.relatives.children.map((c) => c.personalCode),
  ];
}

function replaceReferences(record: PersonRecord, oldCode: string, current: RelatedPerson): void {
  const spouse = record.civilStatus.spouse;
  if (spouse?.personalCode === oldCode) record.civilStatus.spouse = { ...current };
  record.relatives.parents = record.relatives.parents.map((p) =>
    p.personalCode === oldCode ? { ...p, ...current } : p,
  );
  record.relatives.children = record.relatives.children.map((c) =>
    c.personalCode === oldCode ? { ...c, ...current } : c,
  );
  record.guardianship.guardians = record.guardianship.guardians.map((g) =>
    g.personalCode === oldCode ? { ...g, ...current } : g,
  );
}

function sameReference(a: RelatedPerson, b: RelatedPerson): boolean {
  return a.personalCode === b.personalCode && a.givenNames === b.givenNames && a.surname === b.surname;
}
