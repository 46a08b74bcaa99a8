import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyTally } from '../../../src/model/traffic/loadFlow.js';
import { runTraffic, world } from './fixture.js';
import { trafficParts, type TrafficParts } from './parts.js';

const stormText = readFileSync(fileURLToPath(new URL('../../fixtures/overload-storm.yaml', import.meta.url)), 'utf8');

/**
 * The fixture: api's capacity c = 20 slots ÷ 100 ms = 200/s, offered λ = 150/s, per-try timeout
 * T = 1 s, retryOn [timeout], 3 attempts. Half the pods crash-loop from 5m to 8m (c = 100/s, queue
 * limit 5 pods × 50 = 250), so at 8m the queue holds 250 requests: a wait of 1.25 s > T at c = 200/s.
 * The storm persists iff, once the wait exceeds T (every served attempt times out), the offered
 * attempts λ·a exceed c, a = attempts per request: 150 × 3 = 450 > 200 (storm); a 20% budget caps
 * a at 1/(1 − 0.2) = 1.25, 187.5 < 200 (drains); one attempt 150 < 200 (drains).
 */
describe('a metastable retry storm (fixture overload-storm.yaml)', () => {
  const w = world(stormText);
  const step = 60;
  const runs = [0, 1, 2].map((d) => runTraffic(w, d, 0, 'fluid', step).traffic!);
  const [storm, budget, oneAttempt] = runs;
  const afterTrigger = (t: typeof storm) => t.successTimeline!.slice(9); // minutes 9–20: the trigger ended at 8m

  it('without a budget the storm outlives its trigger: goodput stays 0 to the end, the queue stays full', () => {
    for (const share of afterTrigger(storm)) expect(share).toBeLessThan(1e-6);
    // Overloaded from 5m to the 20m horizon; a storm (first attempts fit capacity) from 8m on.
    expect(storm.overload!.overloadedS).toBeCloseTo(900, 6);
    expect(storm.overload!.stormS).toBeCloseTo(720, 6);
    expect(storm.overload!.maxBacklogRequests).toBeCloseTo(10 * 50, 6);
    // Every request after the trigger fails: 150/s × 12 min at least.
    expect(storm.failedRequests).toBeGreaterThan(150 * 720);
    expect(storm.failedBy.timeout + storm.failedBy.shed).toBeCloseTo(storm.failedRequests, 6);
  });

  it('one attempt drains the 250 queued at c − λ = 50/s: the storm lasts B/(c − λ) = 5 s, then every request succeeds', () => {
    expect(oneAttempt.overload!.stormS).toBeCloseTo(250 / (200 - 150), 6);
    expect(oneAttempt.overload!.overloadedS).toBeCloseTo(180 + 5, 6);
    for (const share of afterTrigger(oneAttempt)) expect(share).toBeGreaterThan(0.999);
  });

  it('a 20% budget recovers within the draining bound B/(c − λ·a) = 250/(200 − 187.5) = 20 s', () => {
    // The bound holds while every served attempt times out (a = 1.25); once the wait falls under T
    // fewer time out, fewer are retried, and it drains faster.
    expect(budget.overload!.stormS).toBeGreaterThan(250 / (200 - 150));
    expect(budget.overload!.stormS).toBeLessThan(20);
    for (const share of afterTrigger(budget)) expect(share).toBeGreaterThan(0.999);
    expect(budget.failedRequests).toBeLessThan(storm.failedRequests / 4);
  });

  it('the fleet-wide (mesh) path, which keeps idle pools\' waits, finds the same storm and recovery', () => {
    const meshed = world(stormText.replaceAll('ingress: { dns: {} }', 'ingress: { dns: {} }\n      mesh: { localityOrder: [zone, region, any] }'));
    for (const d of [0, 1]) {
      const t = runTraffic(meshed, d, 0).traffic!;
      expect(t.failedRequests).toBeCloseTo(runs[d].failedRequests, 6);
      expect(t.overload!.stormS).toBeCloseTo(runs[d].overload!.stormS, 6);
    }
  });

  it('with an unbounded queue (shedding none) the trigger\'s backlog B = (λ − c\') × 180 s drains in B/(c − λ) with one attempt; with three the storm lasts the hour', () => {
    const unbounded = world(stormText.replaceAll('{ policy: queueLength, maxQueuedPerPod: 50 }', '{ policy: none }').replace('horizon: 20m', 'horizon: 1h'));
    const one = runTraffic(unbounded, 2, 0).traffic!;
    // c' = 100/s during the trigger: B = 50 × 180 = 9000 queued, drained at 200 − 150 = 50/s.
    expect(one.overload!.maxBacklogRequests).toBeCloseTo(9000, 6);
    expect(one.overload!.stormS).toBeCloseTo(9000 / 50, 6);
    const three = runTraffic(unbounded, 0, 0).traffic!;
    expect(three.overload!.stormS).toBeCloseTo(3600 - 480, 6);
    expect(three.failedBy.timeout).toBeCloseTo(three.failedRequests, 6);
  });

  it('counts after warm-up only: with warm-up at 10m the trigger is not seen, the storm from 10m on is', () => {
    const late = world(stormText.replace('warmup: 1m', 'warmup: 10m'));
    const t = runTraffic(late, 0, 0).traffic!;
    expect(t.overload!.overloadedS).toBeCloseTo(600, 6);
    expect(t.overload!.stormS).toBeCloseTo(600, 6);
    const drained = runTraffic(late, 2, 0).traffic!;
    expect(drained.overload).toEqual({ overloadedS: 0, stormS: 0, maxBacklogRequests: 0 });
  });
});

