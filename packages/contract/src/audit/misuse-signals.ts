import { type Static, Type } from 'typebox';
import { DateString, EnvironmentSchema } from '../common';
import { auditActorKinds } from './audit';

/**
 * Misuse signals (THREATS: staff browsing persons with no case): patterns in the access log that a
 * PMLP reviewer should look at. A signal is not a finding; it says where to look.
 * - `volumeSpike`: one client or user received far more persons in a day than its own average.
 * - `afterHoursBulk`: one PDP user received many persons outside working hours (before 07:00 or
 *   from 20:00 Rīga time, or on a day that is not a working day).
 * - `outsidePopulation`: one client or user received many persons declared outside the territories
 *   of the population its purpose serves (a purpose that declares one).
 */
export const misuseSignalKinds = ['volumeSpike', 'afterHoursBulk', 'outsidePopulation'] as const;
export type MisuseSignalKind = (typeof misuseSignalKinds)[number];

/** The longest span one request may scan, in Rīga days. */
export const misuseSignalMaxDays = 31;

/** `GET /api/v1/admin/audit/signals`. */
export const MisuseSignalQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        ...DateString,
        description: 'From this Rīga day, inclusive; default six days before `to`',
      }),
    ),
    to: Type.Optional(
      Type.String({ ...DateString, description: 'Up to this Rīga day, inclusive; default today' }),
    ),
    environment: Type.Optional(EnvironmentSchema),
  },
  {
    additionalProperties: false,
    description: `Days to examine (at most ${misuseSignalMaxDays}) and the environment (default production)`,
  },
);
export type MisuseSignalQuery = Static<typeof MisuseSignalQuery>;

export const MisuseSignal = Type.Object({
  kind: Type.Enum(misuseSignalKinds),
  day: Type.String({ ...DateString, description: 'The Rīga day' }),
  organisationId: Type.String({ format: 'uuid' }),
  organisationName: Type.String(),
  actor: Type.Object({
    kind: Type.Enum(auditActorKinds, { description: 'client: the inter-system interface; user: the PDP' }),
    id: Type.String({ description: 'The client id or the user id' }),
    name: Type.Union([Type.String(), Type.Null()], {
      description: 'The user’s display name or the client’s name; null if it no longer exists',
    }),
  }),
  persons: Type.Integer({ minimum: 0, description: 'Persons delivered to this actor that day' }),
  afterHoursPersons: Type.Integer({
    minimum: 0,
    description: 'Of those, delivered outside working hours (or on a day that is not a working day)',
  }),
  outsidePopulationPersons: Type.Integer({
    minimum: 0,
    description:
      'Of those, delivered under a purpose with a declared population and declared (as the register knows them now) outside it',
  }),
  baselinePerDay: Type.Number({
    minimum: 0,
    description:
      'Persons per day delivered to this actor over the previous days of the baseline (days without any count as 0)',
  }),
  firstAt: Type.String({ format: 'date-time', description: 'The day’s first delivery' }),
  lastAt: Type.String({ format: 'date-time', description: 'The day’s last delivery' }),
});
export type MisuseSignal = Static<typeof MisuseSignal>;

export const MisuseSignalRules = Type.Object({
  volumeSpike: Type.Object({
    minimumPersons: Type.Integer({ description: 'A day below this is never a spike' }),
    factor: Type.Number({ description: 'A spike is at least this many times the baseline' }),
    baselineDays: Type.Integer({ description: 'Days before the day that make its baseline' }),
  }),
  afterHoursBulk: Type.Object({
    minimumPersons: Type.Integer({
      description: 'Persons outside working hours in a day that make a signal',
    }),
    workingHours: Type.Object({
      from: Type.String({ description: 'Rīga time, HH:MM' }),
      to: Type.String({ description: 'Rīga time, HH:MM, exclusive' }),
    }),
  }),
  outsidePopulation: Type.Object({
    minimumPersons: Type.Integer({
      description: 'Persons declared outside the population in a day that make a signal',
    }),
  }),
});
export type MisuseSignalRules = Static<typeof MisuseSignalRules>;

export const MisuseSignalList = Type.Object({
  from: DateString,
  to: DateString,
  environment: EnvironmentSchema,
  rules: MisuseSignalRules,
  signals: Type.Array(MisuseSignal, { description: 'Newest day first; within a day, most persons first' }),
});
export type MisuseSignalList = Static<typeof MisuseSignalList>;
