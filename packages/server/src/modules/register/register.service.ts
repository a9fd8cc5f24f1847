import { randomInt } from 'node:crypto';
import {
  type Environment,
  generateNewPersonalCode,
  type LifeEventInput,
  normalisePersonalCode,
  type RecordedChange as RecordedChangeSchema,
} from '@fpr/contract';
import type { Static } from 'typebox';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import {
  changedScopes,
  invalidParam,
  type PersonState,
  type PlannedChange,
  withNormalisedNames,
} from './life-event-context';
import { type Lookup, planLifeEvent } from './life-event-plans';
import { refreshReferences, relativesToRefresh } from './references';
import { type ChangeToWrite, findPersonsByCodes, type PersonRow, writeChanges } from './register.repository';

export interface RegisterContext {
  db: Db;
  /** The register's clock; tests fix it. */
  now: () => Date;
  /** Who records the event (a registrar's user name, `simulator`, `test-api:<client>`). */
  actor: string;
  /** Called after a commit so the feed sealer runs at once. */
  onCommitted?: () => void;
}

export type RecordedChange = Static<typeof RecordedChangeSchema>;

// Serialisation failure (a person changed since the plan read it), deadlock, or a new code that
// collided with one issued meanwhile: the event is planned again from a fresh read.
const retryableSqlStates = new Set(['40001', '40P01', '23505']);
const maxAttempts = 8;

/**
 * Records one life event: every person it touches gets a new version and a change event naming
 * the changed scopes, written as one transaction; a contradiction with the register changes
 * nothing. Optimistic: the plan is made from a snapshot read, and the write checks that none of
 * those persons changed meanwhile (else the event is planned again) — two round trips in all.
 */
export async function recordLifeEvent(
  ctx: RegisterContext,
  input: LifeEventInput,
): Promise<RecordedChange[]> {
  // The register's day is Latvia's: from 22:00 UTC in winter (21:00 in summer) it is already tomorrow in Rīga.
  const today = rigaDate(ctx.now());
  const effectiveDate = input.effectiveDate ?? today;
  if (effectiveDate > today) {
    invalidParam('effectiveDate', 'future', 'The effective date cannot be in the future.');
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const recorded = await planAndWrite(ctx, withNormalisedNames(input), today, effectiveDate);
      ctx.onCommitted?.();
      return recorded;
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= maxAttempts) {
        throw problem(
          'conflict',
          { detail: 'The persons of this event kept changing; try again.' },
          { cause: error },
        );
      }
    }
  }
}

async function planAndWrite(
  ctx: RegisterContext,
  input: LifeEventInput,
  today: string,
  effectiveDate: string,
): Promise<RecordedChange[]> {
  const { environment } = input;
  const named = await findPersonsByCodes(ctx.db, environment, namedCodes(input));
  const rows = [...named, ...(await findPersonsByCodes(ctx.db, environment, spouseCodes(input, named)))];
  const planned = planLifeEvent({
    input,
    effectiveDate,
    lookup: lookupIn(rows),
    env: {
      today,
      newPersonalCode: () => generateNewPersonalCode(() => randomInt(2 ** 32) / 2 ** 32),
      newEntryNumber: () => `${today.slice(0, 4)}-${String(randomInt(1_000_000)).padStart(6, '0')}`,
    },
  });
  const relatives = await findPersonsByCodes(ctx.db, environment, relativesToRefresh(planned));
  const changes = [...planned, ...refreshReferences(planned, relatives.map(toState))];
  const toWrite = changes.map((change) => toChangeToWrite(ctx, environment, effectiveDate, change));
  const written = await writeChanges(ctx.db, toWrite);
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

function toChangeToWrite(
  ctx: RegisterContext,
  environment: Environment,
  effectiveDate: string,
  change: PlannedChange,
): ChangeToWrite {
  return {
    environment,
    personId: change.person.id,
    expectedVersion: change.person.version,
    record: change.after,
    type: change.type,
    changedScopes: changedScopes(change.person.id === null ? null : change.person.record, change.after),
    previousPersonalCode: change.previousPersonalCode,
    effectiveDate,
    details: change.details,
    recordedBy: ctx.actor,
  };
}

function toState(row: PersonRow): PersonState {
  return { id: row.id, version: row.version, record: row.data };
}

/** Finds a read person by current or previous code; an unknown code is a 404 naming its parameter. */
function lookupIn(rows: PersonRow[]): Lookup {
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
function spouseCodes(input: LifeEventInput, named: PersonRow[]): string[] {
  if (input.type !== 'divorced' && input.type !== 'died') return [];
  const spouse = named[0]?.data.civilStatus;
  return spouse?.maritalStatus === 'married' && spouse.spouse ? [spouse.spouse.personalCode] : [];
}

// New codes need no look-up: old-format codes begin with a day (01–31), so a `32…` code can
// never equal a previous code, and the unique index refuses a collision with a current one.
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableSqlStates.has(code);
}

function unexpected(what: string): never {
  throw new Error(`expected ${what}`);
}
