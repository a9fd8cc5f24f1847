import type { AuditEvent } from '@fpr/contract';
import { describe, expect, it } from 'vitest';
import { accessLogCsv, type CsvColumn, csvColumns, csvField } from './access-log-csv';

const headings = Object.fromEntries(csvColumns.map((column) => [column, column])) as Record<
  CsvColumn,
  string
>;

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '1',
    requestId: 'req-1',
    occurredAt: '2026-11-20T10:15:00.000Z',
    organisationId: '00000000-0000-4000-8000-000000000001',
    environment: 'production',
    actor: { kind: 'user', id: 'u-1' },
    endUser: null,
    purposeId: '00000000-0000-4000-8000-000000000002',
    caseReference: 'KYC-1',
    queryType: 'byPersonalCode',
    searchParameters: ['personalCodes'],
    personalCode: '010190-10415',
    fields: ['identity.surname', 'residence.declaredAddress'],
    feeCents: 200,
    chainPosition: '7',
    ...overrides,
  };
}

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['with, comma', '"with, comma"'],
    ['semi;colon', '"semi;colon"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@sum', "'@sum"],
    ['', ''],
    ['Bērziņa', 'Bērziņa'],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('accessLogCsv', () => {
  it('writes a heading row and one CRLF-ended row per record, in the given order', () => {
    const csv = accessLogCsv(
      [event(), event({ id: '2', endUser: 'Anna', caseReference: null, feeCents: 0 })],
      headings,
    );
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(csvColumns.join(','));
    expect(lines[1]).toBe(
      '2026-11-20T10:15:00.000Z,production,user:u-1,,00000000-0000-4000-8000-000000000002,KYC-1,byPersonalCode,personalCodes,010190-10415,identity.surname residence.declaredAddress,200,req-1',
    );
    expect(lines[2]).toContain(',Anna,');
    expect(lines[2]).toMatch(/,,byPersonalCode,/);
    expect(lines[3]).toBe('');
  });

  it('writes only the heading for an empty log', () => {
    expect(accessLogCsv([], headings)).toBe(`${csvColumns.join(',')}\r\n`);
  });
});
