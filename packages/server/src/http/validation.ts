import type { FastifySchemaValidationError } from 'fastify';
import type { InvalidParam } from './problem';

/**
 * Turns schema validation errors into `invalidParams` (see docs/adr/0001-problems-and-validation.md).
 *
 * Naming: the path inside the validated part, properties joined with `.`, array indexes in brackets
 * (`personalCodes[3]`, `persons[2].version`); query, path and header parameters by their own name
 * (`limit`); the whole part by its name (`body`). One entry per name, in the validator's order.
 * Names and reasons are built from the schema, never from the submitted values: a key the client
 * invented is shown only when it looks like an identifier.
 */

type ValidationError = FastifySchemaValidationError;

/** Bounds the answer to a hostile body; more than any valid request can fail (arrays cap at 1000). */
export const maxInvalidParams = 1000;

const unionKeywords = new Set(['anyOf', 'oneOf']);
const safeSegment = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const digitRun = /\d{6}/;
const arrayIndex = /^(0|[1-9]\d{0,5})$/;

export function toInvalidParams(errors: readonly ValidationError[], partName = 'body'): InvalidParam[] {
  const unions = errors.filter((error) => unionKeywords.has(error.keyword));
  const byName = new Map<string, InvalidParam>();
  for (const error of errors) {
    if (isBranchOfUnion(error, unions)) continue;
    const param = describe(error, errors, partName);
    if (!byName.has(param.name)) byName.set(param.name, param);
    if (byName.size >= maxInvalidParams) break;
  }
  return [...byName.values()];
}

/** A union reports once for itself; the complaints of each of its branches would only confuse. */
function isBranchOfUnion(error: ValidationError, unions: readonly ValidationError[]): boolean {
  return unions.some(
    (union) =>
      union !== error &&
      error.schemaPath.startsWith(`${union.schemaPath}/`) &&
      isSameOrBelow(error.instancePath, union.instancePath),
  );
}

function isSameOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function describe(error: ValidationError, all: readonly ValidationError[], partName: string): InvalidParam {
  const segments = pointerSegments(error.instancePath);
  const extra = extraSegment(error);
  if (extra !== undefined) segments.push(extra);
  const name = segments.length === 0 ? partName : formatName(segments);
  if (error.keyword === 'additionalProperties')
    return { name, code: 'unknownField', reason: 'is not a known field' };
  if (unionKeywords.has(error.keyword)) return { name, code: error.keyword, reason: unionReason(error, all) };
  return { name, code: error.keyword, reason: reasonFor(error) };
}

/** Properties named by the error rather than by its path: the missing one, the unknown one. */
function extraSegment(error: ValidationError): string | undefined {
  const { params } = error;
  if (error.keyword === 'required' || error.keyword === 'dependentRequired')
    return text(params.missingProperty);
  if (error.keyword === 'additionalProperties') return safeKey(text(params.additionalProperty));
  if (error.keyword === 'propertyNames') return safeKey(text(params.propertyName));
  return undefined;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function formatName(segments: readonly string[]): string {
  return segments.reduce((name, segment) => {
    if (arrayIndex.test(segment)) return `${name}[${segment}]`;
    const shown = safeKey(segment);
    return name === '' ? shown : `${name}.${shown}`;
  }, '');
}

/** Client-chosen keys may hold anything, personal codes included: show only identifier-like ones. */
function safeKey(key: string): string {
  return safeSegment.test(key) && !digitRun.test(key) ? key : '*';
}

function unionReason(union: ValidationError, all: readonly ValidationError[]): string {
  const values = all
    .filter((error) => error.keyword === 'const' && error.instancePath === union.instancePath)
    .filter((error) => error.schemaPath.startsWith(`${union.schemaPath}/`))
    .map((error) => error.params.allowedValue);
  return values.length > 0 ? oneOfReason(values) : 'does not match any of the allowed forms';
}

/** Allowed values come from the schema, so naming them is safe; long lists are summarised. */
function oneOfReason(values: readonly unknown[]): string {
  if (values.length > 20) return 'is not one of the allowed values';
  return `must be one of: ${values.map((value) => JSON.stringify(value)).join(', ')}`;
}

function reasonFor(error: ValidationError): string {
  const { params } = error;
  const limit = text(params.limit);
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return 'is required';
    case 'type':
      return `must be of type ${text(params.type).replaceAll(',', ' or ')}`;
    case 'pattern':
      return 'does not have the required format';
    case 'format':
      return `must be a valid ${text(params.format)}`;
    case 'minLength':
      return `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    case 'exclusiveMinimum':
      return `must be greater than ${limit}`;
    case 'exclusiveMaximum':
      return `must be less than ${limit}`;
    case 'multipleOf':
      return `must be a multiple of ${text(params.multipleOf)}`;
    case 'minItems':
      return `must have at least ${limit} entries`;
    case 'maxItems':
      return `must have at most ${limit} entries`;
    case 'uniqueItems':
      return `must not repeat entries (entries ${text(params.j)} and ${text(params.i)} are equal)`;
    case 'minProperties':
      return `must have at least ${limit} fields`;
    case 'maxProperties':
      return `must have at most ${limit} fields`;
    case 'const':
      return oneOfReason([params.allowedValue]);
    case 'enum':
      return oneOfReason(Array.isArray(params.allowedValues) ? params.allowedValues : []);
    default:
      return 'is not valid';
  }
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
