import { scopeNames } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import {
  emptyDraft,
  type RequestDraft,
  stepProblems,
  toggled,
  toggleScope,
  toRequestInput,
} from './request-draft';

function completeDraft(): RequestDraft {
  let draft = emptyDraft({ name: 'Anna Bērziņa', email: 'anna@banka.lv' });
  draft = toggleScope(draft, 'residence', scopeNames);
  draft = toggleScope(draft, 'identity', scopeNames);
  return {
    ...draft,
    title: 'Klientu identifikācija',
    scopes: draft.scopes.map((scope) =>
      scope.scope === 'residence'
        ? {
            ...scope,
            fields: ['residence.declaredAddress'],
            legalBasis: ' Likums, 5. p. ',
            purpose: 'Vēstules',
          }
        : { ...scope, legalBasis: 'Likums, 4. p.', purpose: 'Identifikācija' },
    ),
    channels: ['api', 'pdp'],
    environments: ['test'],
    expectedSystemUsers: ' 3 ',
  };
}

describe('request wizard rules', () => {
  it('keeps chosen scopes in catalogue order and drops one ticked off', () => {
    const draft = completeDraft();
    expect(draft.scopes.map((scope) => scope.scope)).toEqual(['identity', 'residence']);
    expect(toggleScope(draft, 'identity', scopeNames).scopes.map((scope) => scope.scope)).toEqual([
      'residence',
    ]);
  });

  it('finds nothing wrong with a complete draft on any step', () => {
    for (const step of ['scopes', 'access', 'usage', 'contacts', 'review'] as const)
      expect(stepProblems(completeDraft(), step)).toEqual([]);
  });

  it('names every missing legal basis and purpose, and a missing title and scope', () => {
    const empty = emptyDraft();
    expect(stepProblems(empty, 'scopes').map((problem) => problem.inputId)).toEqual([
      'request-title',
      'scope-identity',
    ]);
    const draft = {
      ...completeDraft(),
      scopes: completeDraft().scopes.map((scope) => ({ ...scope, legalBasis: ' ' })),
    };
    expect(stepProblems(draft, 'scopes').map((problem) => problem.inputId)).toEqual([
      'legal-basis-identity',
      'legal-basis-residence',
    ]);
  });

  it('wants a channel, an environment, a whole number of users and valid contacts', () => {
    const draft: RequestDraft = {
      ...completeDraft(),
      channels: [],
      environments: [],
      expectedSystemUsers: '2.5',
      contactPersons: [{ name: '', email: 'not-an-address', phone: 'abc' }],
    };
    expect(stepProblems(draft, 'access').map((problem) => problem.inputId)).toEqual([
      'channel-api',
      'environment-test',
    ]);
    expect(stepProblems(draft, 'usage').map((problem) => problem.inputId)).toEqual(['expected-users']);
    expect(stepProblems({ ...draft, expectedSystemUsers: '10001' }, 'usage')).toHaveLength(1);
    expect(stepProblems(draft, 'contacts').map((problem) => problem.inputId)).toEqual([
      'contact-name-0',
      'contact-email-0',
      'contact-phone-0',
    ]);
    expect(stepProblems(draft, 'review')).toHaveLength(6);
  });

  it('sends trimmed text, a number of users, fields only when narrowed and a phone only when given', () => {
    expect(toRequestInput(completeDraft())).toEqual({
      title: 'Klientu identifikācija',
      scopes: [
        { scope: 'identity', legalBasis: 'Likums, 4. p.', purpose: 'Identifikācija' },
        {
          scope: 'residence',
          fields: ['residence.declaredAddress'],
          legalBasis: 'Likums, 5. p.',
          purpose: 'Vēstules',
        },
      ],
      channels: ['api', 'pdp'],
      environments: ['test'],
      expectedSystemUsers: 3,
      wantsMonitoring: false,
      contactPersons: [{ name: 'Anna Bērziņa', email: 'anna@banka.lv' }],
    });
  });

  it('toggles a value of a set', () => {
    expect(toggled(['api'], 'pdp')).toEqual(['api', 'pdp']);
    expect(toggled(['api', 'pdp'], 'api')).toEqual(['pdp']);
  });
});
