import type { AuditActorKind, MisuseSignal, MisuseSignalRules } from '@fpr/contract';
import { addCalendarDays, isWorkingDay, type WorkingCalendar } from '../calendar/working-days';

/** One actor's deliveries on one Rīga day, as the access log sums them up. */
export interface ActorDay {
  organisationId: string;
  organisationName: string;
  actorKind: AuditActorKind;
  actorId: string;
  actorName: string | null;
  day: string;
  persons: number;
  /** Persons delivered before the working hours began or after they ended (the day's kind aside). */
  offHoursPersons: number;
  /** Persons delivered under a purpose with a declared population and declared outside it. */
  outsidePopulationPersons: number;
  firstAt: Date;
  lastAt: Date;
}

/** Working hours in Rīga time: from `fromHour`:00, up to but not including `toHour`:00. */
export const workingHours = { fromHour: 7, toHour: 20 } as const;

/**
 * The thresholds. A spike needs both: a volume no ordinary case load reaches in a day (50 persons)
 * and three times the actor's own average over four weeks, so a client that always delivers
 * thousands raises nothing and one that suddenly does raises a signal. After hours, 20 persons by one
 * PDP user is more than a night duty's few urgent lookups. System clients run nightly batches by
 * design, so only users are judged on hours. A municipality's clerk looks up a few non-residents in
 * the course of a case (a parent living elsewhere); ten in a day is a pattern.
 */
export const misuseSignalRules: MisuseSignalRules = {
  volumeSpike: { minimumPersons: 50, factor: 3, baselineDays: 28 },
  afterHoursBulk: {
    minimumPersons: 20,
    workingHours: { from: hourText(workingHours.fromHour), to: hourText(workingHours.toHour) },
  },
  outsidePopulation: { minimumPersons: 10 },
};

function hourText(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** The first day whose deliveries a baseline for `from` needs. */
export function baselineStart(from: string): string {
  return addCalendarDays(from, -misuseSignalRules.volumeSpike.baselineDays);
}

/**
 * The signals of the days `from`..`to` (Rīga days), given every actor-day from `baselineStart(from)`
 * to `to`: newest day first, most persons first within a day, an actor's kinds of signal side by
 * side. On a day that is not a working day every delivery is out of hours.
 */
export function detectMisuseSignals(
  days: readonly ActorDay[],
  range: { from: string; to: string },
  calendar: WorkingCalendar,
): MisuseSignal[] {
  const byActor = new Map<string, Map<string, ActorDay>>();
  for (const day of days) {
    const key = actorKey(day);
    const actorDays = byActor.get(key) ?? new Map<string, ActorDay>();
    actorDays.set(day.day, day);
    byActor.set(key, actorDays);
  }
  const signals: MisuseSignal[] = [];
  for (const day of days) {
    if (day.day < range.from || day.day > range.to) continue;
    const baselinePerDay = baseline(byActor.get(actorKey(day)) ?? new Map(), day.day);
    const afterHoursPersons = isWorkingDay(day.day, calendar) ? day.offHoursPersons : day.persons;
    const signal = (kind: MisuseSignal['kind']) => toSignal(kind, day, afterHoursPersons, baselinePerDay);
    if (isSpike(day.persons, baselinePerDay)) signals.push(signal('volumeSpike'));
    if (day.actorKind === 'user' && afterHoursPersons >= misuseSignalRules.afterHoursBulk.minimumPersons)
      signals.push(signal('afterHoursBulk'));
    if (day.outsidePopulationPersons >= misuseSignalRules.outsidePopulation.minimumPersons)
      signals.push(signal('outsidePopulation'));
  }
  return signals.sort(
    (a, b) =>
      b.day.localeCompare(a.day) ||
      b.persons - a.persons ||
      a.organisationId.localeCompare(b.organisationId) ||
      a.actor.id.localeCompare(b.actor.id) ||
      a.kind.localeCompare(b.kind),
  );
}

function actorKey(day: Pick<ActorDay, 'organisationId' | 'actorKind' | 'actorId'>): string {
  return `${day.organisationId}\u0000${day.actorKind}\u0000${day.actorId}`;
}

/** Persons per day over the days before `day`; a day without deliveries counts as 0. */
function baseline(actorDays: ReadonlyMap<string, ActorDay>, day: string): number {
  const { baselineDays } = misuseSignalRules.volumeSpike;
  let persons = 0;
  for (let back = 1; back <= baselineDays; back++)
    persons += actorDays.get(addCalendarDays(day, -back))?.persons ?? 0;
  return persons / baselineDays;
}

function isSpike(persons: number, baselinePerDay: number): boolean {
  const { minimumPersons, factor } = misuseSignalRules.volumeSpike;
  return persons >= minimumPersons && persons >= factor * baselinePerDay;
}

function toSignal(
  kind: MisuseSignal['kind'],
  day: ActorDay,
  afterHoursPersons: number,
  baselinePerDay: number,
): MisuseSignal {
  return {
    kind,
    day: day.day,
    organisationId: day.organisationId,
    organisationName: day.organisationName,
    actor: { kind: day.actorKind, id: day.actorId, name: day.actorName },
    persons: day.persons,
    afterHoursPersons,
    outsidePopulationPersons: day.outsidePopulationPersons,
    baselinePerDay: Math.round(baselinePerDay * 10) / 10,
    firstAt: day.firstAt.toISOString(),
    lastAt: day.lastAt.toISOString(),
  };
}
