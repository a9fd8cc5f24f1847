import { type Static, type TSchema, Type } from 'typebox';
import { DateString, EnvironmentSchema, PersonalCodeString } from '../common';
import { type DocumentStatus, documentTypes, legalStatuses } from './person';

/** Every change event type of DOMAIN §4. `widowed` is only ever derived from a spouse's death. */
export const changeEventTypes = [
  'born',
  'registered',
  'nameChanged',
  'addressDeclared',
  'additionalAddressChanged',
  'married',
  'divorced',
  'widowed',
  'childAdded',
  'documentIssued',
  'documentStatusChanged',
  'citizenshipChanged',
  'personalCodeChanged',
  'guardianshipChanged',
  'died',
  'correction',
] as const;
export type ChangeEventType = (typeof changeEventTypes)[number];

/** A given name or surname as the registrar enters it. */
export const NameText = Type.String({ minLength: 1, maxLength: 100 });
/** A country, ISO 3166-1 alpha-3. */
export const CountryCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' });

/** An address of the State Address Register as the registrar enters it. */
export const AddressInput = Type.Object(
  {
    addressCode: Type.String({ pattern: '^\\d{9}$' }),
    text: Type.String({ minLength: 1, maxLength: 300 }),
    postcode: Type.String({ pattern: '^LV-\\d{4}$' }),
    atvk: Type.String({ pattern: '^\\d{7}$' }),
  },
  { additionalProperties: false },
);

export const correctableScopes = ['birth', 'names', 'citizenship', 'documents', 'specialStatuses'] as const;

function event<T extends string, P extends Record<string, TSchema>>(
  type: T,
  properties: P,
  description: string,
) {
  return Type.Object(
    {
      type: Type.Literal(type),
      environment: EnvironmentSchema,
      effectiveDate: Type.Optional(DateString),
      ...properties,
    },
    { additionalProperties: false, description },
  );
}

const subject = { personalCode: PersonalCodeString };

const lifeEventVariants = [
  event(
    'born',
    {
      givenNames: NameText,
      surname: NameText,
      sex: Type.Enum(['M', 'F']),
      birthPlace: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      motherPersonalCode: Type.Optional(PersonalCodeString),
      fatherPersonalCode: Type.Optional(PersonalCodeString),
      address: Type.Optional(AddressInput),
    },
    'Birth registered in Latvia: a new person with a new-format code, added to both parents',
  ),
  event(
    'registered',
    {
      givenNames: NameText,
      surname: NameText,
      sex: Type.Enum(['M', 'F']),
      birthDate: DateString,
      birthCountry: CountryCode,
      birthPlace: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      citizenship: Type.Union([CountryCode, Type.Null()]),
      legalStatus: Type.Enum(legalStatuses),
      address: Type.Optional(AddressInput),
    },
    'First registration of a person born abroad (immigrant, foreigner)',
  ),
  event(
    'nameChanged',
    {
      ...subject,
      givenNames: Type.Optional(NameText),
      surname: Type.Optional(NameText),
      reason: Type.String({ minLength: 1, maxLength: 200 }),
    },
    'Change of given names or surname',
  ),
  event('addressDeclared', { ...subject, address: AddressInput }, 'Declaration of a new residence'),
  event(
    'additionalAddressChanged',
    {
      ...subject,
      add: Type.Optional(AddressInput),
      removeAddressCode: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
    },
    'Additional address added or ended',
  ),
  event(
    'married',
    {
      ...subject,
      spousePersonalCode: PersonalCodeString,
      surname: Type.Optional(NameText),
      spouseSurname: Type.Optional(NameText),
    },
    'Marriage: both spouses become married to each other',
  ),
  event('divorced', subject, 'Divorce: both spouses become divorced'),
  event(
    'childAdded',
    { ...subject, childPersonalCode: PersonalCodeString },
    'A child (e.g. adopted) added to a parent; the parent is added to the child',
  ),
  event(
    'documentIssued',
    {
      ...subject,
      document: Type.Object(
        {
          type: Type.Enum(documentTypes),
          number: Type.String({ pattern: '^[A-Z0-9]{5,12}$' }),
          validUntil: DateString,
          issuer: Type.String({ minLength: 1, maxLength: 100 }),
        },
        { additionalProperties: false },
      ),
    },
    'An identity document issued',
  ),
  event(
    'documentStatusChanged',
    {
      ...subject,
      documentNumber: Type.String({ pattern: '^[A-Z0-9]{5,12}$' }),
      status: Type.Enum([
        'invalid',
        'lost',
        'stolen',
        'expired',
      ] as const satisfies readonly DocumentStatus[]),
    },
    'A document declared invalid, lost, stolen or expired',
  ),
  event(
    'citizenshipChanged',
    {
      ...subject,
      citizenship: Type.Union([CountryCode, Type.Null()]),
      legalStatus: Type.Enum(legalStatuses),
    },
    'Change of citizenship or legal status',
  ),
  event(
    'personalCodeChanged',
    { ...subject },
    'Change from an old-format code to a new-format (32…) code; the old code stays findable',
  ),
  event(
    'guardianshipChanged',
    {
      ...subject,
      legalCapacityRestricted: Type.Boolean(),
      guardianPersonalCodes: Type.Array(PersonalCodeString, { maxItems: 5 }),
    },
    'Restriction of legal capacity and the guardians appointed',
  ),
  event(
    'died',
    { ...subject, deathPlace: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
    'Death: the person becomes deceased and a living spouse widowed',
  ),
  event(
    'correction',
    {
      ...subject,
      scope: Type.Enum(correctableScopes),
      value: Type.Record(Type.String(), Type.Unknown()),
      reason: Type.String({ minLength: 1, maxLength: 200 }),
    },
    'Correction of a scope recorded wrongly',
  ),
] as const;

export type LifeEventInput = Static<Type.TUnion<[...typeof lifeEventVariants]>>;

/**
 * A life event as the registrar records it; the service derives the other side of every relation.
 * A `oneOf` discriminated by `type`, so a validator reports only the chosen event's errors.
 */
export const LifeEventInput = Type.Unsafe<LifeEventInput>({
  type: 'object',
  oneOf: [...lifeEventVariants],
  discriminator: { propertyName: 'type' },
  description: 'A life event (DOMAIN §4 types); `type` selects the fields it takes',
});
export type LifeEventType = LifeEventInput['type'];
