/**
 * Child process for the allocation suite, started by bench/suites/alloc.ts with --expose-gc.
 * For each workload: warm up (JIT settled, arrays grown), collect garbage, then run N events and
 * compare heapUsed before and after. With no garbage collection during the window (counted with a
 * PerformanceObserver), the difference is what the window allocated; it should be ~0 per event.
 * Prints one JSON line.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { runMmc } from '../src/model/queueing/mmcRequestLevel.js';
import { Phold } from './pholdModel.js';
import { SimulatorHold } from './holdModel.js';

interface Probe {
  workload: string;
  events: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  heapAfterGcBytes: number;
  gcsDuringRun: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('allocProbe needs node --expose-gc');
  process.exit(2);
}

let gcCount = 0;
const observer = new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
});
observer.observe({ entryTypes: ['gc'] });

/** GC entries arrive asynchronously: let them be delivered before reading the count. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

async function probe(workload: string, run: () => number): Promise<Probe> {
  gc!();
  await settle();
  const gcsBefore = gcCount;
  const heapBeforeBytes = process.memoryUsage().heapUsed;
  const events = run();
  const heapAfterBytes = process.memoryUsage().heapUsed;
  await settle();
  const gcsDuringRun = gcCount - gcsBefore;
  gc!();
  const heapAfterGcBytes = process.memoryUsage().heapUsed;
  return { workload, events, heapBeforeBytes, heapAfterBytes, heapAfterGcBytes, gcsDuringRun };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const events = quick ? 1_000_000 : 5_000_000;
  const results: Probe[] = [];

  const hold = new SimulatorHold(10_000);
  hold.run(2_000_000);
  results.push(await probe('hold, Simulator, 10^4 pending', () => {
    hold.run(events);
    return events;
  }));

  const phold = new Phold({ lps: 1_000, eventsPerLp: 10, remoteFraction: 0.1, lookaheadS: 0.1, seed: 7 });
  phold.run(2_000_000);
  results.push(await probe('PHOLD, 1000 LPs, remote 0.1', () => {
    phold.run(events);
    return events;
  }));

  // runMmc builds its simulator per call, so this window includes its set-up (streams, histogram).
  const params = { servers: 10, arrivalRatePerS: 9, serviceRatePerS: 1, seed: 'alloc', warmupCustomers: 10_000 };
  runMmc({ ...params, replication: 0, customers: events / 2 });
  results.push(await probe('M/M/10 whole run (set-up included)', () => runMmc({ ...params, replication: 1, customers: events / 2 }).events));

  observer.disconnect();
  console.log(JSON.stringify(results));
}

await main();
