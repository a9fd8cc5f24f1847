import { type Dashboard, type DashboardQuery, dashboardLimits, type RequestStatus } from '@fpr/contract';
import type { Db } from '../../db/database';
import { rigaDate } from '../calendar/working-days';
import { countDailyQueries, countRequestsByStatus, sumMonthlyFees } from './dashboard.repository';
import { dashboardRange } from './dashboard-range';

export interface DashboardContext {
  db: Db;
  now: () => Date;
}

/** The console's figures, read in one snapshot so the three charts agree with each other. */
export async function readDashboard(ctx: DashboardContext, query: DashboardQuery): Promise<Dashboard> {
  const range = dashboardRange(
    rigaDate(ctx.now()),
    query.days ?? dashboardLimits.days.default,
    query.months ?? dashboardLimits.months.default,
  );
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const [daily, fees, statuses] = await Promise.all([
        countDailyQueries(trx, range.fromDay, range.toDay),
        sumMonthlyFees(trx, range.fromMonthDay),
        countRequestsByStatus(trx),
      ]);
      const feeByMonth = new Map(fees.map((row) => [row.month, Number(row.feeCents)]));
      return {
        from: range.fromDay,
        to: range.toDay,
        queriesPerDay: daily.map((row) => ({
          day: row.day,
          organisationId: row.organisationId,
          organisationName: row.organisationName,
          queries: Number(row.queries),
          persons: Number(row.persons),
        })),
        feesPerMonth: range.months.map((month) => ({ month, feeCents: feeByMonth.get(month) ?? 0 })),
        requestsByStatus: statuses.map((row) => ({
          status: row.status as RequestStatus,
          count: Number(row.count),
        })),
      };
    });
}
