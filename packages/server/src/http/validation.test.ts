import type { FastifySchemaValidationError } from 'fastify';
import { describe, expect, it } from 'vitest';
import { maxInvalidParams, toInvalidParams } from './validation';

function error(
  keyword: string,
  instancePath: string,
  params: Record<string, unknown> = {},
  schemaPath = `#/${keyword}`,
): FastifySchemaValidationError {
  return { keyword, instancePath, schemaPath, params, message: 'ajv text that must not be used' };
}

describe('toInvalidParams names', () => {
  it.each<[string, FastifySchemaValidationError, string]>([
    ['a top-level field', error('type', '/count', { type: 'integer' }), 'count'],
    ['an array entry', error('pattern', '/personalCodes/3'), 'personalCodes[3]'],
    ['a field inside an array entry', error('type', '/persons/2/version'), 'persons[2].version'],
    [
      'a missing field inside an object',
      error('required', '/filter', { missingProperty: 'surname' }),
      'filter.surname',
    ],
    ['an unknown field', error('additionalProperties', '', { additionalProperty: 'extra' }), 'extra'],
    ['an escaped pointer segment', error('type', '/a~1b'), '*'],
    [
      'an unknown key holding a personal code',
      error('additionalProperties', '', { additionalProperty: '010190-10415' }),
      '*',
    ],
    [
      'an unknown key with a digit run',
      error('additionalProperties', '/x', { additionalProperty: 'a01019010415' }),
      'x.*',
    ],
    ['an index too large to be one', error('type', '/map/01019010415'), 'map.*'],
    ['the whole part', error('type', '', { type: 'object' }), 'body'],
  ])('%s', (_name, validationError, name) => {
    expect(toInvalidParams([validationError])[0]?.name).toBe(name);
  });

  it('names the whole query string by its part name', () => {
    expect(toInvalidParams([error('type', '')], 'query')[0]?.name).toBe('query');
  });
});

describe('toInvalidParams reasons', () => {
  it.each<[FastifySchemaValidationError, string, string]>([
    [error('required', '', { missingProperty: 'a' }), 'required', 'is required'],
    [error('type', '/a', { type: 'string,null' }), 'type', 'must be of type string or null'],
    [error('maxLength', '/a', { limit: 100 }), 'maxLength', 'must be at most 100 characters long'],
    [error('maxItems', '/a', { limit: 100 }), 'maxItems', 'must have at most 100 entries'],
    [
      error('uniqueItems', '/a', { i: 3, j: 1 }),
      'uniqueItems',
      'must not repeat entries (entries 1 and 3 are equal)',
    ],
    [
      error('enum', '/a', { allowedValues: ['test', 'production'] }),
      'enum',
      'must be one of: "test", "production"',
    ],
    [error('format', '/a', { format: 'date' }), 'format', 'must be a valid date'],
    [error('pattern', '/a', { pattern: '^x$' }), 'pattern', 'does not have the required format'],
    [error('if', '/a'), 'if', 'is not valid'],
  ])('%j', (validationError, code, reason) => {
    expect(toInvalidParams([validationError])[0]).toMatchObject({ code, reason });
  });
});

describe('toInvalidParams lists', () => {
  it('one entry per name, the first failure winning', () => {
    const errors = [error('type', '/a', { type: 'string' }), error('pattern', '/a'), error('pattern', '/b')];
    expect(toInvalidParams(errors).map((param) => [param.name, param.code])).toEqual([
      ['a', 'type'],
      ['b', 'pattern'],
    ]);
  });

  it('a union once, without the complaints of its branches, per array entry', () => {
    const union = (index: number) => [
      error('type', `/kinds/${index}`, { type: 'string' }, '#/properties/kinds/items/anyOf/0/type'),
      error('const', `/kinds/${index}`, { allowedValue: 'a' }, '#/properties/kinds/items/anyOf/0/const'),
      error('const', `/kinds/${index}`, { allowedValue: 'b' }, '#/properties/kinds/items/anyOf/1/const'),
      error('anyOf', `/kinds/${index}`, {}, '#/properties/kinds/items/anyOf'),
    ];
    expect(toInvalidParams([...union(0), ...union(2)])).toEqual([
      { name: 'kinds[0]', code: 'anyOf', reason: 'must be one of: "a", "b"' },
      { name: 'kinds[2]', code: 'anyOf', reason: 'must be one of: "a", "b"' },
    ]);
  });

  it('a union of objects as not matching any form', () => {
    const errors = [
      error('required', '', { missingProperty: 'personalCodes' }, '#/anyOf/0/required'),
      error('required', '', { missingProperty: 'addressCode' }, '#/anyOf/1/required'),
      error('anyOf', '', {}, '#/anyOf'),
    ];
    expect(toInvalidParams(errors)).toEqual([
      { name: 'body', code: 'anyOf', reason: 'does not match any of the allowed forms' },
    ]);
  });

  it(`at most ${maxInvalidParams} entries, however hostile the body`, () => {
    const errors = Array.from({ length: maxInvalidParams + 50 }, (_, index) => error('type', `/a/${index}`));
    expect(toInvalidParams(errors)).toHaveLength(maxInvalidParams);
  });
});
