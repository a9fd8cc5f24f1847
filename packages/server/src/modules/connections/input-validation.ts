import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { type InvalidParam, problem } from '../../http/problem';
import { toInvalidParams } from '../../http/validation';
import { invalidAllowListParams } from './ip-allow-list';

/**
 * For routes whose body has rules JSON Schema cannot say (exact CIDR blocks, usable public keys):
 * the route sets `attachValidation`, and this answers the schema's complaints and the domain rules'
 * in one problem, so a client learns every invalid parameter at once. The domain rules read the
 * body as unknown, since it may have failed the schema.
 */
export function refuseInvalidBody(
  request: FastifyRequest,
  domainRules: (body: unknown) => InvalidParam[],
): void {
  const error = request.validationError;
  if (error && error.validationContext !== 'body') throw error;
  const schemaParams = error
    ? toInvalidParams(error.validation as FastifySchemaValidationError[], 'body')
    : [];
  const named = new Set(schemaParams.map((param) => param.name));
  const invalidParams = [
    ...schemaParams,
    ...domainRules(request.body).filter((param) => !named.has(param.name)),
  ];
  if (invalidParams.length === 0) return;
  const count = invalidParams.length;
  throw problem('paramsValidation', {
    detail: count === 1 ? 'One parameter is not valid.' : `${count} parameters are not valid.`,
    invalidParams,
  });
}

/** The CIDR rules over an `ipAllowList` member, whatever shape the body has. */
export function allowListRules(body: unknown): InvalidParam[] {
  const list = memberOf(body, 'ipAllowList');
  return Array.isArray(list) ? invalidAllowListParams(list) : [];
}

export function memberOf(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
}
