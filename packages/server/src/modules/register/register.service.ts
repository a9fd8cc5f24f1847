import type { LifeEventInput } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import { invalidParam, withNormalisedNames } from './life-event-context';
import { planLifeEvent } from './life-event-plans';
import type { LifeEventQueue } from './life-event-queue';
import {
  isRetryable,
  lookupIn,
  namedCodes,
  planEnvironment,
  type RecordedChange,
  spouseCodes,
  toChangeToWrite,
  toRecorded,
  toState,
} from './life-event-steps';
import { refreshReferences, relativesToRefresh } from './references';
import { findPersonsByCodes, writeChanges } from './register.repository';

export type { RecordedChange } from './life-event-steps';
export { namedCodes } from './life-event-steps';

export interface RegisterContext {
  db: Db;
  /** The register's clock; tests fix it. */
  now: () => Date;
  /** Who records the event (a registrar's user name, `simulator`, `test-api:<client>`). */
  actor: string;
  /** Called after a commit so the feed sealer runs at once. */
  onCommitted?: () => void;
  /** Commits concurrent events together (`createLifeEventQueue`); without it each event goes alone. */
  together?: LifeEventQueue;
}

/** A life event checked against the clock and with its names normalised, ready to be planned. */
export interface PendingLifeEvent {
  ctx: RegisterContext;
  input: LifeEventInput;
  today: string;
  effectiveDate: string;
}

const maxAttempts = 8;

/**
 * Records one life event: every person it touches gets a new version and a change event naming
 * the changed scopes, all or nothing; a contradiction with the register changes nothing.
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
  const event = { ctx, input: withNormalisedNames(input), today, effectiveDate };
  return ctx.together ? ctx.together(event) : recordAlone(event);
}

/**
 * One event in its own transaction. Optimistic: the plan is made from a snapshot read, and the
 * write checks that none of those persons changed meanwhile (else the event is planned again).
 */
export async function recordAlone(event: PendingLifeEvent): Promise<RecordedChange[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const recorded = await planAndWrite(event);
      event.ctx.onCommitted?.();
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

async function planAndWrite({
  ctx,
  input,
  today,
  effectiveDate,
}: PendingLifeEvent): Promise<RecordedChange[]> {
  const { environment } = input;
  const named = await findPersonsByCodes(ctx.db, environment, namedCodes(input));
  const spouses = await findPersonsByCodes(ctx.db, environment, spouseCodes(input, named[0]));
  const planned = planLifeEvent({
    input,
    effectiveDate,
    lookup: lookupIn([...named, ...spouses]),
    env: planEnvironment(today),
  });
  const relatives = await findPersonsByCodes(ctx.db, environment, relativesToRefresh(planned));
  const changes = [...planned, ...refreshReferences(planned, relatives.map(toState))];
  const toWrite = changes.map((change) =>
    toChangeToWrite({ environment, effectiveDate, actor: ctx.actor }, change),
  );
  return toRecorded(toWrite, await writeChanges(ctx.db, toWrite), effectiveDate);
}
