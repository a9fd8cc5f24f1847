import { describe, expect, it } from 'vitest';
import { isIdle } from './idle';

describe('isIdle', () => {
  const lastActivityAt = Date.parse('2026-11-27T10:00:00Z');
  const session = { idleTimeoutSeconds: 30 * 60, lastActivityAt };

  it.each([
    ['just after a call', 0, false],
    ['29 min 59 s later', 30 * 60 * 1000 - 1000, false],
    ['exactly 30 min later', 30 * 60 * 1000, true],
    ['an hour later', 60 * 60 * 1000, true],
  ])('%s → %s', (_label, elapsed, expected) => {
    expect(isIdle(session, lastActivityAt + elapsed)).toBe(expected);
  });
});
