/**
 * Child process for the allocation suite, started by bench/suites/alloc.ts with --expose-gc.
 * For each workload: warm up (JIT settled, arrays grown), collect garbage, then run N events and
 * compare the young generation's used bytes before and after: short-lived garbage is allocated
 * there, so with no garbage collection during the window (counted with a PerformanceObserver) the
 * difference is what the window allocated; it should be ~0 per event. heapUsed (all spaces) is
 * reported too; it also moves with JIT code and feedback, by up to about a megabyte.
 * Prints one JSON line.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runMmc } from '../src/model/queueing/mmcRequestLevel.js';
import { Phold } from './pholdModel.js';
import { SimulatorHold } from './holdModel.js';

interface Probe {
  workload: string;
  events: number;
  newSpaceBeforeBytes: number;
  newSpaceAfterBytes: number;
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

function newSpaceUsed(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? Number.NaN;
}

/** Warm up in several run() calls: the loop's exit paths need feedback too before V8 settles. */
function warmUp(run: (events: number) => void, events: number): void {
  for (let i = 0; i < 5; i++) run(events / 5);
}

async function probe(workload: string, run: () => number): Promise<Probe> {
  gc!();
  await settle();
  const gcsBefore = gcCount;
  const newSpaceBeforeBytes = newSpaceUsed();
  const heapBeforeBytes = process.memoryUsage().heapUsed;
  const events = run();
  const heapAfterBytes = process.memoryUsage().heapUsed;
  const newSpaceAfterBytes = newSpaceUsed();
  await settle();
  const gcsDuringRun = gcCount - gcsBefore;
  gc!();
  const heapAfterGcBytes = process.memoryUsage().heapUsed;
  return { workload, events, newSpaceBeforeBytes, newSpaceAfterBytes, heapBeforeBytes, heapAfterBytes, heapAfterGcBytes, gcsDuringRun };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const events = quick ? 1_000_000 : 5_000_000;
  const results: Probe[] = [];

  const hold = new SimulatorHold(10_000);
  warmUp((n) => hold.run(n), 2_000_000);
  results.push(await probe('hold, Simulator, 10^4 pending', () => {
    hold.run(events);
    return events;
  }));

  const phold = new Phold({ lps: 1_000, eventsPerLp: 10, remoteFraction: 0.1, lookaheadS: 0.1, seed: 7 });
  warmUp((n) => phold.run(n), 2_000_000);
  results.push(await probe('PHOLD, 1000 LPs, remote 0.1', () => {
    phold.run(events);
    return events;
  }));

  // The same model scheduling through after() with the delay drawn by exponential(1).sample():
  // the path that boxed a double per event. A reference row, not a target.
  const pholdAfter = new Phold({ lps: 1_000, eventsPerLp: 10, remoteFraction: 0.1, lookaheadS: 0.1, seed: 7, schedule: 'after' });
  warmUp((n) => pholdAfter.run(n), 2_000_000);
  results.push(await probe('PHOLD via after() (reference)', () => {
    pholdAfter.run(events);
    return events;
  }));

  // runMmc builds its simulator per call, so this window includes its set-up (streams, histogram).
  const params = { servers: 10, arrivalRatePerS: 9, serviceRatePerS: 1, seed: 'alloc', warmupCustomers: 10_000 };
  for (let r = 0; r < 3; r++) runMmc({ ...params, replication: 100 + r, customers: events / 2 });
  results.push(await probe('M/M/10 whole run (set-up included)', () => runMmc({ ...params, replication: 1, customers: events / 2 }).events));

  observer.disconnect();
  console.log(JSON.stringify(results));
}

await main();
