import { type Static, Type } from 'typebox';
import { DateString, PersonalCodeString } from '../common';
import {
  AddressInput,
  CountryCode,
  changeEventTypes,
  correctableScopes,
  NameText,
} from '../register/life-event';
import { documentTypes, legalStatuses } from '../register/person';
import { scopeNames } from '../register/scopes';

/**
 * The life events a requester may record on a test person (DOMAIN §4): all but `registered`, which
 * creates a person rather than changing one, and `widowed`, which only follows a spouse's death.
 */
export const testEventTypes = [
  'born',
  'nameChanged',
  'addressDeclared',
  'additionalAddressChanged',
  'married',
  'divorced',
  'childAdded',
  'documentIssued',
  'documentStatusChanged',
  'citizenshipChanged',
  'personalCodeChanged',
  'guardianshipChanged',
  'died',
  'correction',
] as const;
export type TestEventType = (typeof testEventTypes)[number];

/** The details each type takes; whatever the body omits is generated synthetically. */
export const testEventDetails = {
  born: ['givenNames', 'surname', 'sex'],
  nameChanged: ['givenNames', 'surname', 'reason'],
  addressDeclared: ['address'],
  additionalAddressChanged: ['add', 'removeAddressCode'],
  married: ['spousePersonalCode', 'surname', 'spouseSurname'],
  divorced: [],
  childAdded: ['childPersonalCode'],
  documentIssued: ['document'],
  documentStatusChanged: ['documentNumber', 'status'],
  citizenshipChanged: ['citizenship', 'legalStatus'],
  personalCodeChanged: [],
  guardianshipChanged: ['legalCapacityRestricted', 'guardianPersonalCodes'],
  died: ['deathPlace'],
  correction: ['scope', 'value', 'reason'],
} as const satisfies Record<TestEventType, readonly string[]>;

const only = (types: string) => ({ description: `For ${types}` });

/** `POST /api/v1/test/events`: one life event on a person of the test register. */
export const TestEventRequest = Type.Object(
  {
    personalCode: Type.String({
      ...PersonalCodeString,
      description: 'The test person (for `born`: a parent; the other parent is their spouse, if any)',
    }),
    type: Type.Enum(testEventTypes),
    effectiveDate: Type.Optional(Type.String({ ...DateString, description: 'Default: today' })),
    givenNames: Type.Optional(Type.String({ ...NameText, ...only('born (the child), nameChanged') })),
    surname: Type.Optional(Type.String({ ...NameText, ...only('born (the child), nameChanged, married') })),
    sex: Type.Optional(Type.Enum(['M', 'F'], only('born (the child)'))),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200, ...only('nameChanged, correction') })),
    address: Type.Optional(AddressInput),
    add: Type.Optional(AddressInput),
    removeAddressCode: Type.Optional(
      Type.String({ pattern: '^\\d{9}$', ...only('additionalAddressChanged') }),
    ),
    spousePersonalCode: Type.Optional(
      Type.String({ ...PersonalCodeString, description: 'Required for married: the other test person' }),
    ),
    spouseSurname: Type.Optional(Type.String({ ...NameText, ...only('married') })),
    childPersonalCode: Type.Optional(
      Type.String({
        ...PersonalCodeString,
        description: 'Required for childAdded: the child, a test person',
      }),
    ),
    document: Type.Optional(
      Type.Object(
        {
          type: Type.Enum(documentTypes),
          number: Type.String({ pattern: '^[A-Z0-9]{5,12}$' }),
          validUntil: DateString,
          issuer: Type.String({ minLength: 1, maxLength: 100 }),
        },
        { additionalProperties: false, ...only('documentIssued') },
      ),
    ),
    documentNumber: Type.Optional(
      Type.String({
        pattern: '^[A-Z0-9]{5,12}$',
        description: 'For documentStatusChanged (default: a valid one)',
      }),
    ),
    status: Type.Optional(Type.Enum(['invalid', 'lost', 'stolen', 'expired'], only('documentStatusChanged'))),
    citizenship: Type.Optional(Type.Union([CountryCode, Type.Null()], only('citizenshipChanged'))),
    legalStatus: Type.Optional(Type.Enum(legalStatuses, only('citizenshipChanged'))),
    legalCapacityRestricted: Type.Optional(Type.Boolean(only('guardianshipChanged'))),
    guardianPersonalCodes: Type.Optional(
      Type.Array(PersonalCodeString, { maxItems: 5, ...only('guardianshipChanged') }),
    ),
    deathPlace: Type.Optional(Type.String({ minLength: 1, maxLength: 200, ...only('died') })),
    scope: Type.Optional(Type.Enum(correctableScopes, only('correction (default: birth)'))),
    value: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), only('correction: the scope’s corrected data')),
    ),
  },
  {
    additionalProperties: false,
    description:
      'A life event on a synthetic test person; `type` decides which details apply, and the details ' +
      'omitted are generated (a new address, a new name, a document…)',
  },
);
export type TestEventRequest = Static<typeof TestEventRequest>;

/** One person the event changed, with its feed position. */
export const TestEventChange = Type.Object({
  sequence: Type.Integer({ minimum: 1, description: 'Feed position of the change event' }),
  personalCode: PersonalCodeString,
  previousPersonalCode: Type.Union([PersonalCodeString, Type.Null()]),
  type: Type.Enum(changeEventTypes),
  changedScopes: Type.Array(Type.Enum(scopeNames)),
  version: Type.Integer({ minimum: 1 }),
  effectiveDate: DateString,
});
export type TestEventChange = Static<typeof TestEventChange>;

export const TestEventResponse = Type.Object({
  sequence: Type.Integer({ minimum: 1, description: 'Feed position of the named person’s change event' }),
  changes: Type.Array(TestEventChange, { description: 'Every person the event changed' }),
});
export type TestEventResponse = Static<typeof TestEventResponse>;