/** One pool of 20 slots at 100 ms (c = 200/s) under shedding none, offered `lambda`. */
function pool(lambda: number, retries: string): { parts: TrafficParts; g: number; evaluate: () => ReturnType<typeof emptyTally> } {
  const text = stormText
    .replace(/designs:[\s\S]*faults:/, `designs:\n  - name: one\n    placement: { default: { replicaScheduling: duplicated } }\n    traffic: { ingress: { dns: {} }, shedding: { policy: none }${retries} }\nfaults:`)
    .replace(/rate: 150\/s/, `rate: ${lambda}/s`);
  const parts = trafficParts(text);
  parts.flow.poolBacklogs.configure(parts.world.scenario.designs[0].traffic.shedding, 0);
  const g = parts.group('api', 0);
  parts.pods.ready[g] = 10;
  const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
  entry[g] = lambda;
  const evaluate = () => {
    const tally = emptyTally();
    parts.flow.begin([0], entry, [parts.services.indexByName.get('api')!]);
    parts.flow.forward([0], Uint8Array.of(1), tally, 'reset');
    parts.flow.backward([0]);
    return tally;
  };
  return { parts, g, evaluate };
}

describe('pool backlogs in closed form (shedding none, c = 200/s)', () => {
  it('offered past capacity, the backlog grows at the difference and its wait is B/c', () => {
    const { parts, g, evaluate } = pool(260, '');
    evaluate();
    const backlogs = parts.flow.poolBacklogs;
    expect(backlogs.growthOf(g)).toBeCloseTo(60, 9);
    backlogs.advance(5);
    expect(backlogs.backlogOf(g)).toBeCloseTo(300, 9);
    evaluate();
    const p = parts.flow.pools[g];
    expect(p.admittedPerS).toBeCloseTo(200, 9); // the pods serve at capacity
    expect(p.pWait / p.waitRatePerS).toBeCloseTo(300 / 200, 9);
  });

  it('once the wait exceeds T every attempt times out: the backlog grows at λ·k − c with k attempts, shrinks at λ/(1 − b) − c with a budget b', () => {
    for (const [retries, growth] of [
      [', retries: { attempts: 3, retryOn: [timeout], perTryTimeout: 1s }', 150 * 3 - 200],
      [', retries: { attempts: 3, retryOn: [timeout], perTryTimeout: 1s, budget: 20% }', 150 / 0.8 - 200],
      [', retries: { attempts: 1, perTryTimeout: 1s }', 150 - 200],
    ] as const) {
      const { parts, g, evaluate } = pool(300, retries);
      evaluate(); // 300/s > 200/s: the backlog starts growing
      const backlogs = parts.flow.poolBacklogs;
      backlogs.advance(600 / backlogs.growthOf(g)); // 600 queued: a 3 s wait, far past T and any service time
      // The trigger ends: demand falls back to 150/s, under capacity; the same flow keeps its backlog.
      const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
      entry[g] = 150;
      const tally = emptyTally();
      parts.flow.begin([0], entry, [parts.services.indexByName.get('api')!]);
      parts.flow.forward([0], Uint8Array.of(1), tally, 'reset');
      expect(parts.flow.timeoutShareOf[g]).toBe(1);
      expect(backlogs.growthOf(g)).toBeCloseTo(growth, 6);
      expect(tally.timeout).toBeCloseTo(150, 6); // goodput 0 while the wait exceeds T
    }
  });

  it('a full queue past T: attempts x solve x = λ(1 + q + q²) with q = c/x the share not shed (all admitted time out and are retried)', () => {
    const { parts, g, evaluate } = pool(300, ', retries: { attempts: 3, retryOn: [timeout], perTryTimeout: 1s }');
    const backlogs = parts.flow.poolBacklogs;
    backlogs.configure({ policy: 'queueLength', maxQueuedPerPod: 30 }, 0); // 10 pods: 300 slots, a 1.5 s wait when full
    evaluate();
    backlogs.advance(1000);
    expect(backlogs.backlogOf(g)).toBe(300);
    const entry = new Float64Array(parts.services.serviceCount * parts.network.clusterCount);
    entry[g] = 150;
    const tally = emptyTally();
    parts.flow.begin([0], entry, [parts.services.indexByName.get('api')!]);
    parts.flow.forward([0], Uint8Array.of(1), tally, 'reset');
    // Solved here by bisection: f(x) = x − 150 (1 + 200/x + (200/x)²) rises from x = 200 on.
    let lo = 200;
    let hi = 450;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (mid - 150 * (1 + 200 / mid + (200 / mid) ** 2) > 0) hi = mid;
      else lo = mid;
    }
    const x = parts.flow.pools[g].offeredPerS;
    expect(x).toBeCloseTo(lo, 6);
    expect(parts.flow.shedShareOf[g]).toBeCloseTo((x - 200) / x, 9);
    expect(backlogs.growthOf(g)).toBeCloseTo(0, 9); // full: what is admitted is what is served
    expect(tally.timeout + tally.shed).toBeCloseTo(150, 6);
  });

  it('a pool no evaluation visited (its cluster\'s data plane down) loses its queue', () => {
    const { parts, g, evaluate } = pool(300, '');
    evaluate();
    const backlogs = parts.flow.poolBacklogs;
    backlogs.advance(5);
    expect(backlogs.backlogOf(g)).toBeCloseTo(500, 9);
    backlogs.advance(1); // no evaluation in between
    expect(backlogs.backlogOf(g)).toBe(0);
    expect(backlogs.nextChangeInS()).toBe(Infinity);
  });

  it('a draining backlog without timeouts empties in B/(c − λ): stepping from wake-up to wake-up', () => {
    const drain = pool(120, '');
    const g = drain.g;
    // 1000 queued (as if an overload had grown it at 1000/s for a second), then offered 120/s.
    drain.parts.flow.poolBacklogs.set(g, 1000, 200, Infinity, Infinity, 300);
    drain.parts.flow.poolBacklogs.advance(1);
    expect(drain.parts.flow.poolBacklogs.backlogOf(g)).toBeCloseTo(1000, 9);
    let t = 0;
    for (let i = 0; i < 100 && drain.parts.flow.poolBacklogs.backlogOf(g) > 0; i++) {
      drain.evaluate();
      const dt = drain.parts.flow.poolBacklogs.nextChangeInS();
      drain.parts.flow.poolBacklogs.advance(dt);
      t += dt;
    }
    expect(t).toBeCloseTo(1000 / (200 - 120), 6);
  });

  it('wakes the model every 10% of T of wait while it grows toward 2T, and when a bounded queue fills', () => {
    const { parts, g, evaluate } = pool(300, ', retries: { attempts: 1, perTryTimeout: 1s }');
    evaluate();
    const backlogs = parts.flow.poolBacklogs;
    // Growth 100/s, capacity 200/s: 10% of T is 20 requests, 0.2 s.
    expect(backlogs.growthOf(g)).toBeCloseTo(100, 9);
    expect(backlogs.nextChangeInS()).toBeCloseTo(0.2, 9);
    backlogs.advance(4.5); // 450 queued: 2.25 s of wait, past 2T: nothing more to track while it grows
    evaluate();
    expect(backlogs.nextChangeInS()).toBe(Infinity);
    const bounded = pool(300, '');
    bounded.parts.flow.poolBacklogs.configure({ policy: 'queueLength', maxQueuedPerPod: 30 }, 0);
    bounded.evaluate();
    // 300 slots fill at 100/s in 3 s; without an attempt limit the backlog is tracked in steps of a
    // quarter of itself or a second's work (200), whichever is more: the first wake is at 2 s.
    expect(bounded.parts.flow.poolBacklogs.nextChangeInS()).toBeCloseTo(2, 9);
  });
});
