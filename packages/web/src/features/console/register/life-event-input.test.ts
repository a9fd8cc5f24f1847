import { describe, expect, it } from 'vitest';
import { lifeEventOf } from './life-event-input';

const base = {
  environment: 'production' as const,
  personalCode: '329997-54517',
  effectiveDate: '2026-11-27',
};

describe('lifeEventOf', () => {
  it('builds a declared address from the form fields', () => {
    expect(
      lifeEventOf('addressDeclared', base, {
        addressCode: '100000002',
        addressText: 'Elizabetes iela 2, Rīga',
        postcode: 'LV-1010',
        atvk: '0001000',
      }),
    ).toEqual({
      type: 'addressDeclared',
      ...base,
      address: {
        addressCode: '100000002',
        text: 'Elizabetes iela 2, Rīga',
        postcode: 'LV-1010',
        atvk: '0001000',
      },
    });
  });

  it('leaves out optional fields left empty', () => {
    expect(lifeEventOf('nameChanged', base, { givenNames: '', surname: 'Ozola', reason: 'Laulība' })).toEqual(
      {
        type: 'nameChanged',
        ...base,
        surname: 'Ozola',
        reason: 'Laulība',
      },
    );
    expect(lifeEventOf('died', base, { deathPlace: '' })).toEqual({ type: 'died', ...base });
  });

  it('names the document issued', () => {
    expect(
      lifeEventOf('documentIssued', base, {
        documentType: 'id-card',
        documentNumber: 'PA1234567',
        validUntil: '2031-11-27',
        issuer: 'PMLP',
      }),
    ).toEqual({
      type: 'documentIssued',
      ...base,
      document: { type: 'id-card', number: 'PA1234567', validUntil: '2031-11-27', issuer: 'PMLP' },
    });
  });
});
