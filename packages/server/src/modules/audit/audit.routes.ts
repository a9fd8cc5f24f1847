import {
  AuditEventPage,
  AuditSearchRequest,
  MisuseSignalList,
  MisuseSignalQuery,
  misuseSignalMaxDays,
  OrganisationAuditQuery,
  SubjectReport,
  SubjectReportRequest,
} from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { userOf } from '../identity/caller';
import {
  buildSubjectReport,
  readMisuseSignals,
  readOrganisationAuditLog,
  readOwnLookups,
  searchAuditLog,
} from './audit.service';
import { renderSubjectReportPdf } from './subject-report-pdf';

const security = [{ sessionCookie: [] }];
const pmlpTags = ['Audit (PMLP)'];
const pmlpRoles = ['administrator', 'reviewer'] as const;

const pdfResponse = {
  description: 'The report as a PDF (A4, Latvian)',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
};

/**
 * The access log: an organisation reads its own, PMLP searches all of it, and a data subject's
 * report says who received the person's data. Personal codes travel only in POST bodies.
 */
export function registerAuditRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get(
    '/api/v1/org/audit',
    {
      schema: {
        tags: ['Organisation'],
        summary: 'My organisation’s access log',
        description:
          'One record per person delivered to the organisation (API §4), newest first, paged with `cursor`. ' +
          '`from` and `to` are Rīga calendar days, inclusive.',
        security,
        querystring: OrganisationAuditQuery,
        response: { 200: AuditEventPage },
      },
      onRequest: userAuthentication(ctx, ['contactPerson']),
    },
    async (request) => readOrganisationAuditLog(ctx, userOf(request), request.query),
  );
  app.get(
    '/api/v1/me/lookups',
    {
      schema: {
        tags: ['Me'],
        summary: 'My own lookups',
        description:
          'The persons delivered to the logged-in PDP user, as the access log recorded them, newest first, ' +
          'paged with `cursor`. `from` and `to` are Rīga calendar days, inclusive.',
        security,
        querystring: OrganisationAuditQuery,
        response: { 200: AuditEventPage },
      },
      onRequest: userAuthentication(ctx, ['pdpUser']),
    },
    async (request) => readOwnLookups(ctx, userOf(request), request.query),
  );
  app.post(
    '/api/v1/admin/audit/search',
    {
      schema: {
        tags: pmlpTags,
        summary: 'Search the access log',
        description:
          'By person (a current or previous personal code, in the body), organisation, purpose, environment ' +
          'and Rīga days; newest first, paged with `cursor`. Covert purposes included: this is PMLP’s view.',
        security,
        body: AuditSearchRequest,
        response: { 200: AuditEventPage },
      },
      onRequest: userAuthentication(ctx, pmlpRoles),
    },
    async (request) => searchAuditLog(ctx, request.body),
  );
  app.get(
    '/api/v1/admin/audit/signals',
    {
      schema: {
        tags: pmlpTags,
        summary: 'Misuse signals',
        description:
          'Where the access log suggests looking (THREATS: staff browsing without a case): `volumeSpike` — a ' +
          'client or user received at least 50 persons in a Rīga day and at least three times its own average ' +
          'of the 28 days before; `afterHoursBulk` — a PDP user received at least 20 persons outside 07:00–20:00 ' +
          'Rīga time or on a day that is not a working day; `outsidePopulation` — a client or user received at ' +
          'least 10 persons in a day under a purpose with a declared population (ATVK territories) who are ' +
          'declared outside it. Monitoring feed deliveries do not count. ' +
          `\`from\`..\`to\` spans at most ${misuseSignalMaxDays} days (default the week up to today).`,
        security,
        querystring: MisuseSignalQuery,
        response: { 200: MisuseSignalList },
      },
      onRequest: userAuthentication(ctx, pmlpRoles),
    },
    async (request) => readMisuseSignals(ctx, request.query),
  );
  app.post(
    '/api/v1/admin/audit/subject-report',
    {
      schema: {
        tags: pmlpTags,
        summary: 'Data-subject report',
        description:
          'Who received the person’s data, when, which fields and for which purpose (legal basis and purpose ' +
          'text); deliveries under a covert purpose are left out until its disclosure date.',
        security,
        body: SubjectReportRequest,
        response: { 200: SubjectReport },
      },
      onRequest: userAuthentication(ctx, pmlpRoles),
    },
    async (request) => buildSubjectReport(ctx, request.body),
  );
  app.post(
    '/api/v1/admin/audit/subject-report.pdf',
    {
      schema: {
        tags: pmlpTags,
        summary: 'Data-subject report as PDF',
        description: 'The same report as `subject-report`, printed in Latvian for the data subject.',
        security,
        body: SubjectReportRequest,
        response: { 200: pdfResponse },
      },
      config: { produces: ['application/pdf'] },
      onRequest: userAuthentication(ctx, pmlpRoles),
    },
    async (request, reply) => {
      const pdf = await renderSubjectReportPdf(await buildSubjectReport(ctx, request.body));
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="subject-report.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
