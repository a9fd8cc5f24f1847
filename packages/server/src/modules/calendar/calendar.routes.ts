import {
  CalendarDayParams,
  CalendarOverride,
  CalendarOverrideInput,
  CalendarOverrideList,
  CalendarOverrideQuery,
  staffRoles,
  WorkingDaysQuery,
  WorkingDaysResponse,
} from '@fpr/contract';
import { Type } from 'typebox';
import type { AppContext, FastifyTypebox } from '../../app';
import { userAuthentication } from '../identity/authenticate';
import { userOf } from '../identity/caller';
import { readOverrides, readWorkingDays, removeOverride, setOverride } from './calendar.service';

const tags = ['Calendar (PMLP)'];
const security = [{ sessionCookie: [] }];

/** The working-day calendar behind request deadlines: all PMLP staff read it, administrators edit it. */
export function registerCalendarRoutes(app: FastifyTypebox, ctx: AppContext): void {
  const staff = userAuthentication(ctx, staffRoles);
  const administrator = userAuthentication(ctx, ['administrator']);
  app.get(
    '/api/v1/admin/calendar/overrides',
    {
      schema: {
        tags,
        summary: 'List calendar overrides',
        description: 'Days moved by Cabinet orders: weekend days worked and extra days off, by date.',
        security,
        querystring: CalendarOverrideQuery,
        response: { 200: CalendarOverrideList },
      },
      onRequest: staff,
    },
    async (request) => ({ overrides: await readOverrides(ctx, request.query.year) }),
  );
  app.put(
    '/api/v1/admin/calendar/overrides/:day',
    {
      schema: {
        tags,
        summary: 'Set a calendar override',
        description:
          'Makes the day a working day or a holiday whatever the statutory calendar says; the deadlines ' +
          'of open requests follow at once. Refused when the day already is what the override says.',
        security,
        params: CalendarDayParams,
        body: CalendarOverrideInput,
        response: { 200: CalendarOverride },
      },
      onRequest: administrator,
    },
    async (request) => setOverride(ctx, userOf(request), request.params.day, request.body),
  );
  app.delete(
    '/api/v1/admin/calendar/overrides/:day',
    {
      schema: {
        tags,
        summary: 'Remove a calendar override',
        description: 'The statutory calendar applies to the day again; open requests’ deadlines follow.',
        security,
        params: CalendarDayParams,
        response: { 204: Type.Null({ description: 'Removed' }) },
      },
      onRequest: administrator,
    },
    async (request, reply) => {
      await removeOverride(ctx, userOf(request), request.params.day);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/admin/calendar/working-days',
    {
      schema: {
        tags,
        summary: 'Working days in a range',
        description:
          'The number of Latvian working days from `from` to `to` (both included) and every day in the ' +
          'range that is not an ordinary working weekday, with its reason.',
        security,
        querystring: WorkingDaysQuery,
        response: { 200: WorkingDaysResponse },
      },
      onRequest: staff,
    },
    async (request) => readWorkingDays(ctx, request.query),
  );
}
