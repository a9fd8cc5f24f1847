import { randomInt } from 'node:crypto';
import {
  normalisePersonalCode,
  type TestEventChange,
  type TestEventRequest,
  type TestEventResponse,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import type { LifeEventQueue } from '../register/life-event-queue';
import { findPersonsByCodes } from '../register/register.repository';
import { type RecordedChange, recordLifeEvent } from '../register/register.service';
import { AddressAllocator } from '../register/synthetic/geography';
import { Random } from '../register/synthetic/random';
import { completeTestEvent } from './test-event-details';
import { sequencesOf } from './test-events.repository';

export interface TestEventsContext {
  db: Db;
  now: () => Date;
  onRegisterCommitted?: () => void;
  lifeEvents?: LifeEventQueue;
  /** Seals committed change events, so the answer can name the event's feed position. */
  flushFeed: () => Promise<void>;
}

/**
 * Records a requester's life event on a person of the test register (API §6), details the body
 * omits generated synthetically, and answers with the sealed feed positions of every change.
 */
export async function recordTestEvent(
  ctx: TestEventsContext,
  actor: string,
  request: TestEventRequest,
): Promise<TestEventResponse> {
  const person = await testPerson(ctx.db, request.personalCode);
  const random = new Random(randomInt(2 ** 31));
  const completion = completeTestEvent(request, person, {
    random,
    addresses: new AddressAllocator(random),
    environment: 'test',
    today: rigaDate(ctx.now()),
  });
  if (!completion.ok) throw problem('paramsValidation', { invalidParams: completion.invalidParams });
  const changes = await recordLifeEvent(
    { db: ctx.db, now: ctx.now, actor, onCommitted: ctx.onRegisterCommitted, together: ctx.lifeEvents },
    completion.input,
  );
  await ctx.flushFeed();
  const sequences = await sequencesOf(
    ctx.db,
    changes.map((change) => change.changeEventId),
  );
  const sequenced = changes.map((change) => withSequence(change, sequences.get(change.changeEventId)));
  const subject = person.identity.personalCode;
  const named =
    sequenced.find((change) => change.personalCode === subject || change.previousPersonalCode === subject) ??
    sequenced[0];
  if (!named) throw new Error('a recorded life event changed no one');
  return { sequence: named.sequence, changes: sequenced };
}

async function testPerson(db: Db, personalCode: string) {
  const code = normalisePersonalCode(personalCode);
  if (code === null)
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'personalCode', code: 'checksum', reason: 'is not a valid personal code' }],
    });
  const [row] = await findPersonsByCodes(db, 'test', [code]);
  if (!row)
    throw problem('notFound', {
      detail: 'No person with this personal code in the test register.',
      invalidParams: [
        { name: 'personalCode', code: 'notFound', reason: 'is not a person of the test register' },
      ],
    });
  return row.data;
}

function withSequence(change: RecordedChange, sequence: string | null | undefined): TestEventChange {
  // The flush above sealed everything committed before it, this event included.
  if (!sequence) throw new Error(`change event ${change.changeEventId} is not sealed after a flush`);
  return {
    sequence: Number(sequence),
    personalCode: change.personalCode,
    previousPersonalCode: change.previousPersonalCode,
    type: change.type,
    changedScopes: change.changedScopes,
    version: change.version,
    effectiveDate: change.effectiveDate,
  };
}
