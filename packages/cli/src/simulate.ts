import type { Environment } from '@fpr/contract';
import { type Config, openDatabase, simulateLifeEvents, startFeedSequencer } from '@fpr/server';
import { createProgress } from './progress';

/** `fpr simulate`: a stream of life events through the register service, with the feed sealed as it goes. */
export async function runSimulation(
  config: Config,
  options: { env: Environment; events: number; seed: number; concurrency: number },
): Promise<void> {
  const database = await openDatabase(config, (line) => console.log(line));
  const sequencer = startFeedSequencer(database.db, { onError: (error) => console.error(error) });
  const progress = createProgress(`simulate ${options.env}`);
  try {
    const outcome = await simulateLifeEvents(
      { db: database.db, now: () => new Date(), actor: 'simulator', onCommitted: sequencer.nudge },
      {
        environment: options.env,
        events: options.events,
        seed: options.seed,
        concurrency: options.concurrency,
        onProgress: (recorded) => progress.update(recorded, options.events),
      },
    );
    progress.stop();
    console.log(
      `recorded ${outcome.recorded} life events in ${outcome.seconds.toFixed(1)} s (${Math.round(outcome.eventsPerSecond)}/s); ${outcome.refused} refused by the register`,
    );
    for (const [type, count] of Object.entries(outcome.byType).sort((a, b) => b[1] - a[1])) {
      console.log(`  ${type.padEnd(26)} ${count}`);
    }
  } finally {
    await sequencer.stop();
    await database.close();
  }
}
