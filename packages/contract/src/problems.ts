import { type Static, Type } from 'typebox';

/**
 * The problem registry (API §1): every `code` a client can receive, its HTTP status and English title.
 * The server's error handler is the only place that turns these into responses.
 */
export const problemCatalogue = {
  paramsValidation: { status: 400, title: 'The request parameters are not valid' },
  tooManyResults: { status: 400, title: 'The search matches too many persons; refine the query' },
  authentication: { status: 401, title: 'Authentication failed' },
  insufficientBalance: { status: 402, title: 'The prepaid balance does not cover the fee' },
  unauthorizedField: { status: 403, title: 'A requested field is outside the purpose' },
  unauthorizedParameter: { status: 403, title: 'A search parameter needs a scope the purpose lacks' },
  purposeNotPermitted: { status: 403, title: 'The purpose may not be used for this request' },
  connectionSuspended: { status: 403, title: "The environment's connection is suspended" },
  environmentMismatch: { status: 403, title: 'The call is not allowed in this environment' },
  forbidden: { status: 403, title: 'The role may not do this' },
  notFound: { status: 404, title: 'Not found' },
  methodNotAllowed: { status: 405, title: 'The method is not allowed on this resource' },
  notAcceptable: { status: 406, title: 'The response can only be JSON' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  idempotencyKeyReused: { status: 409, title: 'The idempotency key was used with a different request' },
  payloadTooLarge: { status: 413, title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, title: 'The request body must be JSON' },
  accountLocked: { status: 423, title: 'The account is locked' },
  tooManyRequests: { status: 429, title: 'Too many requests' },
  serverError: { status: 500, title: 'Internal server error' },
  notAvailable: { status: 503, title: 'The service is temporarily not available' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCatalogue;
export const problemCodes = Object.keys(problemCatalogue) as ProblemCode[];

/** Base of the `type` URIs; a code's page is `<base><code>`. */
export const problemTypeBase = 'https://fpr.pmlp.gov.lv/problems/';

/** The RFC 9457 `type` URI of a problem code. */
export function problemType(code: ProblemCode): string {
  return `${problemTypeBase}${code}`;
}

export function isProblemCode(value: string): value is ProblemCode {
  return Object.hasOwn(problemCatalogue, value);
}

export const problemMediaType = 'application/problem+json';

/** One failing parameter: `name` is its path (`personalCodes[3]`, `filter.surname`, `body`). */
export const InvalidParam = Type.Object({
  name: Type.String({ description: 'Path of the parameter, with array indexes: personalCodes[3]' }),
  code: Type.String({
    description:
      'Why it failed: the JSON Schema keyword (required, type, pattern, maxItems, …), ' +
      'unknownField, malformed, or a domain rule name',
  }),
  reason: Type.String({ description: 'English explanation; never repeats the submitted value' }),
});
export type InvalidParam = Static<typeof InvalidParam>;

/** An RFC 9457 problem; problem-specific extension members (e.g. `fields`, `requiredCents`) may follow. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type' }),
    title: Type.String({ description: 'Short English summary of the problem type' }),
    status: Type.Integer({ description: 'HTTP status code' }),
    detail: Type.String({ description: 'English explanation of this occurrence' }),
    instance: Type.String({ description: 'Request path (without query string)' }),
    code: Type.Union(
      problemCodes.map((code) => Type.Literal(code)),
      { description: 'Stable problem code' },
    ),
    requestId: Type.String({ description: 'Request id; also in the X-Request-Id header' }),
    invalidParams: Type.Optional(Type.Array(InvalidParam, { description: 'Every failing parameter' })),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof Problem>;
