import { type Static, Type } from 'typebox';
import { DateString, EnvironmentSchema, environments, PersonalCodeString } from '../common';

/** What a delivery answered: the three query types of API §4, and the monitoring feed (API §5). */
export const auditQueryTypes = [
  'byPersonalCode',
  'byNameAndBirthDate',
  'byAddress',
  'monitoringFeed',
] as const;
export type AuditQueryType = (typeof auditQueryTypes)[number];

/** A system client (inter-system interface) or a person (the PDP web viewer). */
export const auditActorKinds = ['client', 'user'] as const;
export type AuditActorKind = (typeof auditActorKinds)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const auditPageLimit = { default: 50, maximum: 500 } as const;

const auditFilters = {
  from: Type.Optional(Type.String({ ...DateString, description: 'From this day (Rīga time), inclusive' })),
  to: Type.Optional(Type.String({ ...DateString, description: 'Up to this day (Rīga time), inclusive' })),
  purposeId: Type.Optional(
    Type.String({ format: 'uuid', description: 'Only deliveries under this purpose' }),
  ),
  environment: Type.Optional(EnvironmentSchema),
  cursor: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{1,200}$',
      description: 'The `next` of the previous page; absent for the newest page',
    }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: auditPageLimit.maximum,
      default: auditPageLimit.default,
      description: 'Records per page',
    }),
  ),
};

/** `GET /api/v1/org/audit`: the organisation's own access log, newest first. */
export const OrganisationAuditQuery = Type.Object(auditFilters, {
  additionalProperties: false,
  description: 'Filters of the organisation’s access log',
});
export type OrganisationAuditQuery = Static<typeof OrganisationAuditQuery>;

/** `POST /api/v1/admin/audit/search`: the personal code travels in the body, never in the URL. */
export const AuditSearchRequest = Type.Object(
  {
    personalCode: Type.Optional(
      Type.String({
        ...PersonalCodeString,
        description: 'Deliveries of this person (a current or previous code)',
      }),
    ),
    organisationId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Deliveries to this organisation' }),
    ),
    actorKind: Type.Optional(
      Type.Enum(auditActorKinds, {
        description: 'With `actorId`: deliveries to this system client or PDP user',
      }),
    ),
    actorId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'With `actorKind`: the client id or the user id (as a misuse signal names it)',
      }),
    ),
    ...auditFilters,
  },
  { additionalProperties: false, description: 'PMLP search of the access log; every filter optional' },
);
export type AuditSearchRequest = Static<typeof AuditSearchRequest>;

/** One delivered person, as the access log records it (API §4). */
export const AuditEvent = Type.Object({
  id: Type.String({ description: 'Record id' }),
  requestId: Type.String({ description: 'The X-Request-Id of the delivering request' }),
  occurredAt: Type.String({ format: 'date-time' }),
  organisationId: Type.String({ format: 'uuid' }),
  environment: EnvironmentSchema,
  actor: Type.Object({
    kind: Type.Enum(auditActorKinds, { description: 'client: the inter-system interface; user: the PDP' }),
    id: Type.String({ description: 'The client id or the user id' }),
  }),
  endUser: Nullable(Type.String({ description: 'X-End-User: the person working in the requester’s system' })),
  purposeId: Type.String({ format: 'uuid' }),
  caseReference: Nullable(Type.String()),
  queryType: Type.Enum(auditQueryTypes),
  searchParameters: Type.Array(Type.String(), {
    description: 'The names of the search parameters, never their values',
  }),
  personalCode: Type.String({ description: 'The delivered person' }),
  fields: Type.Array(Type.String(), { description: 'The scope.field paths delivered' }),
  feeCents: Type.Integer({ minimum: 0, description: 'The state fee charged for this person' }),
  chainPosition: Nullable(
    Type.String({ description: 'Position in the hash chain; null for a moment, until the sealer links it' }),
  ),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventPage = Type.Object({
  events: Type.Array(AuditEvent, { description: 'Newest first' }),
  next: Nullable(
    Type.String({ description: 'Pass as `cursor` for the next (older) page; null on the last' }),
  ),
});
export type AuditEventPage = Static<typeof AuditEventPage>;

/** A data subject asks who received their data. */
export const SubjectReportRequest = Type.Object(
  {
    personalCode: Type.String({
      ...PersonalCodeString,
      description: 'The data subject (a current or previous code)',
    }),
    environment: Type.Optional(Type.Enum(environments, { description: 'Default production' })),
  },
  { additionalProperties: false, description: 'The data subject of the report' },
);
export type SubjectReportRequest = Static<typeof SubjectReportRequest>;

export const SubjectReportDelivery = Type.Object({
  occurredAt: Type.String({ format: 'date-time' }),
  organisation: Type.Object({ name: Type.String(), registrationNumber: Type.String() }),
  fields: Type.Array(Type.String(), { description: 'The scope.field paths delivered' }),
  purpose: Type.Object({
    legalBasis: Type.String({ description: 'The law, article and paragraph' }),
    purpose: Type.String({ description: 'What the data is used for' }),
  }),
});
export type SubjectReportDelivery = Static<typeof SubjectReportDelivery>;

/** Who received a person's data: deliveries under a covert purpose appear from its disclosure date. */
export const SubjectReport = Type.Object({
  personalCode: Type.String({ description: 'As printed, with the hyphen' }),
  environment: EnvironmentSchema,
  generatedAt: Type.String({ format: 'date-time' }),
  deliveries: Type.Array(SubjectReportDelivery, { description: 'Newest first' }),
  isTruncated: Type.Boolean({ description: 'True when only the newest deliveries are listed' }),
});
export type SubjectReport = Static<typeof SubjectReport>;
