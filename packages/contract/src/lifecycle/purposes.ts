import { type Static, Type } from 'typebox';
import { DateString, EnvironmentSchema } from '../common';
import { scopeNames } from '../register/scopes';

/** How a purpose may be used: the inter-system API or the PDP web viewer. */
export const purposeChannels = ['api', 'pdp'] as const;
export type PurposeChannel = (typeof purposeChannels)[number];

export const purposeStatuses = ['active', 'suspended', 'withdrawn'] as const;
export type PurposeStatus = (typeof purposeStatuses)[number];

const ScopeNameSchema = Type.Enum(scopeNames, { description: 'A scope of the catalogue (DOMAIN §4)' });

const FieldPath = Type.String({
  pattern: '^[a-z][A-Za-z]{0,63}\\.[a-z][A-Za-z]{0,63}$',
  description: 'A field path scope.field, e.g. identity.surname',
});

/** A territory of ATVK 2021 (DOMAIN §5): a state city, a novads, or a town or parish in one. */
const TerritoryCode = Type.String({ pattern: '^\\d{7}$', description: 'ATVK 2021 code, 7 digits' });

const ChannelSchema = Type.Enum(purposeChannels, { description: 'api (system clients) or pdp (web viewer)' });

/**
 * One purpose as PMLP grants it when a contract is activated or amended. What it grants is every field
 * of each scope in `scopes` plus each single field in `fields`; a field may not repeat a whole scope.
 */
export const PurposeInput = Type.Object(
  {
    legalBasis: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Law, article and paragraph that allow the processing',
    }),
    purpose: Type.String({ minLength: 1, maxLength: 2000, description: 'What the data is used for' }),
    scopes: Type.Optional(
      Type.Array(ScopeNameSchema, { maxItems: 12, uniqueItems: true, description: 'Whole scopes granted' }),
    ),
    fields: Type.Optional(
      Type.Array(FieldPath, {
        maxItems: 100,
        uniqueItems: true,
        description: 'Single fields granted (scope.field), outside the whole scopes',
      }),
    ),
    channels: Type.Array(ChannelSchema, { minItems: 1, maxItems: 2, uniqueItems: true }),
    environments: Type.Array(EnvironmentSchema, { minItems: 1, maxItems: 2, uniqueItems: true }),
    monitoring: Type.Boolean({ description: 'Whether persons may be monitored under this purpose' }),
    validFrom: DateString,
    validTo: Type.Optional(DateString),
    requiresCaseReference: Type.Optional(
      Type.Boolean({ description: 'Every query must name a case (default false)' }),
    ),
    requiresEndUser: Type.Optional(
      Type.Boolean({ description: 'Every system call must carry X-End-User (default false)' }),
    ),
    covert: Type.Optional(
      Type.Boolean({
        description:
          'Queries stay out of the data subject’s reports until the disclosure date (default false)',
      }),
    ),
    // Required when covert: from this day the purpose's queries are shown to the data subject.
    disclosureDate: Type.Optional(DateString),
    populationTerritories: Type.Optional(
      Type.Array(TerritoryCode, {
        maxItems: 50,
        uniqueItems: true,
        description:
          'The population the purpose serves, where it is local (a municipality’s residents): territories of ' +
          'ATVK 2021. A municipality’s code (ending in 000) covers its towns and parishes. Deliveries of persons ' +
          'declared elsewhere raise a misuse signal for PMLP. Default: none declared',
      }),
    ),
  },
  { additionalProperties: false, description: 'A purpose to grant: legal basis, purpose and data' },
);
export type PurposeInput = Static<typeof PurposeInput>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** The purposes a caller may use, as `GET /api/v1/me` lists them (API §3). */
export const PurposeGrant = Type.Object({
  id: Type.String({ format: 'uuid' }),
  legalBasis: Type.String(),
  purpose: Type.String(),
  scopes: Type.Array(Type.String(), { description: 'Whole scopes granted' }),
  fields: Type.Array(Type.String(), { description: 'Single fields granted (scope.field)' }),
  channels: Type.Array(ChannelSchema),
  monitoring: Type.Boolean(),
  validFrom: DateString,
  validTo: Nullable(DateString),
  requiresCaseReference: Type.Boolean(),
  requiresEndUser: Type.Boolean(),
});
export type PurposeGrant = Static<typeof PurposeGrant>;

/** A purpose with its contract, status and history dates. */
export const ContractPurpose = Type.Object({
  ...PurposeGrant.properties,
  contractId: Type.String({ format: 'uuid' }),
  environments: Type.Array(EnvironmentSchema),
  covert: Type.Boolean(),
  disclosureDate: Nullable(DateString),
  populationTerritories: Type.Array(Type.String(), {
    description: 'ATVK 2021 codes of the declared population; empty when none is declared',
  }),
  status: Type.Enum(purposeStatuses, { description: 'Only active purposes may be used' }),
  createdAt: Type.String({ format: 'date-time' }),
  withdrawnAt: Nullable(Type.String({ format: 'date-time' })),
});
export type ContractPurpose = Static<typeof ContractPurpose>;

export const PurposeList = Type.Object({ purposes: Type.Array(ContractPurpose) });
export type PurposeList = Static<typeof PurposeList>;
