import { type Static, Type } from 'typebox';
import { DateString, PersonalCodeString } from '../common';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** A related person as other persons' records show them: code and names only. */
export const RelatedPerson = Type.Object({
  personalCode: PersonalCodeString,
  givenNames: Type.String(),
  surname: Type.String(),
});

export const Registration = Type.Object({
  entryNumber: Type.String(),
  date: DateString,
  office: Type.String(),
});

export const personStatuses = ['active', 'deceased', 'excluded'] as const;
export type PersonStatus = (typeof personStatuses)[number];

export const IdentityScope = Type.Object({
  personalCode: PersonalCodeString,
  previousPersonalCodes: Type.Array(PersonalCodeString),
  givenNames: Type.String(),
  surname: Type.String(),
  sex: Type.Union([Type.Literal('M'), Type.Literal('F')]),
  birthDate: DateString,
  status: Type.Enum(personStatuses),
});

export const NameHistoryEntry = Type.Object({
  givenNames: Type.String(),
  surname: Type.String(),
  validFrom: DateString,
  validTo: Nullable(DateString),
  reason: Type.String(),
});

export const NamesScope = Type.Object({
  birthSurname: Type.String(),
  nameHistory: Type.Array(NameHistoryEntry),
});

export const BirthScope = Type.Object({
  birthDate: DateString,
  birthCountry: Type.String({ pattern: '^[A-Z]{3}$' }),
  birthPlace: Type.String(),
  birthRegistration: Nullable(Registration),
});

export const legalStatuses = [
  'citizen',
  'non-citizen',
  'foreigner',
  'stateless',
  'refugee',
  'alternative-status',
] as const;
export type LegalStatus = (typeof legalStatuses)[number];

export const CitizenshipScope = Type.Object({
  citizenship: Nullable(Type.String({ pattern: '^[A-Z]{3}$' })),
  legalStatus: Type.Enum(legalStatuses),
  since: DateString,
});

export const Address = Type.Object({
  addressCode: Type.String({ pattern: '^\\d{9}$' }),
  text: Type.String(),
  postcode: Type.String({ pattern: '^LV-\\d{4}$' }),
  atvk: Type.String({ pattern: '^\\d{7}$' }),
  since: DateString,
});

export const AdditionalAddress = Type.Object({
  addressCode: Type.String({ pattern: '^\\d{9}$' }),
  text: Type.String(),
  postcode: Type.String({ pattern: '^LV-\\d{4}$' }),
  atvk: Type.String({ pattern: '^\\d{7}$' }),
  validFrom: DateString,
  validTo: Nullable(DateString),
});

export const ForeignAddress = Type.Object({
  country: Type.String({ pattern: '^[A-Z]{3}$' }),
  text: Type.String(),
});

export const ResidenceScope = Type.Object({
  declaredAddress: Nullable(Address),
  additionalAddresses: Type.Array(AdditionalAddress),
  foreignAddress: Nullable(ForeignAddress),
});

export const PreviousAddress = Type.Object({
  addressCode: Type.String(),
  text: Type.String(),
  postcode: Type.String(),
  atvk: Type.String(),
  validFrom: DateString,
  validTo: DateString,
});

export const ResidenceHistoryScope = Type.Object({ previousAddresses: Type.Array(PreviousAddress) });

export const documentTypes = [
  'passport',
  'id-card',
  'residence-permit',
  'eu-registration-certificate',
] as const;
export const documentStatuses = ['valid', 'invalid', 'lost', 'stolen', 'expired'] as const;
export type DocumentType = (typeof documentTypes)[number];
export type DocumentStatus = (typeof documentStatuses)[number];

export const IdentityDocument = Type.Object({
  type: Type.Enum(documentTypes),
  number: Type.String(),
  issuedOn: DateString,
  validUntil: DateString,
  issuer: Type.String(),
  status: Type.Enum(documentStatuses),
  statusSince: DateString,
});

export const DocumentsScope = Type.Object({ documents: Type.Array(IdentityDocument) });

export const maritalStatuses = ['single', 'married', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof maritalStatuses)[number];

export const CivilStatusScope = Type.Object({
  maritalStatus: Type.Enum(maritalStatuses),
  since: Nullable(DateString),
  spouse: Nullable(RelatedPerson),
});

export const Relative = Type.Object({
  personalCode: PersonalCodeString,
  givenNames: Type.String(),
  surname: Type.String(),
  relation: Type.Union([Type.Literal('mother'), Type.Literal('father'), Type.Literal('child')]),
});

export const RelativesScope = Type.Object({ parents: Type.Array(Relative), children: Type.Array(Relative) });

export const Guardian = Type.Object({
  personalCode: PersonalCodeString,
  givenNames: Type.String(),
  surname: Type.String(),
  since: DateString,
});

export const GuardianshipScope = Type.Object({
  legalCapacityRestricted: Type.Boolean(),
  guardians: Type.Array(Guardian),
});

export const DeathScope = Type.Object({
  deathDate: Nullable(DateString),
  deathPlace: Nullable(Type.String()),
  deathRegistration: Nullable(Registration),
});

export const SpecialStatusesScope = Type.Object({
  politicallyRepressed: Type.Boolean(),
  nationalResistanceParticipant: Type.Boolean(),
  worldWarTwoParticipant: Type.Boolean(),
});

/** A person's full record, every scope of DOMAIN §4: what the register holds per version. */
export const PersonRecord = Type.Object({
  identity: IdentityScope,
  names: NamesScope,
  birth: BirthScope,
  citizenship: CitizenshipScope,
  residence: ResidenceScope,
  residenceHistory: ResidenceHistoryScope,
  documents: DocumentsScope,
  civilStatus: CivilStatusScope,
  relatives: RelativesScope,
  guardianship: GuardianshipScope,
  death: DeathScope,
  specialStatuses: SpecialStatusesScope,
});

export type PersonRecord = Static<typeof PersonRecord>;
export type RelatedPerson = Static<typeof RelatedPerson>;
export type Relative = Static<typeof Relative>;
export type Address = Static<typeof Address>;
export type IdentityDocument = Static<typeof IdentityDocument>;
export type Registration = Static<typeof Registration>;
