import { type Static, Type } from 'typebox';
import { DateString } from '../common';

/** A Cabinet order makes a weekend day a `workingDay` or a weekday a `holiday` (DOMAIN §7). */
export const calendarOverrideKinds = ['workingDay', 'holiday'] as const;
export type CalendarOverrideKind = (typeof calendarOverrideKinds)[number];

export const CalendarOverride = Type.Object({
  day: DateString,
  kind: Type.Enum(calendarOverrideKinds, { description: 'workingDay: worked although off; holiday: off' }),
  note: Type.String({ description: 'Why: usually the Cabinet order that moved the day' }),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'The administrator who set it; null when seeded',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type CalendarOverride = Static<typeof CalendarOverride>;

export const CalendarOverrideList = Type.Object({ overrides: Type.Array(CalendarOverride) });

export const CalendarOverrideQuery = Type.Object(
  {
    year: Type.Optional(
      Type.Integer({
        minimum: 2000,
        maximum: 2100,
        description: 'Only this year; every override when absent',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CalendarDayParams = Type.Object({ day: DateString });

export const CalendarOverrideInput = Type.Object(
  {
    kind: Type.Enum(calendarOverrideKinds),
    note: Type.String({ minLength: 3, maxLength: 500, description: 'Why the day is moved' }),
  },
  {
    additionalProperties: false,
    description: 'Makes a day worked or off, whatever the statutory calendar says',
  },
);
export type CalendarOverrideInput = Static<typeof CalendarOverrideInput>;

export const WorkingDaysQuery = Type.Object(
  {
    from: DateString,
    to: Type.String({ ...DateString, description: 'Last day of the range (at most 366 days after from)' }),
  },
  { additionalProperties: false },
);
export type WorkingDaysQuery = Static<typeof WorkingDaysQuery>;

export const calendarDayReasons = [
  'weekend',
  'publicHoliday',
  'holidayOverride',
  'workingDayOverride',
] as const;

export const CalendarDay = Type.Object({
  day: DateString,
  isWorkingDay: Type.Boolean(),
  reason: Type.Enum(calendarDayReasons, { description: 'Why the day is not an ordinary weekday' }),
  name: Type.Union([Type.String(), Type.Null()], {
    description: 'The public holiday’s name or the override’s note; null for a weekend',
  }),
});

export const WorkingDaysResponse = Type.Object({
  from: DateString,
  to: DateString,
  workingDayCount: Type.Integer({ description: 'Working days from `from` to `to`, both included' }),
  days: Type.Array(CalendarDay, {
    description: 'Every day in the range that is not an ordinary working weekday, in date order',
  }),
});
export type WorkingDaysResponse = Static<typeof WorkingDaysResponse>;
