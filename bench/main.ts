import { parseArgs } from 'node:util';
import { runAuditBenchmark } from './audit';
import { runCardBenchmark } from './card';
import { runEventsBenchmark } from './events';
import { runFeedBenchmark } from './feed';
import { runQueryBenchmark } from './query';
import { runSeedBenchmark } from './seed';

/**
 * `npm run bench -- <name> [--json] [options]`: each benchmark prints a table and, with `--json`,
 * one JSON object on its last line. Never part of `npm test`.
 */
const usage = `usage: npm run bench -- <seed|events|query|feed|audit|card> [--json] [--persons N] [--events N] [--concurrency N]
  query: [--seconds S] [--connections C]
  feed: [--subscriptions N] [--organisations N] [--overhead-events N] [--plans] [--profile DIR]
  audit: [--events N] [--concurrency N]
  card: [--lookups N]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    persons: { type: 'string' },
    events: { type: 'string' },
    concurrency: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    subscriptions: { type: 'string' },
    organisations: { type: 'string' },
    'overhead-events': { type: 'string' },
    plans: { type: 'boolean', default: false },
    lookups: { type: 'string' },
    profile: { type: 'string' },
  },
});

function count(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new Error(`not a positive whole number: ${value}\n${usage}`);
  return parsed;
}

const [name] = positionals;
switch (name) {
  case 'seed':
    await runSeedBenchmark({ persons: count(values.persons, 1_000_000), json: values.json });
    break;
  case 'events':
    await runEventsBenchmark({
      persons: count(values.persons, 100_000),
      events: count(values.events, 20_000),
      concurrency: count(values.concurrency, 16),
      json: values.json,
    });
    break;
  case 'query':
    await runQueryBenchmark({
      persons: count(values.persons, 2_000_000),
      seconds: count(values.seconds, 20),
      connections: count(values.connections, 16),
      json: values.json,
    });
    break;
  case 'feed':
    await runFeedBenchmark({
      persons: count(values.persons, 200_000),
      subscriptions: count(values.subscriptions, 1_000_000),
      organisations: count(values.organisations, 100),
      events: count(values.events, 100_000),
      overheadEvents: count(values['overhead-events'], 10_000),
      concurrency: count(values.concurrency, 16),
      json: values.json,
      plans: values.plans,
      profileDir: values.profile,
      onProgress: (phase) => console.error(`${new Date().toISOString()} ${phase}`),
    });
    break;
  case 'card':
    await runCardBenchmark({ lookups: count(values.lookups, 30), json: values.json });
    break;
  case 'audit':
    await runAuditBenchmark({
      events: count(values.events, 200_000),
      concurrency: count(values.concurrency, 16),
      json: values.json,
    });
    break;
  default:
    console.error(usage);
    process.exitCode = 2;
}
