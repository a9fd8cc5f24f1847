import { type Static, Type } from 'typebox';
import { DateString } from '../common';
import { RequestStatusSchema } from '../lifecycle/requests';

/** How far back the console's charts reach by default and at most. */
export const dashboardLimits = {
  days: { default: 30, maximum: 366 },
  months: { default: 12, maximum: 36 },
} as const;

export const DashboardQuery = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: dashboardLimits.days.maximum,
        default: dashboardLimits.days.default,
        description: 'Queries per day over this many days up to today (Rīga time)',
      }),
    ),
    months: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: dashboardLimits.months.maximum,
        default: dashboardLimits.months.default,
        description: 'Fees per month over this many calendar months up to this one',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

export const DailyQueries = Type.Object({
  day: DateString,
  organisationId: Type.String({ format: 'uuid' }),
  organisationName: Type.String(),
  queries: Type.Integer({ minimum: 1, description: 'Query requests that delivered at least one person' }),
  persons: Type.Integer({ minimum: 1, description: 'Persons delivered' }),
});
export type DailyQueries = Static<typeof DailyQueries>;

export const MonthlyFees = Type.Object({
  month: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Calendar month YYYY-MM (Rīga time)' }),
  feeCents: Type.Integer({
    minimum: 0,
    description: 'State fee charged in the month (refunds are not fees)',
  }),
});
export type MonthlyFees = Static<typeof MonthlyFees>;

export const RequestStatusCount = Type.Object({
  status: RequestStatusSchema,
  count: Type.Integer({ minimum: 1 }),
});
export type RequestStatusCount = Static<typeof RequestStatusCount>;

/** The PMLP console's figures: production use of the register, the fees it brought, the requests. */
export const Dashboard = Type.Object({
  from: Type.String({ ...DateString, description: 'First day counted in queriesPerDay' }),
  to: Type.String({ ...DateString, description: 'Today (Rīga time), the last day counted' }),
  queriesPerDay: Type.Array(DailyQueries, {
    description: 'Production deliveries per day and organisation; days without any are left out',
  }),
  feesPerMonth: Type.Array(MonthlyFees, {
    description: 'Every month of the range, oldest first, zeros included',
  }),
  requestsByStatus: Type.Array(RequestStatusCount, {
    description: 'Submitted service requests by their status now (drafts are not PMLP’s to see)',
  }),
});
export type Dashboard = Static<typeof Dashboard>;
