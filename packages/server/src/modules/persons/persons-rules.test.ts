import type { PersonRecord } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { parseFields } from './field-selection';
import { projectPerson } from './projection';
import {
  checkPurposeUsable,
  type PurposeUse,
  refusedFields,
  requiredContextProblems,
  searchParameterNames,
  type UsablePurpose,
} from './purpose-binding';

const purpose: UsablePurpose = {
  id: 'p1',
  organisationId: 'org',
  scopes: ['identity', 'documents'],
  fields: ['residence.declaredAddress'],
  channels: ['api'],
  environments: ['test', 'production'],
  status: 'active',
  contractStatus: 'active',
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  requiresCaseReference: true,
  requiresEndUser: true,
};
const use: PurposeUse = {
  organisationId: 'org',
  environment: 'production',
  channel: 'api',
  today: '2026-06-01',
};

describe('parseFields', () => {
  it('expands scopes, keeps single fields, and names each unknown entry by index', () => {
    const parsed = parseFields([
      'identity',
      'residence.declaredAddress',
      'nonsense',
      'birth.shoeSize',
      'identity.sex',
    ]);
    expect(parsed.invalidParams.map((param) => [param.name, param.code])).toEqual([
      ['fields[2]', 'unknownScope'],
      ['fields[3]', 'unknownField'],
    ]);
    expect(parsed.selection.get('identity')).toBe('all');
    expect(parsed.paths).toContain('identity.previousPersonalCodes');
    expect(parsed.paths).toContain('residence.declaredAddress');
    expect(parsed.paths).not.toContain('residence.foreignAddress');
  });

  it('answers a valid list it has read before with the same reading, and reads an invalid one afresh', () => {
    const first = parseFields(['identity', 'residence.declaredAddress']);
    expect(parseFields(['identity', 'residence.declaredAddress'])).toBe(first);
    expect(parseFields(['residence.declaredAddress', 'identity'])).not.toBe(first);
    expect(parseFields(['identity', 'nonsense'])).not.toBe(parseFields(['identity', 'nonsense']));
  });
});

describe('refusedFields', () => {
  it.each<[string[], string[]]>([
    [['identity', 'documents.documents'], []],
    [['residence.declaredAddress'], []],
    [['residence'], ['residence']],
    [
      ['residence.foreignAddress', 'death', 'identity.sex'],
      ['death', 'residence.foreignAddress'],
    ],
  ])('%j → %j', (requested, refused) => {
    expect(refusedFields(purpose, requested)).toEqual(refused);
  });
});

describe('checkPurposeUsable', () => {
  it.each<[string, Partial<UsablePurpose>, Partial<PurposeUse>]>([
    ['another organisation’s', { organisationId: 'other' }, {}],
    ['suspended', { status: 'suspended' }, {}],
    ['under a terminated contract', { contractStatus: 'terminated' }, {}],
    ['not valid yet', { validFrom: '2026-07-01' }, {}],
    ['expired', { validTo: '2026-05-31' }, {}],
    ['for another channel', {}, { channel: 'pdp' }],
    ['for another environment', { environments: ['test'] }, {}],
  ])('refuses a purpose %s', (_name, change, useChange) => {
    expect(() => checkPurposeUsable({ ...purpose, ...change }, { ...use, ...useChange })).toThrow(
      expect.objectContaining({ code: 'purposeNotPermitted' }),
    );
  });

  it('admits a usable purpose on its first and last day', () => {
    expect(checkPurposeUsable(purpose, { ...use, today: '2026-01-01' })).toBe(purpose);
    expect(checkPurposeUsable(purpose, { ...use, today: '2026-12-31' })).toBe(purpose);
  });
});

describe('required context', () => {
  it('asks for the case reference and, for system calls, the end user', () => {
    expect(requiredContextProblems(purpose, { channel: 'api' }).map((param) => param.name)).toEqual([
      'caseReference',
      'X-End-User',
    ]);
    expect(requiredContextProblems(purpose, { channel: 'pdp', caseReference: 'K-1' })).toEqual([]);
  });
});

describe('searchParameterNames', () => {
  it('names only the parameters used, never their values', () => {
    expect(
      searchParameterNames({
        type: 'byNameAndBirthDate',
        purposeId: 'p',
        fields: ['identity'],
        surname: 'Bērziņš',
        birthDate: '1990-01-01',
      }),
    ).toEqual(['surname', 'birthDate']);
  });
});

describe('projectPerson', () => {
  it('delivers code, status and version, and only the selected fields', () => {
    const record = {
      identity: { personalCode: '010190-10415', givenNames: 'Jānis', surname: 'Bērziņš', sex: 'M' },
      residence: {
        declaredAddress: { addressCode: '100000001' },
        additionalAddresses: [],
        foreignAddress: null,
      },
      death: { deathDate: null },
    } as unknown as PersonRecord;
    const { selection } = parseFields(['identity.surname', 'residence.declaredAddress']);
    expect(
      projectPerson({ personalCode: '010190-10415', status: 'active', version: 3, record }, selection),
    ).toEqual({
      personalCode: '010190-10415',
      status: 'active',
      version: 3,
      identity: { surname: 'Bērziņš' },
      residence: { declaredAddress: { addressCode: '100000001' } },
    });
  });
});
