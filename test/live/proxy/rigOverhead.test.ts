import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../src/live/proxy/loadGenerator.js';
import type { Measurement } from '../../../src/live/proxy/measure.js';
import type { ModelPrediction } from '../../../src/live/proxy/modelHook.js';
import { rigOverhead } from '../../../src/live/proxy/rigOverhead.js';
import { DEFAULT_PROXY_TOLERANCE, latencyChecks } from '../../../src/live/proxy/validateProxy.js';

const ok = (sentMs: number, doneMs: number, serviceMs?: number): RequestRecord => (serviceMs === undefined ? { sentMs, doneMs, outcome: 'ok', status: 200 } : { sentMs, doneMs, outcome: 'ok', status: 200, serviceMs });

describe('rigOverhead', () => {
  it('is the client time less the service time less the added delay, over answered requests only', () => {
    // Overheads 1, 2, …, 10 ms on a 20 ms service time, each sent 40 ms of added delay (two 20 ms hops).
    const records: RequestRecord[] = Array.from({ length: 10 }, (_, i) => ok(100 * i, 100 * i + 20 + 40 + (i + 1), 20));
    records.push({ sentMs: 5, doneMs: 500, outcome: 'timeout', status: 0 }, { sentMs: 6, doneMs: 7, outcome: 'http-error', status: 503, serviceMs: 0.5 }, ok(7, 900));
    const o = rigOverhead(records, 40);
    expect(o.p50Ms).toBeCloseTo(6, 9); // the upper median of 1..10
    expect(o.p90Ms).toBeCloseTo(10, 9);
    expect(o.p99Ms).toBeCloseTo(10, 9);
    expect(o.meanMs).toBeCloseTo(5.5, 9);
  });

  it('leaves out the answers that waited out a per-try timeout (overhead at or above the cap)', () => {
    const records: RequestRecord[] = [ok(0, 22, 20), ok(0, 23, 20), ok(0, 125, 20)];
    const o = rigOverhead(records, 0, 100);
    expect(o.meanMs).toBeCloseTo(2.5, 9);
    expect(o.p99Ms).toBeCloseTo(3, 9);
    expect(rigOverhead(records, 0).p99Ms).toBeCloseTo(105, 9);
  });

  it('is zero where no answer carries a service time', () => {
    expect(rigOverhead([ok(0, 10)], 0)).toEqual({ p50Ms: 0, p90Ms: 0, p99Ms: 0, meanMs: 0 });
  });
});

describe('latencyChecks with the rig overhead', () => {
  const m = { p50Ms: 26, p99Ms: 60 } as Measurement;
  const model: ModelPrediction[] = [{ source: 'fluid', successRatio: 1, p50Ms: 20, p99Ms: 30 } as ModelPrediction];
  it('widens the p50 allowance by the overhead mean and the p99 allowance to the overhead p99, no further', () => {
    const calm = latencyChecks(m, model, DEFAULT_PROXY_TOLERANCE);
    expect(calm.map((c) => c.agree)).toEqual([false, false]);
    const busy = latencyChecks(m, model, DEFAULT_PROXY_TOLERANCE, 0, 0, { p50Ms: 2, p90Ms: 8, p99Ms: 30, meanMs: 3 });
    expect(busy.map((c) => c.allowed)).toEqual([DEFAULT_PROXY_TOLERANCE.latencyFloorMs + 3, 30]);
    expect(busy.map((c) => c.agree)).toEqual([true, true]);
    // A model 10 ms off at p50 still fails beside that overhead.
    expect(latencyChecks({ ...m, p50Ms: 30 }, model, DEFAULT_PROXY_TOLERANCE, 0, 0, { p50Ms: 2, p90Ms: 8, p99Ms: 30, meanMs: 3 })[0]!.agree).toBe(false);
  });
});
