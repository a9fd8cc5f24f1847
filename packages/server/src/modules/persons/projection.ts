import type { DeliveredPerson, PersonRecord, PersonStatus } from '@fpr/contract';
import type { FieldSelection } from './field-selection';

export interface StoredPerson {
  personalCode: string;
  status: PersonStatus;
  version: number;
  record: PersonRecord;
}

/**
 * Builds the delivered shape: code, status and version, then only the selected scopes and fields.
 * Related persons are stored with their code and names only, so copying a scope leaks nothing more.
 */
export function projectPerson(person: StoredPerson, selection: FieldSelection): DeliveredPerson {
  const scopes: Record<string, unknown> = {};
  for (const [scope, fields] of selection) {
    const source: Record<string, unknown> = person.record[scope];
    scopes[scope] =
      fields === 'all'
        ? source
        : Object.fromEntries([...fields].map((field) => [field, source[field] ?? null]));
  }
  return { personalCode: person.personalCode, status: person.status, version: person.version, ...scopes };
}
