import { startFeedSequencer } from '../packages/server/src/modules/register/feed-sequencer';
import { seedRegister } from '../packages/server/src/modules/register/seed';
import { simulateLifeEvents } from '../packages/server/src/modules/register/simulation';
import { openBenchDatabase, printTable } from './harness';

export interface EventsBenchmarkOptions {
  persons: number;
  events: number;
  concurrency: number;
  json: boolean;
}

/**
 * `events`: life events per second sustained through the register service (one transaction per
 * event, both sides of every relation, the feed sealed as it goes) on a seeded register.
 */
export async function runEventsBenchmark(options: EventsBenchmarkOptions): Promise<void> {
  const bench = await openBenchDatabase();
  try {
    await seedRegister(bench.db, {
      connectionString: bench.connectionString,
      environment: 'test',
      persons: options.persons,
      seed: 7,
    });
    const sequencer = startFeedSequencer(bench.db, { onError: (error) => console.error(error) });
    const ctx = { db: bench.db, now: () => new Date(), actor: 'bench', onCommitted: sequencer.nudge };
    // Warm-up: plans cached, pool connections open.
    await simulateLifeEvents(ctx, {
      environment: 'test',
      events: 200,
      seed: 1,
      concurrency: options.concurrency,
    });
    const outcome = await simulateLifeEvents(ctx, {
      environment: 'test',
      events: options.events,
      seed: 2,
      concurrency: options.concurrency,
    });
    await sequencer.stop();
    printTable('events: life events through the register service', [
      ['register size (persons)', options.persons],
      ['concurrent writers', options.concurrency],
      ['events recorded', outcome.recorded],
      ['refused by the register', outcome.refused],
      ['seconds', outcome.seconds.toFixed(2)],
      ['events per second', Math.round(outcome.eventsPerSecond)],
    ]);
    if (options.json) {
      console.log(
        JSON.stringify({
          benchmark: 'events',
          persons: options.persons,
          concurrency: options.concurrency,
          events: outcome.recorded,
          seconds: Number(outcome.seconds.toFixed(3)),
          eventsPerSec: Math.round(outcome.eventsPerSecond),
        }),
      );
    }
  } finally {
    await bench.close();
  }
}
