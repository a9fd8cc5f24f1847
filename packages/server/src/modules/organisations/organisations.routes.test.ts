import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, uniqueRegistrationNumber, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../test/database';

let testDb: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db });
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('organisations', () => {
  it('registers an organisation with a valid registration number and records who did it', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const registrationNumber = uniqueRegistrationNumber('9000');
    const response = await call('POST', '/api/v1/admin/organisations', admin.session.headers(), {
      name: 'Rīgas pašvaldība',
      registrationNumber,
      legalForm: 'publicLaw',
      feeExemptionReason: 'Public institution cooperating free of charge',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; feeExempt: boolean };
    expect(body.feeExempt).toBe(true);
    const events = await testDb.db
      .selectFrom('organisationEvent')
      .select(['action', 'actorUserId'])
      .where('organisationId', '=', body.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { action: 'registered', actorUserId: admin.id },
      { action: 'feeExemptionGranted', actorUserId: admin.id },
    ]);
    const duplicate = await call('POST', '/api/v1/admin/organisations', admin.session.headers(), {
      name: 'Copy',
      registrationNumber,
      legalForm: 'publicLaw',
    });
    expect((await readProblem(duplicate)).code).toBe('conflict');
  });

  it('refuses a wrong check digit and lists every invalid parameter', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const valid = uniqueRegistrationNumber();
    const wrongCheckDigit = `${valid.slice(0, 10)}${(Number(valid[10]) + 1) % 10}`;
    const checksum = await readProblem(
      await call('POST', '/api/v1/admin/organisations', admin.session.headers(), {
        name: 'X',
        registrationNumber: wrongCheckDigit,
        legalForm: 'privateLaw',
      }),
    );
    expect(checksum.invalidParams).toEqual([
      { name: 'registrationNumber', code: 'checksum', reason: expect.any(String) },
    ]);
    const several = await readProblem(
      await call('POST', '/api/v1/admin/organisations', admin.session.headers(), {
        name: '',
        legalForm: 'company',
        size: 3,
      }),
    );
    expect(several.invalidParams?.map((param) => param.name).sort()).toEqual([
      'legalForm',
      'name',
      'registrationNumber',
      'size',
    ]);
  });

  it('grants and ends a fee exemption with a reason, and keeps the history', async () => {
    const admin = await userWithSession(testDb.db, { role: 'administrator' });
    const organisation = await createOrganisation(testDb.db);
    const path = `/api/v1/admin/organisations/${organisation.id}/fee-exemption`;
    const granted = await call('PUT', path, admin.session.headers(), {
      feeExempt: true,
      reason: 'Regulation No 1 § 4',
    });
    expect(((await granted.json()) as { feeExempt: boolean }).feeExempt).toBe(true);
    const ended = await call('PUT', path, admin.session.headers(), {
      feeExempt: false,
      reason: 'Regulation repealed',
    });
    expect(((await ended.json()) as { feeExemptionReason: null }).feeExemptionReason).toBeNull();
    const history = await testDb.db
      .selectFrom('organisationEvent')
      .select(['action', 'reason'])
      .where('organisationId', '=', organisation.id)
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { action: 'feeExemptionGranted', reason: 'Regulation No 1 § 4' },
      { action: 'feeExemptionEnded', reason: 'Regulation repealed' },
    ]);
    const reviewer = await userWithSession(testDb.db, { role: 'reviewer' });
    expect(
      (await call('PUT', path, reviewer.session.headers(), { feeExempt: true, reason: 'mine' })).status,
    ).toBe(403);
  });

  it('shows an organisation its own record only', async () => {
    const [ours, theirs] = [await createOrganisation(testDb.db), await createOrganisation(testDb.db)];
    const contact = await userWithSession(testDb.db, { role: 'contactPerson', organisationId: ours.id });
    const own = (await (await call('GET', '/api/v1/org/organisation', contact.session.headers())).json()) as {
      id: string;
    };
    expect(own.id).toBe(ours.id);
    expect(own.id).not.toBe(theirs.id);
    expect(
      (await call('GET', `/api/v1/admin/organisations/${theirs.id}`, contact.session.headers())).status,
    ).toBe(403);
    const staff = await userWithSession(testDb.db, { role: 'reviewer' });
    expect((await call('GET', '/api/v1/org/organisation', staff.session.headers())).status).toBe(403);
  });
});
