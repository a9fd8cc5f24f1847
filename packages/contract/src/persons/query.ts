import { type Static, Type } from 'typebox';
import { DateString, PersonalCodeString } from '../common';
import { personStatuses } from '../register/person';

export const personsQueryTypes = ['byPersonalCode', 'byNameAndBirthDate', 'byAddress'] as const;
export type PersonsQueryType = (typeof personsQueryTypes)[number];

/** How many persons a search may match before it must be refined (API §4; THREATS: enumeration). */
export const searchCaps = { byNameAndBirthDate: 10, byAddress: 30 } as const;

/** A scope name (all its fields) or one `scope.field` path. */
export const FieldRequest = Type.String({
  pattern: '^[A-Za-z]+(\\.[A-Za-z]+)?$',
  maxLength: 60,
  description: 'A scope name (all its fields) or a scope.field path',
});

const common = {
  purposeId: Type.String({ format: 'uuid', description: 'The purpose the data is requested for' }),
  fields: Type.Array(FieldRequest, {
    minItems: 1,
    maxItems: 100,
    uniqueItems: true,
    description: 'What to deliver besides personalCode, status and version',
  }),
  caseReference: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The case the query serves (required where the purpose says so)',
    }),
  ),
};

const searchCommon = {
  ...common,
  includeDeceased: Type.Optional(
    Type.Boolean({ description: 'Also match deceased persons (default false)' }),
  ),
};

const NameSearchText = Type.String({ minLength: 1, maxLength: 100 });

const queryVariants = [
  Type.Object(
    {
      type: Type.Literal('byPersonalCode'),
      ...common,
      personalCodes: Type.Array(PersonalCodeString, {
        minItems: 1,
        maxItems: 100,
        description:
          'Current or previous (old-format) codes; unknown codes are simply absent from the answer',
      }),
    },
    { additionalProperties: false, description: 'Persons by personal code, in the order asked' },
  ),
  Type.Object(
    {
      type: Type.Literal('byNameAndBirthDate'),
      ...searchCommon,
      surname: NameSearchText,
      givenName: Type.Optional(NameSearchText),
      birthDate: DateString,
      sex: Type.Optional(
        Type.Union([Type.Literal('M'), Type.Literal('F')], { description: 'Needs identity.sex' }),
      ),
    },
    {
      additionalProperties: false,
      description: `Search by surname and birth date (case- and diacritic-insensitive); at most ${searchCaps.byNameAndBirthDate} matches`,
    },
  ),
  Type.Object(
    {
      type: Type.Literal('byAddress'),
      ...searchCommon,
      addressCode: Type.String({ pattern: '^\\d{9}$', description: 'State Address Register code, 9 digits' }),
    },
    {
      additionalProperties: false,
      description: `Persons declared at an address (needs residence); at most ${searchCaps.byAddress} matches`,
    },
  ),
] as const;

export type PersonsQueryRequest = Static<Type.TUnion<[...typeof queryVariants]>>;

/** `POST /api/v1/persons/query` (API §4): `type` selects the parameters it takes. */
export const PersonsQueryRequest = Type.Unsafe<PersonsQueryRequest>({
  type: 'object',
  oneOf: [...queryVariants],
  discriminator: { propertyName: 'type' },
  description: 'A query for persons; every requested field must be inside the purpose',
});

/** A delivered person: always code, status and version, then only the requested scopes and fields. */
export const DeliveredPerson = Type.Object(
  {
    personalCode: PersonalCodeString,
    status: Type.Enum(personStatuses),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: true },
);

export const Charge = Type.Object({
  persons: Type.Integer({ minimum: 1 }),
  amountCents: Type.Integer({ minimum: 0 }),
  currency: Type.Literal('EUR'),
  balanceCents: Type.Integer({ minimum: 0 }),
});

export const PersonsQueryResponse = Type.Object({
  persons: Type.Array(DeliveredPerson),
  charge: Type.Union([Charge, Type.Null()], { description: 'Null when nothing is charged' }),
});
export type PersonsQueryResponse = Static<typeof PersonsQueryResponse>;
export type DeliveredPerson = Static<typeof DeliveredPerson>;
