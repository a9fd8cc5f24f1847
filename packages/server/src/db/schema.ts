import type { ColumnType, Generated } from 'kysely';

/**
 * Database table types, kept by hand beside the migrations; `schema.test.ts` compares them with
 * the migrated database so that a stale type fails the build.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates travel as `YYYY-MM-DD` strings (the pg type parser is set so in database.ts). */
type DateColumn = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface PersonTable {
  id: Generated<string>;
  environment: string;
  personalCode: string;
  previousPersonalCode: string | null;
  givenNames: string;
  surname: string;
  searchGivenNames: string;
  searchSurname: string;
  sex: string;
  birthDate: DateColumn;
  status: string;
  declaredAddressCode: string | null;
  version: number;
  data: Json;
  /** The event that made the current version; null for a seeded version 1. */
  changeEventId: string | null;
  updatedAt: Timestamp;
}

/** Superseded versions only: the current version lives in `person`. */
export interface PersonVersionTable {
  personId: string;
  version: number;
  personalCode: string;
  data: Json;
  changeEventId: string | null;
  recordedAt: Timestamp;
}

export interface ChangeEventTable {
  id: Generated<string>;
  environment: string;
  personId: string;
  personalCode: string;
  previousPersonalCode: string | null;
  version: number;
  type: string;
  changedScopes: string[];
  effectiveDate: DateColumn;
  recordedAt: Timestamp;
  sequence: ColumnType<string | null, never, string>;
  details: Json;
  recordedBy: string;
}

export interface FeedSequencerTable {
  id: number;
  lastSequence: string;
}

export interface Database {
  person: PersonTable;
  personVersion: PersonVersionTable;
  changeEvent: ChangeEventTable;
  feedSequencer: FeedSequencerTable;
}
