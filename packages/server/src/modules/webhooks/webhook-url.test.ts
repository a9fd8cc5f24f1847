import { describe, expect, it } from 'vitest';
import { isAddressAllowed, webhookUrlProblems } from './webhook-url';

describe('webhook URL rules', () => {
  it.each([
    ['https://hooks.example.lv/fpr', 'production'],
    ['https://91.203.68.10:8443/nudge', 'production'],
    ['https://hooks.example.lv/fpr', 'test'],
    ['http://localhost:3000/nudge', 'test'],
    ['http://127.0.0.1:45123/', 'test'],
    ['http://[::1]:8080/', 'test'],
    ['https://localhost/nudge', 'test'],
  ] as const)('accepts %s in %s', (url, environment) => {
    expect(webhookUrlProblems(url, environment)).toEqual([]);
  });

  it.each([
    ['not a url', 'production', 'malformed'],
    ['/relative/path', 'test', 'malformed'],
    ['http://hooks.example.lv/fpr', 'production', 'scheme'],
    ['http://localhost:3000/nudge', 'production', 'scheme'],
    ['http://hooks.example.lv/fpr', 'test', 'scheme'],
    ['ftp://hooks.example.lv/fpr', 'test', 'scheme'],
    ['https://user:secret@hooks.example.lv/', 'production', 'credentials'],
    ['https://localhost/nudge', 'production', 'address'],
    ['https://127.0.0.1/nudge', 'production', 'address'],
    ['https://10.1.2.3/nudge', 'production', 'address'],
    ['https://192.168.0.5/nudge', 'test', 'address'],
    ['https://169.254.169.254/latest/meta-data', 'production', 'address'],
    ['https://[::ffff:10.0.0.1]/', 'production', 'address'],
    ['https://[fd00::1]/', 'production', 'address'],
    ['https://0.0.0.0/', 'production', 'address'],
    ['https://203.0.113.10/documentation-range', 'production', 'address'],
  ] as const)('refuses %s in %s (%s)', (url, environment, code) => {
    expect(webhookUrlProblems(url, environment)).toEqual([{ name: 'url', code, reason: expect.any(String) }]);
  });

  it.each([
    ['91.203.68.10', 'production', true],
    ['203.0.113.10', 'production', false],
    ['2001:db8::1', 'production', false],
    ['2a00:1450:4001:80b::200e', 'production', true],
    ['127.0.0.1', 'production', false],
    ['127.0.0.1', 'test', true],
    ['::1', 'test', true],
    ['10.0.0.1', 'test', false],
    ['172.16.4.4', 'production', false],
    ['100.64.0.1', 'production', false],
    ['::ffff:127.0.0.1', 'production', false],
    ['not-an-address', 'test', false],
  ] as const)('a resolved address %s is allowed in %s: %s', (address, environment, allowed) => {
    expect(isAddressAllowed(address, environment)).toBe(allowed);
  });
});
