import { PersonalCodeString, Reason, SubjectReport } from '@fpr/contract';
import { Type } from 'typebox';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { callerOf, userOf } from '../identity/caller';
import { clientAuthentication } from '../tokens/client-authentication';
import { changeSubjectReportAccess, reportForPortal } from './subject-portal.service';

const PortalReportRequest = Type.Object(
  {
    personalCode: Type.String({
      ...PersonalCodeString,
      description: 'The data subject the portal has authenticated',
    }),
  },
  { additionalProperties: false },
);

const SubjectReportAccessRequest = Type.Object(
  { enabled: Type.Boolean(), reason: Reason },
  { additionalProperties: false, description: 'Grants or withdraws the right to read data-subject reports' },
);

const SubjectReportAccess = Type.Object({ clientId: Type.String(), mayReadSubjectReports: Type.Boolean() });

/** The citizen-portal integration: a dedicated system client reads data-subject reports. */
export function registerSubjectPortalRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.post(
    '/api/v1/subject/report',
    {
      schema: {
        tags: ['Data subject'],
        summary: 'Data-subject report for a citizen portal',
        description:
          'Who received the person’s data, when, which fields and for which purpose, in the client’s ' +
          'environment; covert purposes stay hidden until their disclosure date. Only for a client PMLP ' +
          'has granted the right.',
        security: [{ bearerAuth: [] }],
        body: PortalReportRequest,
        response: { 200: SubjectReport },
      },
      onRequest: clientAuthentication(ctx),
    },
    async (request) => {
      const caller = callerOf(request);
      // clientAuthentication admits only system clients.
      if (caller.kind !== 'client') throw new Error('a bearer route reached without a client');
      return reportForPortal(ctx, caller, request.body);
    },
  );
  app.put(
    '/api/v1/admin/clients/:clientId/subject-report-access',
    {
      schema: {
        tags: ['System clients (PMLP)'],
        summary: 'Let a client read data-subject reports',
        description: 'For the citizen portal’s dedicated client; recorded with who, when and why.',
        params: Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: SubjectReportAccessRequest,
        response: { 200: SubjectReportAccess },
      },
      onRequest: userAuthentication(ctx, ['administrator']),
    },
    async (request) => changeSubjectReportAccess(ctx, userOf(request), request.params.clientId, request.body),
  );
}
