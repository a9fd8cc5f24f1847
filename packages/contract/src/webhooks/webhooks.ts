import { type Static, Type } from 'typebox';
import { EnvironmentSchema } from '../common';

/** The shortest webhook secret accepted: the HMAC key must not be guessable. */
export const webhookSecretMinLength = 32;

/** How many recent delivery attempts `GET /api/v1/monitoring/webhook` shows. */
export const webhookDeliveriesShown = 20;

/** `PUT /api/v1/monitoring/webhook`. */
export const WebhookRequest = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'Where nudges are POSTed: `https://` to a public address; in the test environment also ' +
        '`http://localhost` or `http://127.0.0.1`',
    }),
    secret: Type.String({
      minLength: webhookSecretMinLength,
      maxLength: 200,
      description: 'The HMAC-SHA256 key of `X-Signature`; kept sealed, never shown again',
    }),
  },
  { additionalProperties: false, description: 'The webhook of the caller’s organisation and environment' },
);
export type WebhookRequest = Static<typeof WebhookRequest>;

/**
 * A system client works in its token's environment; an organisation's contact person names the
 * environment here.
 */
export const WebhookQuery = Type.Object(
  { environment: Type.Optional(EnvironmentSchema) },
  { additionalProperties: false },
);
export type WebhookQuery = Static<typeof WebhookQuery>;

export const Webhook = Type.Object({
  environment: EnvironmentSchema,
  url: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Webhook = Static<typeof Webhook>;

/** One attempt to deliver a nudge. */
export const WebhookDelivery = Type.Object({
  headSequence: Type.Integer({ minimum: 0, description: 'The feed position the nudge announced' }),
  url: Type.String(),
  attempt: Type.Integer({ minimum: 1, description: 'Attempt of this nudge (retries back off)' }),
  attemptedAt: Type.String({ format: 'date-time' }),
  durationMs: Type.Integer({ minimum: 0 }),
  statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'Null when no answer came' }),
  delivered: Type.Boolean({ description: 'The receiver answered 2xx' }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why the attempt failed' }),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookStatus = Type.Object({
  webhook: Webhook,
  deliveries: Type.Array(WebhookDelivery, { description: 'The most recent attempts, newest first' }),
});
export type WebhookStatus = Static<typeof WebhookStatus>;

/**
 * The body of a nudge, signed with `X-Signature: sha256=<hex HMAC-SHA256 of the exact body>`. It
 * carries no personal data: the consumer pulls `GET /api/v1/monitoring/changes` up to this position.
 */
export const WebhookNudge = Type.Object({
  headSequence: Type.Integer({ minimum: 0, description: 'The newest feed position of the register' }),
});
export type WebhookNudge = Static<typeof WebhookNudge>;
