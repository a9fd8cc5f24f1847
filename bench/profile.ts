import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Runs `work` under the V8 CPU profiler of this process (the bench and the server share it), writes
 * the profile as `<name>.cpuprofile` into `dir`, made if missing (open it in Chrome DevTools), and prints the functions
 * with the most self time, so a run says where the Node side spends a phase.
 */
export async function profiled<T>(dir: string | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (dir === undefined) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    session.disconnect();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    printTopSelfTime(name, profile);
  }
}

function printTopSelfTime(name: string, profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    // The first delta is the time before sampling began (the inspector's own call), not the work's.
    const delta = index === 0 ? 0 : (profile.timeDeltas[index] ?? 0);
    const frame = byNode.get(id)?.callFrame;
    const where = frame?.url
      ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/packages\//, '')}:${frame.lineNumber + 1}`
      : '';
    const key = `${frame?.functionName || '(anonymous)'} ${where}`.trim();
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
    total += delta;
  });
  const top = [...selfMicros.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.error(`\nprofile ${name}: ${(total / 1000).toFixed(0)} ms sampled; top self time`);
  for (const [key, micros] of top)
    console.error(
      `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
}
