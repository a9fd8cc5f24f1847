import { personCopyRow } from './modules/register/seed.repository';
import { generatePopulation } from './modules/register/synthetic/population';

const n = Number(process.argv[2] ?? 200000);
const t = performance.now();
let chars = 0;
let k = 0;
const cpu0 = process.cpuUsage();
for (const p of generatePopulation({ persons: n, seed: 1, today: '2026-11-27', environment: 'test' })) {
  k++;
  const json = JSON.stringify(p.record);
  chars += personCopyRow('test', p, json).length;
}
const cpu = process.cpuUsage(cpu0);
console.log({
  n: k,
  ms: performance.now() - t,
  cpuUsPerPerson: (cpu.user + cpu.system) / k,
  avgChars: chars / k,
});
