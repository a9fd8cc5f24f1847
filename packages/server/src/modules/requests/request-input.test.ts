import type { ServiceRequestInput } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { requestInputProblems } from './request-input';

function input(scopes: ServiceRequestInput['scopes']): ServiceRequestInput {
  return {
    title: 'Client due diligence',
    scopes,
    channels: ['api'],
    environments: ['test'],
    expectedSystemUsers: 1,
    wantsMonitoring: false,
    contactPersons: [{ name: 'Anna Bērziņa', email: 'anna@example.lv' }],
  };
}

const motivation = { legalBasis: 'AML Law s. 11(1)', purpose: 'Identify customers' };

describe('request input rules', () => {
  it('accepts each scope once, whole or narrowed to its own fields', () => {
    expect(
      requestInputProblems(
        input([
          { scope: 'identity', ...motivation },
          { scope: 'residence', fields: ['residence.declaredAddress'], ...motivation },
        ]),
      ),
    ).toEqual([]);
  });

  it('lists every duplicate scope, unknown field path and field of another scope', () => {
    const problems = requestInputProblems(
      input([
        {
          scope: 'identity',
          fields: ['identity.surname', 'identity.shoeSize', 'death.deathDate'],
          ...motivation,
        },
        { scope: 'identity', ...motivation },
        { scope: 'death', fields: ['nothing.here'], ...motivation },
      ]),
    );
    expect(problems.map(({ name, code }) => ({ name, code }))).toEqual([
      { name: 'scopes[0].fields[1]', code: 'unknownFieldPath' },
      { name: 'scopes[0].fields[2]', code: 'outsideScope' },
      { name: 'scopes[1].scope', code: 'duplicate' },
      { name: 'scopes[2].fields[0]', code: 'unknownFieldPath' },
    ]);
  });

  it('does not take inherited object keys for scope names', () => {
    const problems = requestInputProblems(
      input([{ scope: 'identity', fields: ['toString.length'], ...motivation }]),
    );
    expect(problems).toEqual([
      { name: 'scopes[0].fields[0]', code: 'unknownFieldPath', reason: expect.any(String) },
    ]);
  });
});
