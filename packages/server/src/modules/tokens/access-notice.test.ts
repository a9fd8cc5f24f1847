import { describe, expect, it } from 'vitest';
import { type AccessNotice, decodeNotice, encodeNotice } from './access-notice';

describe('access notices', () => {
  it.each<AccessNotice>([
    { kind: 'connection', connectionId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
    { kind: 'client', clientId: 'abcdefghijklmnopqrstuvwx' },
    { kind: 'signingKeys' },
  ])('round-trips %o', (notice) => {
    expect(decodeNotice(encodeNotice(notice))).toEqual(notice);
  });

  it.each<[string, string | undefined]>([
    ['nothing', undefined],
    ['not JSON', '{'],
    ['an array', '[]'],
    ['an unknown kind', '{"kind":"tariff"}'],
    ['a connection without id', '{"kind":"connection"}'],
    ['a client id of the wrong type', '{"kind":"client","clientId":5}'],
  ])('ignores %s', (_name, payload) => {
    expect(decodeNotice(payload)).toBeUndefined();
  });
});
