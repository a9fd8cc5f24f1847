import type { ServiceRequestDetail } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { purposesOf } from './purposes-of';

const request = {
  scopes: [
    { scope: 'identity', legalBasis: 'Likums, 5. pants', purpose: 'Klientu identificēšana' },
    {
      scope: 'residence',
      fields: ['residence.declaredAddress'],
      legalBasis: 'Likums, 6. pants',
      purpose: 'Vēstuļu sūtīšana',
    },
  ],
  channels: ['api'],
  environments: ['test', 'production'],
  wantsMonitoring: true,
} as unknown as ServiceRequestDetail;

describe('purposesOf', () => {
  it('proposes one purpose per requested scope, whole or narrowed to its fields, as the request asked', () => {
    expect(purposesOf(request, '2026-11-27')).toEqual([
      {
        legalBasis: 'Likums, 5. pants',
        purpose: 'Klientu identificēšana',
        scopes: ['identity'],
        channels: ['api'],
        environments: ['test', 'production'],
        monitoring: true,
        validFrom: '2026-11-27',
        requiresCaseReference: false,
      },
      {
        legalBasis: 'Likums, 6. pants',
        purpose: 'Vēstuļu sūtīšana',
        fields: ['residence.declaredAddress'],
        channels: ['api'],
        environments: ['test', 'production'],
        monitoring: true,
        validFrom: '2026-11-27',
        requiresCaseReference: false,
      },
    ]);
  });
});
