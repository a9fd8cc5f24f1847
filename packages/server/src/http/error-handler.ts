import { type ProblemCode, problemCatalogue, problemMediaType, problemType } from '@fpr/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskPersonalCodes } from '../observability/logger';
import { isDatabaseUnavailable } from './database-unavailable';
import { type InvalidParam, isProblemError, type ProblemDetails } from './problem';
import { requestIdHeader } from './request-id';
import { pathOf } from './request-path';
import type { RouteIndex } from './route-index';
import { toInvalidParams } from './validation';
import { answersWithWebApp, sendWebApp, type WebApp } from './web-app';

/**
 * The one place that knows HTTP status codes (docs/adr/0001-problems-and-validation.md): whatever a
 * route, hook, parser or service throws ends here as an RFC 9457 problem. Known refusals keep their
 * code; anything unexpected becomes an opaque `serverError` whose details go only to the log.
 */

export const problemContentType = `${problemMediaType}; charset=utf-8`;

/** How long a client should wait before retrying while the database is unreachable. */
export const databaseRetryAfterSeconds = 5;

interface ProblemSpec extends ProblemDetails {
  code: ProblemCode;
}

/** Fastify's own refusals carry a status; the problem code with that status, for the ones we expect. */
const codeByStatus: Partial<Record<number, ProblemCode>> = {
  400: 'paramsValidation',
  404: 'notFound',
  405: 'methodNotAllowed',
  406: 'notAcceptable',
  413: 'payloadTooLarge',
  415: 'unsupportedMediaType',
  429: 'tooManyRequests',
};

const validationPartNames: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

export function registerErrorHandling(app: FastifyInstance, routes: RouteIndex, web?: WebApp): void {
  app.setErrorHandler((error: Error, request, reply) => {
    const spec = toProblemSpec(error);
    logProblem(request, spec, error);
    return sendProblem(request, reply, spec);
  });
  app.setNotFoundHandler((request, reply) => {
    if (answersWithWebApp(request, web)) return sendWebApp(reply);
    const allowed = routes.allowedMethods(pathOf(request.url));
    if (allowed.length === 0 || allowed.includes(request.method)) {
      return sendProblem(request, reply, { code: 'notFound' });
    }
    reply.header('allow', allowed.join(', '));
    return sendProblem(request, reply, { code: 'methodNotAllowed' });
  });
}

/**
 * Fastify's `frameworkErrors` option: refusals raised while routing (an undecodable URL, an
 * over-long path parameter), before any hook has run, so the request id header is set here.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const spec = toProblemSpec(error);
  logProblem(request, spec, error);
  reply.header(requestIdHeader, request.id);
  sendProblem(request, reply, spec);
}

/** Maps any thrown value to a problem; never copies an error's message (it may hold input). */
export function toProblemSpec(error: Error): ProblemSpec {
  if (isProblemError(error)) return { code: error.code, ...error.details };
  const fastifyError: Partial<FastifyError> = error;
  if (fastifyError.validation) {
    const partName = validationPartNames[fastifyError.validationContext ?? 'body'] ?? 'body';
    const invalidParams = toInvalidParams(fastifyError.validation, partName);
    return { code: 'paramsValidation', detail: invalidParamsDetail(invalidParams), invalidParams };
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return malformedBody('is not valid JSON');
  if (fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return malformedBody('is empty');
  if (isDatabaseUnavailable(error)) {
    return {
      code: 'notAvailable',
      detail: 'The database is not reachable; retry later.',
      retryAfterSeconds: databaseRetryAfterSeconds,
    };
  }
  return { code: clientErrorCode(fastifyError.statusCode) ?? 'serverError' };
}

/** Errors that chose a 4xx status are deliberate refusals; unlisted ones read as bad parameters. */
function clientErrorCode(statusCode: number | undefined): ProblemCode | undefined {
  if (statusCode === undefined || statusCode < 400 || statusCode > 499) return undefined;
  return codeByStatus[statusCode] ?? 'paramsValidation';
}

function malformedBody(reason: string): ProblemSpec {
  return {
    code: 'paramsValidation',
    detail: `The request body ${reason}.`,
    invalidParams: [{ name: 'body', code: 'malformed', reason }],
  };
}

function invalidParamsDetail(invalidParams: readonly InvalidParam[]): string {
  const count = invalidParams.length;
  return count === 1 ? 'One parameter is not valid.' : `${count} parameters are not valid.`;
}

function logProblem(request: FastifyRequest, spec: ProblemSpec, error: Error): void {
  const { status } = problemCatalogue[spec.code];
  if (status >= 500) {
    request.log.error({ err: error, problem: spec.code }, 'request failed');
    return;
  }
  request.log.info({ problem: spec.code, invalidParams: spec.invalidParams }, 'request refused');
}

/** Writes the problem; extension members never override the standard ones. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, spec: ProblemSpec): FastifyReply {
  const { status, title } = problemCatalogue[spec.code];
  if (spec.retryAfterSeconds !== undefined) reply.header('retry-after', String(spec.retryAfterSeconds));
  const body = {
    ...spec.extensions,
    type: problemType(spec.code),
    title,
    status,
    detail: spec.detail ?? title,
    // The path is client input too: codes never belong in URLs, but a careless client may try.
    instance: maskPersonalCodes(pathOf(request.url)),
    code: spec.code,
    requestId: request.id,
    ...(spec.invalidParams === undefined ? {} : { invalidParams: spec.invalidParams }),
  };
  // A string bypasses any route's response serialiser, which must not reshape a problem.
  return reply.code(status).type(problemContentType).send(JSON.stringify(body));
}
