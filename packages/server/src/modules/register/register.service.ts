import { randomInt } from 'node:crypto';
import {
  type Environment,
  generateNewPersonalCode,
  type LifeEventInput,
  normalisePersonalCode,
  type PersonRecord,
  type RecordedChange as RecordedChangeSchema,
} from '@fpr/contract';
import type { Static } from 'typebox';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { changedScopes, type PersonState, type PlannedChange } from './life-event-context';
import { type Lookup, planLifeEvent } from './life-event-plans';
import { refreshReferences, relativesToRefresh } from './references';
import {
  isPersonalCodeTaken,
  lockPersonsByCodes,
  type PersonRow,
  type WrittenChange,
  writeChange,
} from './register.repository';

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

const retryableSqlStates = new Set(['40P01', '40001', '23505']);
const maxAttempts = 5;

/**
 * Records one life event as one transaction: every person it touches gets a new version and a
 * change event naming the changed scopes; a contradiction with the register changes nothing.
 */
export async function recordLifeEvent(
  ctx: RegisterContext,
  input: LifeEventInput,
): Promise<RecordedChange[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  const effectiveDate = input.effectiveDate ?? today;
  if (effectiveDate > today) {
    throw problem('paramsValidation', {
      detail: 'The life event is invalid.',
      invalidParams: [
        { name: 'effectiveDate', code: 'future', reason: 'The effective date cannot be in the future.' },
      ],
    });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const recorded = await ctx.db
        .transaction()
        .execute((trx) => applyInTransaction(trx, ctx, input, today, effectiveDate));
      ctx.onCommitted?.();
      return recorded;
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
    }
  }
}

async function applyInTransaction(
  trx: Db,
  ctx: RegisterContext,
  input: LifeEventInput,
  today: string,
  effectiveDate: string,
): Promise<RecordedChange[]> {
  const environment = input.environment;
  const named = await lockPersonsByCodes(trx, environment, namedCodes(input));
  const rows = [...named, ...(await lockPersonsByCodes(trx, environment, spouseCodes(input, named)))];
  const newPersonalCode = needsNewCode(input) ? await allocatePersonalCode(trx, environment) : null;
  const planned = planLifeEvent({
    input,
    effectiveDate,
    lookup: lookupIn(rows),
    env: {
      today,
      newPersonalCode: () => newPersonalCode ?? unexpected('a new personal code'),
      newEntryNumber: () => `${today.slice(0, 4)}-${String(randomInt(1_000_000)).padStart(6, '0')}`,
    },
  });
  const related = await lockPersonsByCodes(trx, environment, relativesToRefresh(planned));
  const changes = [...planned, ...refreshReferences(planned, related.map(toState))];
  const recorded: RecordedChange[] = [];
  for (const change of changes) recorded.push(await write(trx, ctx, environment, effectiveDate, change));
  return recorded;
}

async function write(
  trx: Db,
  ctx: RegisterContext,
  environment: Environment,
  effectiveDate: string,
  change: PlannedChange,
): Promise<RecordedChange> {
  const scopes = changedScopes(change.person.id === null ? null : change.person.record, change.after);
  const written: WrittenChange = await writeChange(trx, {
    environment,
    personId: change.person.id,
    expectedVersion: change.person.version,
    record: change.after,
    type: change.type,
    changedScopes: scopes,
    previousPersonalCode: change.previousPersonalCode,
    effectiveDate,
    details: change.details,
    recordedBy: ctx.actor,
  });
  return {
    changeEventId: written.changeEventId,
    personalCode: change.after.identity.personalCode,
    previousPersonalCode: change.previousPersonalCode,
    type: change.type,
    changedScopes: scopes,
    version: written.version,
    effectiveDate,
  };
}

function toState(row: PersonRow): PersonState {
  return { id: row.id, version: row.version, record: row.data };
}

/** Finds a locked person by current or previous code; an unknown code is a 404 naming its parameter. */
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

/** Every personal code an input names, normalised; the service locks them before planning. */
function namedCodes(input: LifeEventInput): string[] {
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

function needsNewCode(input: LifeEventInput): boolean {
  return input.type === 'born' || input.type === 'registered' || input.type === 'personalCodeChanged';
}

/** A fresh new-format code no person holds now or held before. */
async function allocatePersonalCode(trx: Db, environment: Environment): Promise<string> {
  const random = () => randomInt(2 ** 32) / 2 ** 32;
  for (;;) {
    const code = generateNewPersonalCode(random);
    if (!(await isPersonalCodeTaken(trx, environment, code))) return code;
  }
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && retryableSqlStates.has(code);
}

function unexpected(what: string): never {
  throw new Error(`planner asked for ${what} the service did not prepare`);
}

export type { PersonRecord };
