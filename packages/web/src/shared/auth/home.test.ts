import { userRoles } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { areaOf, homeOf } from './home';

describe('areaOf and homeOf', () => {
  it.each([
    ['pdpUser', 'pdp', '/pdp'],
    ['contactPerson', 'organisation', '/organisation/users'],
  ] as const)('sends a %s to the %s area', (role, area, home) => {
    expect(areaOf({ role })).toBe(area);
    expect(homeOf({ role })).toBe(home);
  });

  it('keeps every PMLP role in the console, and every home inside its own area', () => {
    for (const role of userRoles) {
      const area = areaOf({ role });
      if (role !== 'pdpUser' && role !== 'contactPerson') expect(area).toBe('console');
      expect(homeOf({ role }).startsWith(`/${area}`)).toBe(true);
    }
  });
});
