import type { Environment, PersonRecord } from '@fpr/contract';
import { isProblemError } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import { createLifeEventQueue } from './life-event-queue';
import { namedCodes, type RegisterContext, recordLifeEvent } from './register.service';
import { livingPersonsByIds, personIdRange } from './simulation.repository';
import { buildEvent, simulatedEventMix } from './simulation-events';
import { AddressAllocator } from './synthetic/geography';
import { deriveSeed, Random } from './synthetic/random';

export interface SimulationOptions {
  environment: Environment;
  events: number;
  seed: number;
  concurrency: number;
  onProgress?: (recorded: number) => void;
}

export interface SimulationOutcome {
  recorded: number;
  /** Events the register refused as contradictions (for example a race between two writers). */
  refused: number;
  byType: Record<string, number>;
  seconds: number;
  eventsPerSecond: number;
}

// Sampled persons are reused across events (each once), so sampling costs little per event.
const sampleSize = 200;
const minimumSample = 24;

/**
 * Records a realistic stream of life events through the register service, as registry offices
 * would: several writers at once, each event its own transaction.
 */
export async function simulateLifeEvents(
  ctx: RegisterContext,
  options: SimulationOptions,
): Promise<SimulationOutcome> {
  // Registry offices recording at once: their events are committed together, as the server does.
  const recording = { ...ctx, together: ctx.together ?? createLifeEventQueue(ctx.db) };
  const range = await personIdRange(ctx.db, options.environment);
  if (!range) throw new Error(`the ${options.environment} register is empty: seed it first`);
  const outcome: SimulationOutcome = { recorded: 0, refused: 0, byType: {}, seconds: 0, eventsPerSecond: 0 };
  const started = performance.now();
  let claimed = 0;
  let attempts = 0;
  // Refused events do not count towards the total, but a register that refuses everything must not loop forever.
  const maxAttempts = options.events * 3;
  const worker = async (index: number) => {
    const random = new Random(deriveSeed(options.seed, `simulate-${index}`));
    const addresses = new AddressAllocator(random);
    let sample: PersonRecord[] = [];
    while (claimed < options.events && attempts < maxAttempts) {
      claimed += 1;
      attempts += 1;
      if (sample.length < minimumSample)
        sample = await livingPersonsByIds(ctx.db, options.environment, randomIds(random, range));
      const { isRecorded, used } = await recordOne(recording, options, outcome, sample, {
        random,
        addresses,
      });
      if (!isRecorded) claimed -= 1;
      // A person takes part in one event per sample: their sampled record is stale afterwards.
      sample = sample.filter((person) => !used.includes(person.identity.personalCode));
      if (!isRecorded) sample = sample.slice(1);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
  outcome.seconds = (performance.now() - started) / 1000;
  outcome.eventsPerSecond = outcome.recorded / outcome.seconds;
  return outcome;
}

async function recordOne(
  ctx: RegisterContext,
  options: SimulationOptions,
  outcome: SimulationOutcome,
  sample: PersonRecord[],
  tools: { random: Random; addresses: AddressAllocator },
): Promise<{ isRecorded: boolean; used: string[] }> {
  const today = rigaDate(ctx.now());
  // A sample may fit no event of the drawn kind; draw again rather than count a missing event.
  for (let attempt = 0; attempt < 20; attempt++) {
    const kind = tools.random.weighted(simulatedEventMix);
    const input = buildEvent(kind, sample, { ...tools, environment: options.environment, today });
    if (!input) continue;
    try {
      await recordLifeEvent(ctx, input);
      outcome.recorded += 1;
      outcome.byType[kind] = (outcome.byType[kind] ?? 0) + 1;
      options.onProgress?.(outcome.recorded);
      return { isRecorded: true, used: namedCodes(input) };
    } catch (error) {
      if (!isProblemError(error)) throw error;
      outcome.refused += 1;
      return { isRecorded: false, used: namedCodes(input) };
    }
  }
  return { isRecorded: false, used: [] };
}

function randomIds(random: Random, range: { min: number; max: number }): number[] {
  return Array.from({ length: sampleSize }, () => random.int(range.min, range.max));
}
