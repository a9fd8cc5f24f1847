import { describe, expect, it } from 'vitest';
import { calendarOf, statutoryCalendar } from '../calendar/working-days';
import { type ActorDay, baselineStart, detectMisuseSignals } from './misuse-signals';

const organisationId = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';

function actorDay(day: string, persons: number, overrides: Partial<ActorDay> = {}): ActorDay {
  return {
    organisationId,
    organisationName: 'SIA Ābeles',
    actorKind: 'client',
    actorId: 'client-1',
    actorName: 'Kredītu sistēma',
    day,
    persons,
    offHoursPersons: 0,
    outsidePopulationPersons: 0,
    firstAt: new Date(`${day}T08:00:00Z`),
    lastAt: new Date(`${day}T12:00:00Z`),
    ...overrides,
  };
}

/** `perDay` persons on each of the 28 days before `day`. */
function history(day: string, perDay: number, overrides: Partial<ActorDay> = {}): ActorDay[] {
  const days: ActorDay[] = [];
  for (let at = baselineStart(day); at < day; at = nextDay(at)) days.push(actorDay(at, perDay, overrides));
  return days;
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

// Wednesday 25 November 2026; Saturday 28 November.
const range = { from: '2026-11-25', to: '2026-11-28' };

describe('volume spikes', () => {
  it('needs three times the 28-day average', () => {
    const baseline = history('2026-11-25', 20);
    const below = detectMisuseSignals([...baseline, actorDay('2026-11-25', 59)], range, statutoryCalendar);
    const at = detectMisuseSignals([...baseline, actorDay('2026-11-25', 60)], range, statutoryCalendar);
    expect(below).toEqual([]);
    expect(at).toEqual([
      expect.objectContaining({ kind: 'volumeSpike', day: '2026-11-25', persons: 60, baselinePerDay: 20 }),
    ]);
  });

  it('needs 50 persons in the day, however quiet the actor was', () => {
    const quiet = history('2026-11-25', 1);
    expect(detectMisuseSignals([...quiet, actorDay('2026-11-25', 49)], range, statutoryCalendar)).toEqual([]);
    expect(
      detectMisuseSignals([...quiet, actorDay('2026-11-25', 50)], range, statutoryCalendar),
    ).toHaveLength(1);
  });

  it('counts days without deliveries as zero, so a new actor’s first busy day is a spike', () => {
    const signals = detectMisuseSignals([actorDay('2026-11-26', 50)], range, statutoryCalendar);
    expect(signals).toEqual([expect.objectContaining({ kind: 'volumeSpike', baselinePerDay: 0 })]);
  });

  it('reads the baseline before the range but reports only days inside it', () => {
    const days = [actorDay('2026-11-24', 500), actorDay('2026-11-25', 60)];
    // 500 on the 24th is outside the range; it raises the 25th's baseline to 17.9 (500 / 28).
    expect(detectMisuseSignals(days, range, statutoryCalendar)).toEqual([
      expect.objectContaining({ day: '2026-11-25', baselinePerDay: 17.9 }),
    ]);
    expect(
      detectMisuseSignals(
        [actorDay('2026-11-24', 500), actorDay('2026-11-25', 53)],
        range,
        statutoryCalendar,
      ),
    ).toEqual([]);
  });

  it('keeps each actor’s baseline its own', () => {
    const busyOther = history('2026-11-25', 100, { actorId: 'client-2' });
    const signals = detectMisuseSignals([...busyOther, actorDay('2026-11-25', 60)], range, statutoryCalendar);
    expect(signals.map((signal) => signal.actor.id)).toEqual(['client-1']);
  });
});

describe('after-hours bulk', () => {
  const user = {
    actorKind: 'user' as const,
    actorId: '0c8e2f4a-1b3d-4e5f-8a7b-6c5d4e3f2a1b',
    actorName: 'Inese',
  };

  it('flags a PDP user with 20 persons outside working hours on a working day', () => {
    const nineteen = actorDay('2026-11-25', 30, { ...user, offHoursPersons: 19 });
    const twenty = actorDay('2026-11-25', 30, { ...user, offHoursPersons: 20 });
    expect(detectMisuseSignals([nineteen], range, statutoryCalendar)).toEqual([]);
    expect(detectMisuseSignals([twenty], range, statutoryCalendar)).toEqual([
      expect.objectContaining({
        kind: 'afterHoursBulk',
        persons: 30,
        afterHoursPersons: 20,
        actor: { kind: 'user', id: user.actorId, name: 'Inese' },
      }),
    ]);
  });

  it('counts every delivery on a day that is not worked', () => {
    const saturday = actorDay('2026-11-28', 20, { ...user, offHoursPersons: 0 });
    expect(detectMisuseSignals([saturday], range, statutoryCalendar)).toEqual([
      expect.objectContaining({ kind: 'afterHoursBulk', day: '2026-11-28', afterHoursPersons: 20 }),
    ]);
  });

  it('follows the calendar’s overrides both ways', () => {
    const workedSaturday = calendarOf([{ day: '2026-11-28', kind: 'workingDay' }]);
    const wednesdayOff = calendarOf([{ day: '2026-11-25', kind: 'holiday' }]);
    expect(
      detectMisuseSignals(
        [actorDay('2026-11-28', 20, { ...user, offHoursPersons: 0 })],
        range,
        workedSaturday,
      ),
    ).toEqual([]);
    expect(
      detectMisuseSignals([actorDay('2026-11-25', 20, { ...user, offHoursPersons: 0 })], range, wednesdayOff),
    ).toEqual([expect.objectContaining({ kind: 'afterHoursBulk', afterHoursPersons: 20 })]);
  });

  it('leaves system clients’ nightly batches alone', () => {
    const batch = actorDay('2026-11-25', 40, { offHoursPersons: 40 });
    expect(detectMisuseSignals([...history('2026-11-25', 40), batch], range, statutoryCalendar)).toEqual([]);
  });
});

describe('persons outside the declared population', () => {
  it('flags ten in a day, from a client or a user', () => {
    const nine = actorDay('2026-11-25', 12, { outsidePopulationPersons: 9 });
    const ten = actorDay('2026-11-25', 12, {
      outsidePopulationPersons: 10,
      actorKind: 'user',
      actorId: 'u1',
    });
    expect(detectMisuseSignals([nine], range, statutoryCalendar)).toEqual([]);
    expect(detectMisuseSignals([ten], range, statutoryCalendar)).toEqual([
      expect.objectContaining({ kind: 'outsidePopulation', persons: 12, outsidePopulationPersons: 10 }),
    ]);
  });
});

it('orders newest day first, then most persons, and gives an actor’s two signals side by side', () => {
  const user = { actorKind: 'user' as const, actorId: 'b1', actorName: null };
  const signals = detectMisuseSignals(
    [
      actorDay('2026-11-25', 70),
      actorDay('2026-11-26', 55, { ...user, offHoursPersons: 25 }),
      actorDay('2026-11-26', 90, { actorId: 'client-2' }),
    ],
    range,
    statutoryCalendar,
  );
  expect(signals.map((signal) => [signal.day, signal.actor.id, signal.kind])).toEqual([
    ['2026-11-26', 'client-2', 'volumeSpike'],
    ['2026-11-26', 'b1', 'afterHoursBulk'],
    ['2026-11-26', 'b1', 'volumeSpike'],
    ['2026-11-25', 'client-1', 'volumeSpike'],
  ]);
});
