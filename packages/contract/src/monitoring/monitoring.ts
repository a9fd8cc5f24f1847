import { type Static, Type } from 'typebox';
import { DateString, environments, PersonalCodeString } from '../common';
import { DeliveredPerson } from '../persons/query';
import { changeEventTypes } from '../register/life-event';
import { scopeNames } from '../register/scopes';

/** At most this many personal codes per subscription, removal or reconciliation call (API §5). */
export const monitoringBatchLimit = 1000;
/** Page sizes of the subscription list and the change feed. */
export const monitoringPageLimit = { default: 100, maximum: 1000 } as const;

const PurposeId = Type.String({ format: 'uuid', description: 'A purpose of the caller with monitoring' });
const Codes = Type.Array(PersonalCodeString, {
  minItems: 1,
  maxItems: monitoringBatchLimit,
  description: 'Current or previous (old-format) personal codes',
});
const Limit = Type.Integer({
  minimum: 1,
  maximum: monitoringPageLimit.maximum,
  default: monitoringPageLimit.default,
  description: 'Entries per page',
});
/**
 * A system client and a PDP user work in their token's or session's environment; an organisation's
 * contact person names it here (as on the webhook routes).
 */
const EnvironmentParam = Type.Optional(
  Type.Enum(environments, {
    description:
      'A contact person names the environment (required); a system client or PDP user works in its own, and naming another is `environmentMismatch`',
  }),
);

/** The query of the monitoring calls that take no other query parameter. */
export const MonitoringQuery = Type.Object(
  { environment: EnvironmentParam },
  { additionalProperties: false },
);
export type MonitoringQuery = Static<typeof MonitoringQuery>;

/** Feed positions travel as decimal strings in the query and as integers in answers. */
const Sequence = Type.Integer({ minimum: 0, description: 'A position in the change feed' });

export const subscriptionOutcomes = ['added', 'alreadySubscribed', 'notFound', 'invalid'] as const;
export const removalOutcomes = ['removed', 'notSubscribed', 'notFound', 'invalid'] as const;

/** `POST /api/v1/monitoring/subscriptions`. */
export const SubscribeRequest = Type.Object(
  {
    purposeId: PurposeId,
    personalCodes: Codes,
    endDate: Type.Optional(
      Type.String({ ...DateString, description: 'Last day to monitor (inclusive); none: until removed' }),
    ),
  },
  { additionalProperties: false, description: 'Persons to monitor under a purpose with monitoring' },
);
export type SubscribeRequest = Static<typeof SubscribeRequest>;

const SubscriptionResult = Type.Object({
  personalCode: Type.String({ description: 'The code as asked (normalised with its hyphen when valid)' }),
  outcome: Type.Enum(subscriptionOutcomes),
});
export type SubscriptionResult = Static<typeof SubscriptionResult>;

export const SubscribeResponse = Type.Object({
  results: Type.Array(SubscriptionResult, { description: 'One per code, in the order asked' }),
});
export type SubscribeResponse = Static<typeof SubscribeResponse>;

/** `POST /api/v1/monitoring/subscriptions/csv?purposeId=…`: the portal's bulk upload. */
export const SubscriptionUploadQuery = Type.Object(
  {
    purposeId: PurposeId,
    endDate: Type.Optional(Type.String({ ...DateString, description: 'Last day to monitor (inclusive)' })),
    environment: EnvironmentParam,
  },
  { additionalProperties: false },
);
export type SubscriptionUploadQuery = Static<typeof SubscriptionUploadQuery>;

export const SubscriptionUploadResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      line: Type.Integer({ minimum: 1, description: 'Line number in the uploaded file' }),
      personalCode: Type.String(),
      outcome: Type.Enum(subscriptionOutcomes),
    }),
    { description: 'One per code line (blank lines and a header line are skipped)' },
  ),
});
export type SubscriptionUploadResponse = Static<typeof SubscriptionUploadResponse>;

/** `POST /api/v1/monitoring/subscriptions/remove`. */
export const UnsubscribeRequest = Type.Object(
  { personalCodes: Codes },
  { additionalProperties: false, description: 'Persons to stop monitoring' },
);
export type UnsubscribeRequest = Static<typeof UnsubscribeRequest>;

export const UnsubscribeResponse = Type.Object({
  results: Type.Array(Type.Object({ personalCode: Type.String(), outcome: Type.Enum(removalOutcomes) }), {
    description: 'One per code, in the order asked',
  }),
});
export type UnsubscribeResponse = Static<typeof UnsubscribeResponse>;

/** `GET /api/v1/monitoring/subscriptions`. */
export const SubscriptionListQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'The `next` of the previous page' }),
    ),
    limit: Type.Optional(Limit),
    environment: EnvironmentParam,
  },
  { additionalProperties: false },
);
export type SubscriptionListQuery = Static<typeof SubscriptionListQuery>;

export const SubscriptionPage = Type.Object({
  subscriptions: Type.Array(
    Type.Object({
      personalCode: PersonalCodeString,
      purposeId: Type.String({ format: 'uuid' }),
      since: Type.String({ format: 'date-time', description: 'When monitoring began' }),
      endDate: Type.Union([DateString, Type.Null()], { description: 'Last day monitored, if set' }),
    }),
  ),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null at the end' }),
});
export type SubscriptionPage = Static<typeof SubscriptionPage>;

/** `GET /api/v1/monitoring/changes`. */
export const ChangeFeedQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({
        pattern: '^(0|[1-9][0-9]{0,14})$',
        description: 'The `lastSequence` of the previous page (default 0: from the start)',
      }),
    ),
    limit: Type.Optional(Limit),
    environment: EnvironmentParam,
  },
  { additionalProperties: false },
);
export type ChangeFeedQuery = Static<typeof ChangeFeedQuery>;

export const MonitoredChange = Type.Object({
  sequence: Sequence,
  personalCode: PersonalCodeString,
  previousPersonalCode: Type.Optional(
    Type.String({ ...PersonalCodeString, description: 'The code before a personal-code change' }),
  ),
  type: Type.Enum(changeEventTypes),
  changedScopes: Type.Array(Type.Enum(scopeNames), { description: 'Only scopes the purpose grants' }),
  effectiveDate: DateString,
  recordedAt: Type.String({ format: 'date-time' }),
  person: DeliveredPerson,
});
export type MonitoredChange = Static<typeof MonitoredChange>;

export const ChangeFeedPage = Type.Object({
  changes: Type.Array(MonitoredChange, { description: 'Ascending by sequence' }),
  lastSequence: Type.Integer({ minimum: 0, description: 'Ask `after=` this next time' }),
  headSequence: Type.Integer({ minimum: 0, description: 'The newest feed position of the register' }),
});
export type ChangeFeedPage = Static<typeof ChangeFeedPage>;

/** `POST /api/v1/monitoring/reconcile`. */
export const ReconcileRequest = Type.Object(
  {
    persons: Type.Array(
      Type.Object(
        { personalCode: PersonalCodeString, version: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: monitoringBatchLimit },
    ),
  },
  { additionalProperties: false, description: 'The versions a consumer holds' },
);
export type ReconcileRequest = Static<typeof ReconcileRequest>;

export const ReconcileResponse = Type.Object({
  stale: Type.Array(Type.String(), { description: 'Codes whose held version is older than the register’s' }),
  unknown: Type.Array(Type.String(), { description: 'Codes not monitored by the caller or not found' }),
});
export type ReconcileResponse = Static<typeof ReconcileResponse>;
