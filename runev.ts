import { runEventsBenchmark } from './bench/events';

await runEventsBenchmark({
  persons: Number(process.argv[4] ?? 20000),
  events: Number(process.argv[2] ?? 1000),
  concurrency: Number(process.argv[3] ?? 8),
  json: true,
});
