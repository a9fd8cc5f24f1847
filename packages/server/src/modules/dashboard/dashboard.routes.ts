import { Dashboard, DashboardQuery, staffRoles } from '@fpr/contract';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { readDashboard } from './dashboard.service';

const tags = ['Dashboard (PMLP)'];
const security = [{ sessionCookie: [] }];

/** The PMLP console's charts; read-only and for PMLP staff alone. */
export function registerDashboardRoutes(app: FastifyTypebox, ctx: AppContext): void {
  app.get(
    '/api/v1/admin/dashboard',
    {
      schema: {
        tags,
        summary: 'Dashboard figures',
        description:
          'Production queries per day and organisation, state fees per month and service requests by ' +
          'status, counted up to today in Rīga.',
        security,
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
      onRequest: userAuthentication(ctx, staffRoles),
    },
    async (request) => readDashboard(ctx, request.query),
  );
}
