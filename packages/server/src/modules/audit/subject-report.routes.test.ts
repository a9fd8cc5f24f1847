import type { SubjectReport } from '@fpr/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type TestOrganisation, userWithSession } from '../../../test/access-fixtures';
import { readProblem, startTestApp, type TestApp } from '../../../test/app';
import {
  auditRecord,
  createPerson,
  createPurpose,
  type TestPerson,
  type TestPurpose,
} from '../../../test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { insertAuditEvents } from './audit.repository';
import { renderSubjectReportPdf } from './subject-report-pdf';

let testDb: TestDatabase;
let server: TestApp;
let clock = new Date('2026-11-27T10:00:00Z');
let bank: TestOrganisation;
let service: TestOrganisation;
let bankPurpose: TestPurpose;
let covertPurpose: TestPurpose;
let subject: TestPerson;

beforeAll(async () => {
  testDb = await createTestDatabase();
  server = await startTestApp({ db: testDb.db, now: () => clock });
  const { db } = testDb;
  bank = await createOrganisation(db, { name: 'AS Šķēršļu Banka' });
  service = await createOrganisation(db, { name: 'Valsts drošības dienests', legalForm: 'publicLaw' });
  bankPurpose = await createPurpose(db, {
    organisationId: bank.id,
    legalBasis: 'Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likums, 11. pants',
    purpose: 'Klienta izpēte',
  });
  covertPurpose = await createPurpose(db, {
    organisationId: service.id,
    legalBasis: 'Operatīvās darbības likums, 7. pants',
    purpose: 'Operatīvā izstrāde',
    covertUntil: '2027-03-01',
  });
  subject = await createPerson(db, { personalCode: '325260-18157', previousPersonalCode: '150775-11784' });
  const testTwin = await createPerson(db, { environment: 'test', personalCode: '325260-18157' });
  await insertAuditEvents(db, [
    auditRecord(bankPurpose, subject, {
      occurredAt: new Date('2026-11-02T08:15:00Z'),
      fields: ['identity.givenNames', 'identity.surname', 'residence.declaredAddress'],
    }),
    auditRecord(covertPurpose, subject, {
      occurredAt: new Date('2026-11-10T12:00:00Z'),
      fields: ['residence'],
    }),
    auditRecord(bankPurpose, subject, { occurredAt: new Date('2026-11-20T09:45:00Z') }),
    auditRecord(bankPurpose, testTwin, { occurredAt: new Date('2026-11-21T09:45:00Z') }),
  ]);
});
afterAll(async () => {
  await server.close();
  await testDb.drop();
});

async function post(path: string, body: unknown, options: { accept?: string } = {}) {
  const reviewer = await userWithSession(testDb.db, { role: 'reviewer', now: clock });
  return fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: reviewer.session.headers(options.accept ? { accept: options.accept } : {}),
    body: JSON.stringify(body),
  });
}

async function report(body: unknown): Promise<SubjectReport> {
  const response = await post('/api/v1/admin/audit/subject-report', body);
  expect(response.status).toBe(200);
  return (await response.json()) as SubjectReport;
}

const bankDelivery = (occurredAt: string, fields: string[]) => ({
  occurredAt,
  organisation: { name: 'AS Šķēršļu Banka', registrationNumber: bank.registrationNumber },
  fields,
  purpose: {
    legalBasis: 'Noziedzīgi iegūtu līdzekļu legalizācijas novēršanas likums, 11. pants',
    purpose: 'Klienta izpēte',
  },
});

