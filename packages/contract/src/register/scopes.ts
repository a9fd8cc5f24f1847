/**
 * The scope catalogue (DOMAIN §4): a scope is the unit of permission, `scope.field` narrows it.
 * The field lists here are the single source for projection and purpose checks.
 */
export const scopeFields = {
  identity: ['personalCode', 'previousPersonalCodes', 'givenNames', 'surname', 'sex', 'birthDate', 'status'],
  names: ['birthSurname', 'nameHistory'],
  birth: ['birthDate', 'birthCountry', 'birthPlace', 'birthRegistration'],
  citizenship: ['citizenship', 'legalStatus', 'since'],
  residence: ['declaredAddress', 'additionalAddresses', 'foreignAddress'],
  residenceHistory: ['previousAddresses'],
  documents: ['documents'],
  civilStatus: ['maritalStatus', 'since', 'spouse'],
  relatives: ['parents', 'children'],
  guardianship: ['legalCapacityRestricted', 'guardians'],
  death: ['deathDate', 'deathPlace', 'deathRegistration'],
  specialStatuses: ['politicallyRepressed', 'nationalResistanceParticipant', 'worldWarTwoParticipant'],
} as const satisfies Record<string, readonly string[]>;

export type ScopeName = keyof typeof scopeFields;
export const scopeNames = Object.keys(scopeFields) as ScopeName[];

export function isScopeName(value: string): value is ScopeName {
  return Object.hasOwn(scopeFields, value);
}

/** Field paths `scope.field` for every field of every scope, in catalogue order. */
export function allFieldPaths(): string[] {
  return scopeNames.flatMap((scope) => scopeFields[scope].map((field) => `${scope}.${field}`));
}
