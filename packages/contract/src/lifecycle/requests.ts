import { type Static, Type } from 'typebox';
import { DateString, EnvironmentSchema } from '../common';
import { scopeNames } from '../register/scopes';

/** Statuses of a service request (DOMAIN §3). */
export const requestStatuses = [
  'draft',
  'submitted',
  'in_review',
  'clarification_requested',
  'contract_drafting',
  'contract_agreed',
  'active',
  'rejected',
  'withdrawn',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const RequestStatusSchema = Type.Enum(requestStatuses, {
  description: 'Status in the request lifecycle',
});

export const requestChannels = ['api', 'pdp'] as const;
export type RequestChannel = (typeof requestChannels)[number];

/** One requested data set with the motivation the law asks for. */
export const RequestedScope = Type.Object(
  {
    scope: Type.Enum(scopeNames, { description: 'The data set (scope) requested' }),
    fields: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Za-z]+\\.[A-Za-z]+$', description: 'Field path scope.field' }), {
        minItems: 1,
        maxItems: 50,
        uniqueItems: true,
        description: 'Narrows the scope to these fields of it; the whole scope when absent',
      }),
    ),
    legalBasis: Type.String({
      minLength: 3,
      maxLength: 500,
      description: 'The law, article and paragraph that allow the organisation to receive the data',
    }),
    purpose: Type.String({ minLength: 3, maxLength: 1000, description: 'What the data will be used for' }),
  },
  { additionalProperties: false },
);
export type RequestedScope = Static<typeof RequestedScope>;

export const RequestContactPerson = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 ()-]{4,29}$', description: 'Phone number' })),
  },
  { additionalProperties: false },
);
export type RequestContactPerson = Static<typeof RequestContactPerson>;

const requestFields = {
  title: Type.String({ minLength: 3, maxLength: 200, description: 'A short name for the request' }),
  scopes: Type.Array(RequestedScope, {
    minItems: 1,
    maxItems: 12,
    description: 'Each requested scope once, with its legal basis and purpose',
  }),
  channels: Type.Array(Type.Enum(requestChannels), {
    minItems: 1,
    maxItems: 2,
    uniqueItems: true,
    description: 'api: the inter-system interface; pdp: the Personal Data Browser',
  }),
  environments: Type.Array(EnvironmentSchema, { minItems: 1, maxItems: 2, uniqueItems: true }),
  expectedSystemUsers: Type.Integer({
    minimum: 0,
    maximum: 10000,
    description: 'Expected number of system users',
  }),
  wantsMonitoring: Type.Boolean({ description: 'Whether monitoring of persons is wanted (a paid add-on)' }),
  contactPersons: Type.Array(RequestContactPerson, { minItems: 1, maxItems: 10 }),
};

/** The motivated request (DOMAIN §3 step 1), as the organisation writes it. */
export const ServiceRequestInput = Type.Object(requestFields, {
  additionalProperties: false,
  description: 'A motivated request for register data',
});
export type ServiceRequestInput = Static<typeof ServiceRequestInput>;

export const ServiceRequest = Type.Object({
  id: Type.String({ format: 'uuid' }),
  organisationId: Type.String({ format: 'uuid' }),
  status: RequestStatusSchema,
  ...requestFields,
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  deadline: Type.Union([DateString, Type.Null()], {
    description:
      'The last day for PMLP’s answer: 30 Latvian working days after submission, ' +
      'not counting working days spent waiting for a clarification (pushed while waiting)',
  }),
  pausedWorkingDays: Type.Integer({ description: 'Working days spent waiting for clarifications so far' }),
  daysLeft: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'Working days left until the deadline, negative when overdue; null unless PMLP owes an answer',
  }),
  isOverdue: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ServiceRequest = Static<typeof ServiceRequest>;

const Person = Type.Object({
  id: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  side: Type.Enum(['organisation', 'pmlp'] as const),
});

export const RequestHistoryEntry = Type.Object({
  fromStatus: Type.Union([RequestStatusSchema, Type.Null()], {
    description: 'Null when the request was created',
  }),
  toStatus: RequestStatusSchema,
  actor: Person,
  note: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
});

export const requestMessageKinds = ['clarificationRequest', 'clarificationAnswer', 'note'] as const;

export const RequestMessage = Type.Object({
  id: Type.String(),
  kind: Type.Enum(requestMessageKinds),
  body: Type.String(),
  author: Person,
  at: Type.String({ format: 'date-time' }),
});
export type RequestMessage = Static<typeof RequestMessage>;

export const RequestMessageList = Type.Object({ messages: Type.Array(RequestMessage) });

export const ServiceRequestDetail = Type.Object({
  ...ServiceRequest.properties,
  history: Type.Array(RequestHistoryEntry, { description: 'Every status change, oldest first' }),
  messages: Type.Array(RequestMessage, { description: 'Clarifications and notes, oldest first' }),
});
export type ServiceRequestDetail = Static<typeof ServiceRequestDetail>;

export const ServiceRequestList = Type.Object({ requests: Type.Array(ServiceRequest) });

export const RequestIdParams = Type.Object({ requestId: Type.String({ format: 'uuid' }) });

export const reviewQueueStatuses = requestStatuses.filter((status) => status !== 'draft');

export const ReviewQueueQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(reviewQueueStatuses, { description: 'Only requests in this status' })),
    organisationId: Type.Optional(Type.String({ format: 'uuid', description: 'Only this organisation' })),
  },
  { additionalProperties: false },
);
export type ReviewQueueQuery = Static<typeof ReviewQueueQuery>;

export const RequestMessageInput = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 5000 }) },
  { additionalProperties: false, description: 'A message; it answers a pending clarification request' },
);
export type RequestMessageInput = Static<typeof RequestMessageInput>;

export const ClarificationInput = Type.Object(
  {
    message: Type.String({
      minLength: 3,
      maxLength: 5000,
      description: 'What the organisation must clarify',
    }),
  },
  { additionalProperties: false },
);
export type ClarificationInput = Static<typeof ClarificationInput>;
