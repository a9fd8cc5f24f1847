import type { PurposeInput } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, purposeIssues, type RequestedAccess, withdrawalIssues } from './purpose-rules';

const requested: RequestedAccess = {
  scopes: [
    { scope: 'identity' },
    { scope: 'residence', fields: ['residence.declaredAddress'] },
    // A bare field name counts as a field of its scope.
    { scope: 'death', fields: ['deathDate'] },
  ],
  channels: ['api'],
  environments: ['test', 'production'],
  wantsMonitoring: false,
};

function purpose(overrides: Partial<PurposeInput> = {}): PurposeInput {
  return {
    legalBasis: 'Law X, art. 5(1)',
    purpose: 'Checking identity of applicants',
    scopes: ['identity'],
    channels: ['api'],
    environments: ['test'],
    monitoring: false,
    validFrom: '2026-01-01',
    ...overrides,
  };
}

function codes(input: PurposeInput, access: RequestedAccess | null = requested) {
  return purposeIssues([input], access).map((issue) => [issue.name, issue.code]);
}

describe('purposeIssues', () => {
  it.each([
    ['a whole requested scope', purpose()],
    ['requested fields', purpose({ scopes: [], fields: ['residence.declaredAddress', 'death.deathDate'] })],
    ['a field of a wholly requested scope', purpose({ scopes: undefined, fields: ['identity.surname'] })],
    ['an open-ended validity', purpose({ validTo: undefined })],
    ['a validity of one day', purpose({ validFrom: '2026-03-01', validTo: '2026-03-01' })],
    ['a covert purpose with its disclosure date', purpose({ covert: true, disclosureDate: '2030-01-01' })],
    ['both environments', purpose({ environments: ['test', 'production'] })],
    [
      'a declared population of a city, a novads and a parish of another',
      purpose({ populationTerritories: ['0001000', '0020000', '0054440'] }),
    ],
  ])('accepts %s', (_name, input) => {
    expect(codes(input)).toEqual([]);
  });

  it.each([
    ['nothing granted', purpose({ scopes: [], fields: [] }), [['purposes[0].scopes', 'required']]],
    [
      'an unknown scope',
      purpose({ scopes: ['identity', 'secrets' as 'identity'] }),
      [['purposes[0].scopes[1]', 'unknownScope']],
    ],
    [
      'a scope twice',
      purpose({ scopes: ['identity', 'identity'] }),
      [['purposes[0].scopes[1]', 'duplicate']],
    ],
    [
      'a scope not requested',
      purpose({ scopes: ['documents'] }),
      [['purposes[0].scopes[0]', 'notRequested']],
    ],
    [
      'a narrowed scope granted whole',
      purpose({ scopes: ['residence'] }),
      [['purposes[0].scopes[0]', 'notRequested']],
    ],
    [
      'an unknown field',
      purpose({ fields: ['identity.shoeSize'] }),
      [['purposes[0].fields[0]', 'unknownFieldPath']],
    ],
    [
      'a field of an unknown scope',
      purpose({ fields: ['secrets.name'] }),
      [['purposes[0].fields[0]', 'unknownFieldPath']],
    ],
    [
      'a path too deep',
      purpose({ scopes: [], fields: ['identity.surname.x'] }),
      [['purposes[0].fields[0]', 'unknownFieldPath']],
    ],
    [
      'a field twice',
      purpose({ scopes: [], fields: ['death.deathDate', 'death.deathDate'] }),
      [['purposes[0].fields[1]', 'duplicate']],
    ],
    [
      'a field of a granted scope',
      purpose({ fields: ['identity.surname'] }),
      [['purposes[0].fields[0]', 'redundant']],
    ],
    [
      'a field not requested',
      purpose({ fields: ['residence.foreignAddress'] }),
      [['purposes[0].fields[0]', 'notRequested']],
    ],
    [
      'a channel not requested',
      purpose({ channels: ['api', 'pdp'] }),
      [['purposes[0].channels[1]', 'notRequested']],
    ],
    ['no channel', purpose({ channels: [] }), [['purposes[0].channels', 'required']]],
    [
      'an unknown environment',
      purpose({ environments: ['staging' as 'test'] }),
      [['purposes[0].environments[0]', 'enum']],
    ],
    [
      'an environment twice',
      purpose({ environments: ['test', 'test'] }),
      [['purposes[0].environments[1]', 'duplicate']],
    ],
    ['monitoring not requested', purpose({ monitoring: true }), [['purposes[0].monitoring', 'notRequested']]],
    ['a blank legal basis', purpose({ legalBasis: '  ' }), [['purposes[0].legalBasis', 'blank']]],
    ['a blank purpose', purpose({ purpose: '\t' }), [['purposes[0].purpose', 'blank']]],
    ['31 April', purpose({ validFrom: '2026-04-31' }), [['purposes[0].validFrom', 'date']]],
    [
      'validity ending before it starts',
      purpose({ validTo: '2025-12-31' }),
      [['purposes[0].validTo', 'dateOrder']],
    ],
    [
      'covert without a disclosure date',
      purpose({ covert: true }),
      [['purposes[0].disclosureDate', 'required']],
    ],
    [
      'a disclosure date without covert',
      purpose({ disclosureDate: '2030-01-01' }),
      [['purposes[0].disclosureDate', 'notCovert']],
    ],
    [
      'disclosure before validity',
      purpose({ covert: true, disclosureDate: '2025-01-01' }),
      [['purposes[0].disclosureDate', 'dateOrder']],
    ],
  ])('refuses %s', (_name, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('lists every problem of every purpose at once', () => {
    const issues = purposeIssues(
      [
        purpose(),
        purpose({
          scopes: ['documents'],
          channels: ['pdp'],
          monitoring: true,
          validTo: '2020-01-01',
          covert: true,
        }),
      ],
      requested,
    );
    expect(issues.map((issue) => issue.name)).toEqual([
      'purposes[1].scopes[0]',
      'purposes[1].channels[0]',
      'purposes[1].monitoring',
      'purposes[1].validTo',
      'purposes[1].disclosureDate',
    ]);
  });

  it('without a request binds only the catalogue (amendments)', () => {
    expect(codes(purpose({ scopes: ['documents'], channels: ['pdp'], monitoring: true }), null)).toEqual([]);
    expect(codes(purpose({ scopes: ['documents', 'secrets' as 'identity'] }), null)).toEqual([
      ['purposes[0].scopes[1]', 'unknownScope'],
    ]);
  });

  it('knows the municipalities of ATVK 2021 and refuses a parish inside one listed whole', () => {
    const territories = ['0008000', '0019000', '0057000', '0000000', '0020000', '0020440', '0056000'];
    expect(codes(purpose({ populationTerritories: territories }))).toEqual([
      ['purposes[0].populationTerritories[0]', 'unknownTerritory'],
      ['purposes[0].populationTerritories[1]', 'unknownTerritory'],
      ['purposes[0].populationTerritories[2]', 'unknownTerritory'],
      ['purposes[0].populationTerritories[3]', 'unknownTerritory'],
      ['purposes[0].populationTerritories[5]', 'covered'],
    ]);
  });

  it('names the parameters under the given path', () => {
    expect(purposeIssues([purpose({ scopes: [] })], null, 'addPurposes')[0]?.name).toBe(
      'addPurposes[0].scopes',
    );
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-1', false],
    ['not a date', false],
  ])('%s → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('withdrawalIssues', () => {
  const purposes = [
    { id: 'a', status: 'active' },
    { id: 'b', status: 'suspended' },
    { id: 'c', status: 'withdrawn' },
  ];
  it.each([
    ['live purposes', ['a', 'b'], []],
    ['a withdrawn one', ['a', 'c'], [['withdrawPurposeIds[1]', 'alreadyWithdrawn']]],
    ['another contract’s', ['x'], [['withdrawPurposeIds[0]', 'unknownPurpose']]],
    ['one twice', ['a', 'a'], [['withdrawPurposeIds[1]', 'duplicate']]],
    [
      'several problems',
      ['x', 'c', 'a'],
      [
        ['withdrawPurposeIds[0]', 'unknownPurpose'],
        ['withdrawPurposeIds[1]', 'alreadyWithdrawn'],
      ],
    ],
  ])('%s', (_name, ids, expected) => {
    expect(withdrawalIssues(ids, purposes).map((issue) => [issue.name, issue.code])).toEqual(expected);
  });
});
