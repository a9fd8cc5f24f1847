import { foldName, type PersonRecord } from '@fpr/contract';

/** The typed columns kept beside a person's JSONB record: what lookups and searches use. */
export interface PersonKey {
  personalCode: string;
  previousPersonalCode: string | null;
  givenNames: string;
  surname: string;
  searchGivenNames: string;
  searchSurname: string;
  sex: 'M' | 'F';
  birthDate: string;
  status: PersonRecord['identity']['status'];
  declaredAddressCode: string | null;
}

/** Derives the key columns from a record; `fold` may be a cached `foldName` for bulk loads. */
export function personKeyOf(record: PersonRecord, fold: (name: string) => string = foldName): PersonKey {
  const { identity, residence } = record;
  return {
    personalCode: identity.personalCode,
    // A code changes at most once (DOMAIN §5), so one column holds the previous one.
    previousPersonalCode: identity.previousPersonalCodes[0] ?? null,
    givenNames: identity.givenNames,
    surname: identity.surname,
    searchGivenNames: fold(identity.givenNames),
    searchSurname: fold(identity.surname),
    sex: identity.sex,
    birthDate: identity.birthDate,
    status: identity.status,
    declaredAddressCode: residence.declaredAddress?.addressCode ?? null,
  };
}