describe('the data-subject report', () => {
  it('lists who received the person’s data, hiding a covert purpose before its disclosure date', async () => {
    clock = new Date('2026-11-27T10:00:00Z');
    expect(await report({ personalCode: '32526018157' })).toEqual({
      personalCode: '325260-18157',
      environment: 'production',
      generatedAt: '2026-11-27T10:00:00.000Z',
      deliveries: [
        bankDelivery('2026-11-20T09:45:00.000Z', ['identity.givenNames', 'identity.surname']),
        bankDelivery('2026-11-02T08:15:00.000Z', [
          'identity.givenNames',
          'identity.surname',
          'residence.declaredAddress',
        ]),
      ],
      isTruncated: false,
    });
  });

  it('keeps the covert delivery hidden until the disclosure day begins in Rīga, then shows it', async () => {
    // 21:30 UTC on 28 February is still 28 February in Rīga (23:30).
    clock = new Date('2027-02-28T21:30:00Z');
    const before = await report({ personalCode: '150775-11784' });
    expect(before.deliveries).toHaveLength(2);
    expect(JSON.stringify(before)).not.toContain('Valsts drošības dienests');
    expect(JSON.stringify(before)).not.toContain('Operatīv');

    // 22:30 UTC on 28 February is already 1 March, the disclosure date, in Rīga.
    clock = new Date('2027-02-28T22:30:00Z');
    const after = await report({ personalCode: '150775-11784' });
    expect(after.deliveries).toEqual([
      bankDelivery('2026-11-20T09:45:00.000Z', ['identity.givenNames', 'identity.surname']),
      {
        occurredAt: '2026-11-10T12:00:00.000Z',
        organisation: { name: 'Valsts drošības dienests', registrationNumber: service.registrationNumber },
        fields: ['residence'],
        purpose: { legalBasis: 'Operatīvās darbības likums, 7. pants', purpose: 'Operatīvā izstrāde' },
      },
      bankDelivery('2026-11-02T08:15:00.000Z', [
        'identity.givenNames',
        'identity.surname',
        'residence.declaredAddress',
      ]),
    ]);
    clock = new Date('2026-11-27T10:00:00Z');
  });

  it('reports one environment at a time, and nothing for a code nobody holds', async () => {
    const test = await report({ personalCode: '325260-18157', environment: 'test' });
    expect(test.deliveries.map((delivery) => delivery.occurredAt)).toEqual(['2026-11-21T09:45:00.000Z']);
    expect((await report({ personalCode: '010190-10415' })).deliveries).toEqual([]);
  });

  it('lists every invalid parameter at once, and never echoes the code', async () => {
    const schema = await readProblem(
      await post('/api/v1/admin/audit/subject-report', { environment: 'staging', extra: 1 }),
    );
    expect(schema.invalidParams?.map((param) => [param.name, param.code]).sort()).toEqual([
      ['environment', 'enum'],
      ['extra', 'unknownField'],
      ['personalCode', 'required'],
    ]);
    const invalidCodes: Array<[string, string]> = [
      ['010190-10416', 'checksum'],
      ['310290-10415', 'date'],
      ['010190-30415', 'century'],
    ];
    for (const [personalCode, code] of invalidCodes) {
      const response = await post('/api/v1/admin/audit/subject-report', { personalCode });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(text).not.toContain(personalCode.slice(0, 6));
      expect(JSON.parse(text).invalidParams).toEqual([
        { name: 'personalCode', code, reason: expect.any(String) },
      ]);
    }
    expect((await post('/api/v1/admin/audit/subject-report', { personalCode: '<script>' })).status).toBe(400);
  });

  it('is for administrators and reviewers only', async () => {
    for (const role of ['accountant', 'registrar'] as const) {
      const user = await userWithSession(testDb.db, { role, now: clock });
      const response = await fetch(`${server.baseUrl}/api/v1/admin/audit/subject-report`, {
        method: 'POST',
        headers: user.session.headers(),
        body: JSON.stringify({ personalCode: '325260-18157' }),
      });
      expect((await readProblem(response)).code).toBe('forbidden');
    }
  });
});

describe('the data-subject report as PDF', () => {
  it('answers a PDF with the DejaVu font embedded for Latvian letters', async () => {
    const response = await post(
      '/api/v1/admin/audit/subject-report.pdf',
      { personalCode: '325260-18157' },
      { accept: 'application/pdf' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf.length).toBeGreaterThan(5_000);
  });

  it('refuses a client that takes neither PDF nor JSON, and answers bad input as a problem', async () => {
    const refused = await post(
      '/api/v1/admin/audit/subject-report.pdf',
      { personalCode: '325260-18157' },
      { accept: 'text/html' },
    );
    expect((await readProblem(refused)).code).toBe('notAcceptable');
    const invalid = await post(
      '/api/v1/admin/audit/subject-report.pdf',
      { personalCode: '010190-10416' },
      { accept: 'application/pdf' },
    );
    expect((await readProblem(invalid)).invalidParams?.map((param) => param.code)).toEqual(['checksum']);
  });

  it('renders many deliveries with diacritics onto numbered pages', async () => {
    const deliveries = Array.from({ length: 90 }, (_, index) => ({
      occurredAt: new Date(Date.UTC(2026, 10, 1, 8, index)).toISOString(),
      organisation: { name: `SIA Ģēģeļu Ķīļu Ņūņas Žņaudzēji ${index}`, registrationNumber: '40003245752' },
      fields: ['identity.givenNames', 'identity.surname', 'residence.declaredAddress', 'civilStatus'],
      purpose: {
        legalBasis: 'Likums „Par ūdeņiem”, 5. pants',
        purpose: 'Čūsku ķeršana un ēģiptiešu ūdeņu aizsardzība',
      },
    }));
    const pdf = await renderSubjectReportPdf({
      personalCode: '325260-18157',
      environment: 'production',
      generatedAt: '2026-11-27T10:00:00.000Z',
      deliveries,
      isTruncated: true,
    });
    const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThan(3);
    const empty = await renderSubjectReportPdf({
      personalCode: '325260-18157',
      environment: 'test',
      generatedAt: '2026-11-27T10:00:00.000Z',
      deliveries: [],
      isTruncated: false,
    });
    expect(empty.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });
});
