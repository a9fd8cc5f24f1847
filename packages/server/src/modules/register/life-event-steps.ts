import { randomInt } from 'node:crypto';
import {
  type Environment,
  generateNewPersonalCode,
  type LifeEventInput,
  normalisePersonalCode,
  type RecordedChange as RecordedChangeSchema,
} from '@fpr/contract';
import type { Static } from 'typebox';
import { problem } from '../../http/problem';
import {
  changedScopes,
  type PersonState,
  type PlanEnvironment,
  type PlannedChange,
} from './life-event-context';
import type { Lookup } from './life-event-plans';
import type { ChangeToWrite, PersonRow, WrittenChange } from './register.repository';

// The steps a life event goes through, shared by the event recorded alone (register.service) and
// events recorded together (life-event-queue): read, plan, write, answer.

export type RecordedChange = Static<typeof RecordedChangeSchema>;

/** Codes and entry numbers come from the system's randomness; the planner has none of its own. */
export function planEnvironment(today: string): PlanEnvironment {
  return {
    today,
    newPersonalCode: () => generateNewPersonalCode(() => randomInt(2 ** 32) / 2 ** 32),
    newEntryNumber: () => `${today.slice(0, 4)}-${String(randomInt(1_000_000)).padStart(6, '0')}`,
  };
}

export function toState(row: PersonRow): PersonState {
  return { id: row.id, version: row.version, record: row.data };
}

/** Finds a read person by current or previous code; an unknown code is a 404 naming its parameter. */
export function lookupIn(rows: PersonRow[]): Lookup {
  const byCode = new Map<string, PersonState>();
  for (const row of rows) {
    const state = toState(row);
    byCode.set(row.data.identity.personalCode, state);
    for (const previous of row.data.identity.previousPersonalCodes) byCode.set(previous, state);
  }
  return (code, parameter) => {
    const state = byCode.get(normalisePersonalCode(code) ?? code);
    if (!state)
      throw problem('notFound', {
        detail: `No person with the code given in ${parameter} in this environment.`,
      });
    return state;
  };
}

/** Every personal code an input names, normalised; the service reads them before planning. */
export function namedCodes(input: LifeEventInput): string[] {
  const codes: Array<string | undefined> = [];
  if ('personalCode' in input) codes.push(input.personalCode);
  if (input.type === 'born') codes.push(input.motherPersonalCode, input.fatherPersonalCode);
  if (input.type === 'married') codes.push(input.spousePersonalCode);
  if (input.type === 'childAdded') codes.push(input.childPersonalCode);
  if (input.type === 'guardianshipChanged') codes.push(...input.guardianPersonalCodes);
  return [...new Set(codes.flatMap((c) => (c ? [normalisePersonalCode(c) ?? c] : [])))];
}

/** Divorce and death also touch the spouse the register names, though the input does not. */
export function spouseCodes(input: LifeEventInput, subject: PersonRow | undefined): string[] {
  if (input.type !== 'divorced' && input.type !== 'died') return [];
  const spouse = subject?.data.civilStatus;
  return spouse?.maritalStatus === 'married' && spouse.spouse ? [spouse.spouse.personalCode] : [];
}

export interface WriteContext {
  environment: Environment;
  effectiveDate: string;
  actor: string;
}

export function toChangeToWrite(context: WriteContext, change: PlannedChange): ChangeToWrite {
  return {
    environment: context.environment,
    personId: change.person.id,
    expectedVersion: change.person.version,
    record: change.after,
    type: change.type,
    changedScopes: changedScopes(change.person.id === null ? null : change.person.record, change.after),
    previousPersonalCode: change.previousPersonalCode,
    effectiveDate: context.effectiveDate,
    details: change.details,
    recordedBy: context.actor,
  };
}

/** The answer for one event: its changes as written, in the order planned. */
export function toRecorded(
  toWrite: ChangeToWrite[],
  written: WrittenChange[],
  effectiveDate: string,
): RecordedChange[] {
  return toWrite.map((change, index) => ({
    changeEventId: written[index]?.changeEventId ?? unexpected('a written change'),
    personalCode: change.record.identity.personalCode,
    previousPersonalCode: change.previousPersonalCode,
    type: change.type,
    changedScopes: change.changedScopes,
    version: written[index]?.version ?? 0,
    effectiveDate,
  }));
}

// Serialisation failure (a person changed since the plan read it), deadlock, or a new code that
// collided with one issued meanwhile: the event is planned again from a fresh read. New codes need
// no look-up: old-format codes begin with a day (01–31), so a `32…` code can never equal a
// previous code, and the unique index refuses a collision with a current one.
const retryableSqlStates = new Set(['40001', '40P01', '23505']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableSqlStates.has(code);
}

function unexpected(what: string): never {
  throw new Error(`expected ${what}`);
}
