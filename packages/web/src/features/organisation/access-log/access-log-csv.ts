import type { AuditEvent } from '@fpr/contract';

/** The columns of the export, in order; headings come translated from the screen. */
export const csvColumns = [
  'occurredAt',
  'environment',
  'actor',
  'endUser',
  'purposeId',
  'caseReference',
  'queryType',
  'searchParameters',
  'personalCode',
  'fields',
  'feeCents',
  'requestId',
] as const;
export type CsvColumn = (typeof csvColumns)[number];

function cellsOf(event: AuditEvent): Record<CsvColumn, string> {
  return {
    occurredAt: event.occurredAt,
    environment: event.environment,
    actor: `${event.actor.kind}:${event.actor.id}`,
    endUser: event.endUser ?? '',
    purposeId: event.purposeId,
    caseReference: event.caseReference ?? '',
    queryType: event.queryType,
    searchParameters: event.searchParameters.join(' '),
    personalCode: event.personalCode,
    fields: event.fields.join(' '),
    feeCents: String(event.feeCents),
    requestId: event.requestId,
  };
}

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (= + - @, tab, carriage
 * return first) is prefixed with an apostrophe: a case reference or end-user name comes from the
 * requester's own staff and must not become a live formula on another's machine.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The access log as CSV: a heading row, then one row per delivered person, lines ending CRLF. */
export function accessLogCsv(events: readonly AuditEvent[], headings: Record<CsvColumn, string>): string {
  const lines = [csvColumns.map((column) => csvField(headings[column]))];
  for (const event of events) {
    const cells = cellsOf(event);
    lines.push(csvColumns.map((column) => csvField(cells[column])));
  }
  return `${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}
