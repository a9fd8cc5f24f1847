import { describe, expect, it } from 'vitest';
import { acceptsJson, acceptsMediaType, isJsonOnlyPath } from './content-negotiation';

describe('acceptsJson', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ['', true],
    ['*/*', true],
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/problem+json', true],
    ['application/*;q=0.5', true],
    ['text/html,application/xhtml+xml,*/*;q=0.8', true],
    ['text/html', false],
    ['text/plain, text/csv', false],
    ['application/json;q=0', false],
    ['application/json;q=0.000, text/html', false],
    ['application/xml', false],
  ])('%j → %s', (accept, expected) => {
    expect(acceptsJson(accept)).toBe(expected);
  });
});

describe('acceptsMediaType', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ['application/pdf', true],
    ['application/*', true],
    ['*/*;q=0.1', true],
    ['application/pdf;q=0', false],
    ['application/json', false],
    ['text/html', false],
  ])('application/pdf for %j → %s', (accept, expected) => {
    expect(acceptsMediaType(accept, 'application/pdf')).toBe(expected);
  });
});

describe('isJsonOnlyPath', () => {
  it.each<[string, boolean]>([
    ['/api/v1/persons/query', true],
    ['/api/openapi.json', true],
    ['/health/ready', true],
    ['/api/docs', false],
    ['/api/docs/static/index.html', false],
    ['/', false],
    ['/metrics', false],
  ])('%s → %s', (path, expected) => {
    expect(isJsonOnlyPath(path)).toBe(expected);
  });
});
