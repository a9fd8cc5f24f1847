import { type Static, Type } from 'typebox';

export const legalForms = ['publicLaw', 'privateLaw'] as const;
export type LegalForm = (typeof legalForms)[number];

export const Organisation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  registrationNumber: Type.String({ description: '11-digit registration number' }),
  legalForm: Type.Enum(legalForms, { description: 'Public-law (state, municipal) or private-law person' }),
  feeExempt: Type.Boolean({ description: 'Exempt from the state fee (DOMAIN §6)' }),
  feeExemptionReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Organisation = Static<typeof Organisation>;

export const OrganisationList = Type.Object({ organisations: Type.Array(Organisation) });

export const CreateOrganisationRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    registrationNumber: Type.String({
      minLength: 1,
      maxLength: 20,
      description: '11 digits with a valid check digit',
    }),
    legalForm: Type.Enum(legalForms),
    feeExemptionReason: Type.Optional(
      Type.String({ minLength: 3, maxLength: 1000, description: 'When set, the organisation is fee-exempt' }),
    ),
  },
  { additionalProperties: false, description: 'A legal person that may ask for register data' },
);
export type CreateOrganisationRequest = Static<typeof CreateOrganisationRequest>;

export const FeeExemptionRequest = Type.Object(
  {
    feeExempt: Type.Boolean(),
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'The legal ground, or why it ends' }),
  },
  { additionalProperties: false },
);
export type FeeExemptionRequest = Static<typeof FeeExemptionRequest>;

export const OrganisationIdParams = Type.Object({ organisationId: Type.String({ format: 'uuid' }) });

/** What an organisation's history records: its registration and each fee-exemption decision. */
export const organisationActions = ['registered', 'feeExemptionGranted', 'feeExemptionEnded'] as const;
export type OrganisationAction = (typeof organisationActions)[number];

export const OrganisationEvent = Type.Object({
  action: Type.Enum(organisationActions),
  actorName: Type.Union([Type.String(), Type.Null()], { description: 'The PMLP user who decided it' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'The legal ground, or why it ended' }),
  at: Type.String({ format: 'date-time' }),
});
export type OrganisationEvent = Static<typeof OrganisationEvent>;

export const OrganisationHistory = Type.Object({
  events: Type.Array(OrganisationEvent, { description: 'Oldest first' }),
});
export type OrganisationHistory = Static<typeof OrganisationHistory>;
