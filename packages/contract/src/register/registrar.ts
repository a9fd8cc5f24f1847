import { type Static, Type } from 'typebox';
import { DateString, EnvironmentSchema, PersonalCodeString } from '../common';
import { changeEventTypes } from './life-event';
import { PersonRecord } from './person';
import { scopeNames } from './scopes';

/** One person's change caused by a recorded life event. */
export const RecordedChange = Type.Object({
  changeEventId: Type.String({
    description: 'Id of the change event (its feed position is assigned on commit)',
  }),
  personalCode: PersonalCodeString,
  previousPersonalCode: Type.Union([PersonalCodeString, Type.Null()]),
  type: Type.Enum(changeEventTypes),
  changedScopes: Type.Array(Type.Enum(scopeNames)),
  version: Type.Integer({ minimum: 1 }),
  effectiveDate: DateString,
});

export const RecordLifeEventResponse = Type.Object({
  changes: Type.Array(RecordedChange, { description: 'Every person the event changed, the subject first' }),
});

/** PMLP reads a person by code in the body: personal codes never travel in URLs. */
export const PersonLookupRequest = Type.Object(
  {
    environment: EnvironmentSchema,
    personalCode: PersonalCodeString,
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'A past version; the current one when absent' }),
    ),
  },
  { additionalProperties: false },
);

export const ChangeEventView = Type.Object({
  changeEventId: Type.String(),
  sequence: Type.Union([Type.String(), Type.Null()], { description: 'Feed position; null until sealed' }),
  type: Type.Enum(changeEventTypes),
  personalCode: PersonalCodeString,
  previousPersonalCode: Type.Union([PersonalCodeString, Type.Null()]),
  version: Type.Integer(),
  changedScopes: Type.Array(Type.Enum(scopeNames)),
  effectiveDate: DateString,
  recordedAt: Type.String({ format: 'date-time' }),
  recordedBy: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const PersonHistoryResponse = Type.Object({
  personalCode: PersonalCodeString,
  version: Type.Integer({ description: 'The version shown in `record`' }),
  currentVersion: Type.Integer(),
  record: PersonRecord,
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      personalCode: PersonalCodeString,
      recordedAt: Type.String({ format: 'date-time' }),
      changeEventId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  events: Type.Array(ChangeEventView),
});

export type RecordLifeEventResponse = Static<typeof RecordLifeEventResponse>;
export type PersonLookupRequest = Static<typeof PersonLookupRequest>;
export type PersonHistoryResponse = Static<typeof PersonHistoryResponse>;
export type ChangeEventView = Static<typeof ChangeEventView>;
