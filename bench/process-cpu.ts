import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../packages/server/src/db/database';

/**
 * CPU time of this Node process and of a local PostgreSQL cluster, read from the kernel: unlike
 * wall time, these figures hold while other work shares the machine.
 */
export interface CpuSample {
  nodeSeconds: number;
  /** Every process of the cluster, exited parallel workers included; null when not readable. */
  postgresSeconds: number | null;
}

export type CpuReader = () => CpuSample;

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

// Fields after the parenthesised command name (which may hold spaces): state is index 0.
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function ticks(fields: string[], from: number, count: number): number {
  let sum = 0;
  for (let i = from; i < from + count; i += 1) sum += Number(fields[i]);
  return sum;
}

// The postmaster's own time plus what it reaped from exited children (cutime, cstime), plus the
// time of every child still running.
function clusterTicks(postmaster: number): number | null {
  const own = statFields(postmaster);
  if (!own) return null;
  let total = ticks(own, 11, 4);
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === postmaster) continue;
    const fields = statFields(pid);
    if (fields && Number(fields[1]) === postmaster) total += ticks(fields, 11, 2);
  }
  return total;
}

/** CPU seconds (user + system) of another process of this machine; null once it has gone. */
export function processCpuSeconds(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? ticks(fields, 11, 2) / ticksPerSecond : null;
}

/** A reader of the whole PostgreSQL cluster's CPU seconds; it reads null when the server is not a process of this machine. */
export async function postgresCpuReader(db: Db): Promise<() => number | null> {
  const result = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
  const backend = result.rows[0]?.pid;
  const parent = backend === undefined ? null : statFields(backend);
  const postmaster = parent ? Number(parent[1]) : null;
  return () => {
    const pgTicks = postmaster === null ? null : clusterTicks(postmaster);
    return pgTicks === null ? null : pgTicks / ticksPerSecond;
  };
}

/** CPU seconds (user + system) of this Node process. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** A reader of both CPU times; PostgreSQL's is null when the server is not a process of this machine. */
export async function cpuReader(db: Db): Promise<CpuReader> {
  const postgresSeconds = await postgresCpuReader(db);
  return () => ({ nodeSeconds: ownCpuSeconds(), postgresSeconds: postgresSeconds() });
}

/** The machine's CPU time so far, all cores: the part a hypervisor gave to other guests, and the total. */
export interface MachineTicks {
  steal: number;
  total: number;
}

/** From /proc/stat's first line; null where there is none (not Linux). */
export function machineTicks(): MachineTicks | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is in user).
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { steal: fields[7] ?? 0, total };
  } catch {
    return null;
  }
}

/** The share of the machine's CPU time between two readings that the hypervisor stole; null if unknown. */
export function stolenShare(from: MachineTicks | null, to: MachineTicks | null): number | null {
  if (!from || !to || to.total <= from.total) return null;
  return (to.steal - from.steal) / (to.total - from.total);
}
