import { describe, expect, it } from 'vitest';
import { isSameMark, type MarkObservation, nextSealedMark, type SealedMark } from './sealed-mark';

const complete = { isComplete: true, lastId: null };
const seen = (drawnBelowId: string, writers: string[] = []): MarkObservation => ({ drawnBelowId, writers });
const mark = (sealedBelowId: string, pending: MarkObservation | null = null): SealedMark => ({
  sealedBelowId,
  pending,
});

describe('nextSealedMark', () => {
  it.each([
    {
      case: 'nobody writing: every id drawn is settled',
      before: mark('10'),
      now: seen('25'),
      batch: complete,
      after: mark('25'),
    },
    {
      case: 'writers running, nothing observed before: only an observation is kept',
      before: mark('10'),
      now: seen('25', ['3/7', '4/9']),
      batch: complete,
      after: mark('10', seen('25', ['3/7', '4/9'])),
    },
    {
      case: 'a writer of the observation still running: the observation waits',
      before: mark('10', seen('25', ['3/7', '4/9'])),
      now: seen('40', ['4/9', '5/2']),
      batch: complete,
      after: mark('10', seen('25', ['3/7', '4/9'])),
    },
    {
      case: 'the observation’s writers ended: the mark reaches it, the new observation waits',
      before: mark('10', seen('25', ['3/7', '4/9'])),
      now: seen('40', ['4/10', '5/2']),
      batch: complete,
      after: mark('25', seen('40', ['4/10', '5/2'])),
    },
    {
      case: 'a full batch: the mark stops after the last record linked',
      before: mark('10'),
      now: seen('5000'),
      batch: { isComplete: false, lastId: '2009' },
      after: mark('2010', seen('5000')),
    },
    {
      case: 'an observation with no writers is settled at the next sealing',
      before: mark('2010', seen('5000')),
      now: seen('5100', ['1/1']),
      batch: complete,
      after: mark('5000', seen('5100', ['1/1'])),
    },
    {
      case: 'the mark never moves back',
      before: mark('30', seen('25', ['3/7'])),
      now: seen('40', ['9/9']),
      batch: { isComplete: false, lastId: '12' },
      after: mark('30', seen('40', ['9/9'])),
    },
  ])('$case', ({ before, now, batch, after }) => {
    expect(nextSealedMark(before, now, batch)).toEqual(after);
  });
});

describe('isSameMark', () => {
  it('compares the mark and the waiting observation', () => {
    expect(isSameMark(mark('5', seen('9', ['1/2'])), mark('5', seen('9', ['1/2'])))).toBe(true);
    expect(isSameMark(mark('5'), mark('5'))).toBe(true);
    expect(isSameMark(mark('5'), mark('6'))).toBe(false);
    expect(isSameMark(mark('5', seen('9', ['1/2'])), mark('5'))).toBe(false);
    expect(isSameMark(mark('5', seen('9', ['1/2'])), mark('5', seen('9', ['1/3'])))).toBe(false);
  });
});
