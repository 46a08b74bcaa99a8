import { describe, expect, it } from 'vitest';
import { TIMELINE_STEPS, faultWindows, stepAverage, timelineFaults, timelineWindow } from '../../../src/model/replication/faultWindows.js';
import { BURN_POINTS, burnSeries, burnStepS } from '../../../src/model/replication/burn.js';
import { TrafficTrace } from '../../../src/model/traffic/trafficTrace.js';
import type { FaultRecord } from '../../../src/model/runtime/faultRecords.js';

const record = (id: number, kind: FaultRecord['kind'], startS: number, endS: number, source: FaultRecord['source'] = 'stochastic'): FaultRecord => ({
  id, kind, target: `t${id}`, source, origin: undefined, startS, endS, detectedS: NaN, failedOverS: NaN, recoveredS: NaN, affectedServices: [], podsLost: 0, censored: false, usersHitS: NaN, usersBackS: NaN, usersOutS: NaN, usersCensored: false,
});

describe('stepAverage', () => {
  it('time-averages a step function over a window', () => {
    const s = { tS: [0, 100, 200], value: [1, 0.5, 1] };
    expect(stepAverage(s, 50, 150)).toBeCloseTo((50 * 1 + 50 * 0.5) / 100, 12);
    expect(stepAverage(s, 100, 200)).toBe(0.5);
    expect(stepAverage(s, 250, 300)).toBe(1);
    // An empty window: the value at its start.
    expect(stepAverage(s, 150, 150)).toBe(0.5);
  });
});

describe('which faults get a timeline', () => {
  it('the worst of each kind before the second of any kind; scripted first', () => {
    const rs = [
      record(0, 'node', 0, 100),
      record(1, 'zone', 0, 50),
      record(2, 'zone', 0, 500),
      record(3, 'node', 0, 900, 'scripted'),
      record(4, 'region', 0, 10),
      record(5, 'zone', 0, 60),
    ];
    expect(timelineFaults(rs, 4)).toEqual([3, 4, 2, 5]);
    expect(timelineFaults(rs, 10)).toEqual([3, 4, 2, 5, 0, 1]);
  });
});

describe('faultWindows', () => {
  it('the served share and ready capacity while the fault lasted, and a timeline of TIMELINE_STEPS around it', () => {
    const trace = new TrafficTrace();
    // 10 requests a second; between 1,000 and 1,300 s a fifth of them fail.
    trace.add(0, 1000, 10_000, 0);
    trace.add(1000, 1300, 3000, 600);
    trace.add(1300, 10_000, 87_000, 0);
    const ready = { tS: [0, 1000, 1600], value: [1, 0.5, 1] };
    const [w] = faultWindows([record(0, 'zone', 1000, 1300)], trace.curve(), ready, 10_000);
    expect(w.servedRatio).toBeCloseTo(0.8, 12);
    expect(w.readyCapacity).toBe(0.5);
    const t = w.timeline!;
    const win = timelineWindow(1000, 1300, 10_000);
    expect(t.windowStartS).toBe(win.fromS);
    expect(t.stepS * TIMELINE_STEPS).toBeCloseTo(win.toS - win.fromS, 9);
    expect(t.successRatio.length).toBe(TIMELINE_STEPS);
    // The steps inside the fault see its failures, those before it none.
    const at = (s: number) => Math.floor((s - t.windowStartS) / t.stepS);
    expect(t.successRatio[at(1100)]).toBeCloseTo(0.8, 6);
    expect(t.successRatio[0]).toBe(1);
    expect(t.readyCapacity[at(1100)]).toBe(0.5);
    expect(t.readyCapacity[TIMELINE_STEPS - 1]).toBe(1);
  });

  it('without traffic: no served share, the capacity still', () => {
    const [w] = faultWindows([record(0, 'node', 100, 200)], null, { tS: [0], value: [1] }, 1000);
    expect(w.servedRatio).toBeNull();
    expect(w.timeline!.successRatio.every((x) => x === null)).toBe(true);
  });
});

describe('burn series', () => {
  it('picks the finest step with at most BURN_POINTS points', () => {
    expect(burnStepS(0, 365 * 86_400)).toBe(86_400);
    expect(burnStepS(0, 30 * 86_400)).toBe(6 * 3600);
    expect(burnStepS(0, 3600)).toBe(600);
    expect(Math.ceil((400 * 86_400) / burnStepS(0, 400 * 86_400))).toBeLessThanOrEqual(BURN_POINTS);
  });

  it('sums the buckets into steps from the warm-up\'s, the last ending at the horizon', () => {
    const buckets = Float64Array.from({ length: 36 }, (_, b) => (b < 6 ? 0 : b)); // 6 h of 600 s buckets, warm-up 1 h
    const s = burnSeries(buckets, 3600, 6 * 3600 - 100);
    expect(s.stepS).toBe(600);
    expect(s.failed.length).toBe(30);
    expect(s.failed.reduce((a, b) => a + b, 0)).toBe(buckets.reduce((a, b) => a + b, 0));
    expect(s.endS[0]).toBe(4200);
    expect(s.endS.at(-1)).toBe(6 * 3600 - 100);
  });
});
