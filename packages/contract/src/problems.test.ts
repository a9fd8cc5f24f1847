import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { isProblemCode, Problem, problemCatalogue, problemCodes, problemType } from './problems';

// API §1 (plus the media-type and size codes the conventions imply), status by code.
const expected: [string, number][] = [
  ['paramsValidation', 400],
  ['tooManyResults', 400],
  ['authentication', 401],
  ['insufficientBalance', 402],
  ['unauthorizedField', 403],
  ['unauthorizedParameter', 403],
  ['purposeNotPermitted', 403],
  ['connectionSuspended', 403],
  ['environmentMismatch', 403],
  ['forbidden', 403],
  ['notFound', 404],
  ['methodNotAllowed', 405],
  ['notAcceptable', 406],
  ['conflict', 409],
  ['idempotencyKeyReused', 409],
  ['payloadTooLarge', 413],
  ['unsupportedMediaType', 415],
  ['accountLocked', 423],
  ['tooManyRequests', 429],
  ['serverError', 500],
  ['notAvailable', 503],
];

describe('problem registry', () => {
  it.each(expected)('%s answers %i with a title', (code, status) => {
    expect(isProblemCode(code)).toBe(true);
    if (!isProblemCode(code)) return;
    expect(problemCatalogue[code].status).toBe(status);
    expect(problemCatalogue[code].title.length).toBeGreaterThan(0);
  });

  it('holds exactly the documented codes', () => {
    expect([...problemCodes].sort()).toEqual(expected.map(([code]) => code).sort());
  });

  it('rejects names that are not codes, including inherited properties', () => {
    expect(isProblemCode('toString')).toBe(false);
    expect(isProblemCode('NotFound')).toBe(false);
  });

  it('builds type URIs from the code', () => {
    expect(problemType('notFound')).toBe('https://fpr.pmlp.gov.lv/problems/notFound');
  });
});

describe('Problem schema', () => {
  const valid = {
    type: problemType('paramsValidation'),
    title: problemCatalogue.paramsValidation.title,
    status: 400,
    detail: 'Two parameters are not valid.',
    instance: '/api/v1/persons/query',
    code: 'paramsValidation',
    requestId: 'f0e1d2c3-b4a5-4697-8889-7a6b5c4d3e2f',
    invalidParams: [
      { name: 'personalCodes[3]', code: 'pattern', reason: 'does not have the required format' },
    ],
  };

  it('accepts a problem with invalid parameters and extension members', () => {
    expect(Value.Check(Problem, valid)).toBe(true);
    expect(Value.Check(Problem, { ...valid, fields: ['identity.sex'] })).toBe(true);
  });

  it('refuses an unknown code and a parameter without a reason', () => {
    expect(Value.Check(Problem, { ...valid, code: 'oops' })).toBe(false);
    expect(Value.Check(Problem, { ...valid, invalidParams: [{ name: 'x', code: 'type' }] })).toBe(false);
  });
});
