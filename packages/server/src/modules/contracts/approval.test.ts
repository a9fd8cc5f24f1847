import { describe, expect, it } from 'vitest';
import { type ApprovalAttempt, contractTextHash, judgeApproval } from './approval';

const v2 = { number: 2, textHash: contractTextHash('Version 2\n') };
const v1 = { number: 1, textHash: contractTextHash('Version 1\n') };

function attempt(overrides: Partial<ApprovalAttempt>): ApprovalAttempt {
  return {
    status: 'drafting',
    latest: v2,
    approval: v2,
    side: 'organisation',
    sidesApprovedLatest: [],
    ...overrides,
  };
}

describe('contractTextHash', () => {
  it('is the sha256 hex of the exact UTF-8 text', () => {
    expect(contractTextHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(contractTextHash('Līgums')).toMatch(/^[0-9a-f]{64}$/);
    expect(contractTextHash('Līgums')).not.toBe(contractTextHash('Līgums\n'));
    // NFC and NFD spell the same word with different bytes: the hash tells them apart.
    expect(contractTextHash('Līgums'.normalize('NFC'))).not.toBe(contractTextHash('Līgums'.normalize('NFD')));
  });
});

describe('judgeApproval', () => {
  it.each([
    ['first side, organisation', attempt({}), { isAccepted: true, isAgreed: false }],
    ['first side, PMLP', attempt({ side: 'pmlp' }), { isAccepted: true, isAgreed: false }],
    [
      'second side agrees',
      attempt({ side: 'pmlp', sidesApprovedLatest: ['organisation'] }),
      { isAccepted: true, isAgreed: true },
    ],
    [
      'organisation after PMLP agrees',
      attempt({ sidesApprovedLatest: ['pmlp'] }),
      { isAccepted: true, isAgreed: true },
    ],
  ])('%s', (_name, input, expected) => {
    expect(judgeApproval(input)).toEqual(expected);
  });

  it.each([
    ['an earlier version', attempt({ approval: v1 }), 'notLatest'],
    ['a version not yet published', attempt({ approval: { number: 3, textHash: v2.textHash } }), 'notLatest'],
    [
      'the latest number with a stale hash',
      attempt({ approval: { number: 2, textHash: v1.textHash } }),
      'staleHash',
    ],
    ['the same side twice', attempt({ sidesApprovedLatest: ['organisation'] }), 'alreadyApproved'],
    ['an agreed contract', attempt({ status: 'agreed' }), 'notDrafting'],
    ['an active contract', attempt({ status: 'active' }), 'notDrafting'],
    ['a terminated contract', attempt({ status: 'terminated' }), 'notDrafting'],
  ])('refuses %s', (_name, input, refusal) => {
    expect(judgeApproval(input)).toMatchObject({ isAccepted: false, refusal });
  });
});
