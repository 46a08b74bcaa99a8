import { describe, expect, it } from 'vitest';
import { HpaHistory, metricReplicas, targetPercent, utilizationPercent, type HpaBehavior } from '../../../src/model/runtime/hpaAlgorithm.js';

/** The autoscaling/v2 defaults (100% or 4 pods per 15 s up, no up window, 300 s down window). */
const DEFAULTS: HpaBehavior = { minReplicas: 1, maxReplicas: 100, scaleUpPercent: 100, scaleUpPods: 4, scaleUpPeriodS: 15, scaleUpStabilizationS: 0, scaleDownStabilizationS: 300 };
const ready = (n: number) => ({ ready: n, unready: 0, missing: 0 });

describe('metricReplicas (the replica calculator)', () => {
  it('all pods ready: ceil(ready × utilization / target)', () => {
    expect(metricReplicas(4, 0.9, ready(4), 0.5, 0.1)).toBe(8); // 90/50 × 4 = 7.2
    expect(metricReplicas(10, 0.2, ready(10), 0.5, 0.1)).toBe(4); // 0.4 × 10
    expect(metricReplicas(3, 0.95, ready(3), 0.7, 0.1)).toBe(5); // 95/70 × 3 = 4.07
  });

  it('keeps the current count inside the tolerance, both edges included', () => {
    expect(metricReplicas(4, 0.55, ready(4), 0.5, 0.1)).toBe(4); // ratio 1.1
    expect(metricReplicas(4, 0.45, ready(4), 0.5, 0.1)).toBe(4); // ratio 0.9
    expect(metricReplicas(4, 0.56, ready(4), 0.5, 0.1)).toBe(5); // 1.12 × 4 = 4.48
    expect(metricReplicas(4, 0.44, ready(4), 0.5, 0.1)).toBe(4); // 0.88 × 4 = 3.52 → 4, the same count by rounding up
    expect(metricReplicas(10, 0.44, ready(10), 0.5, 0.1)).toBe(9);
    expect(metricReplicas(4, 0.9, ready(4), 0.5, 0)).toBe(8);
  });

  it('reads utilization in whole percent, rounded down, as the metrics client does', () => {
    expect(utilizationPercent(0.5599)).toBe(55);
    expect(utilizationPercent(0.55)).toBe(55);
    expect(utilizationPercent(0.29)).toBe(29); // 28.999999999999996 in floats
    expect(metricReplicas(4, 0.5599, ready(4), 0.5, 0.1)).toBe(4); // 55% → ratio 1.1, inside
    expect(targetPercent(0.7)).toBe(70);
    expect(targetPercent(0.725)).toBeCloseTo(72.5, 9); // not an API value, kept as given
  });

  it('scale-up with unready pods: they count at 0%, which can cancel the scale-up', () => {
    // 4 ready at 90% and 1 starting: (4 × 90 + 0) / 5 = 72% → 1.44 × 5 = 7.2 → 8.
    expect(metricReplicas(5, 0.9, { ready: 4, unready: 1, missing: 0 }, 0.5, 0.1)).toBe(8);
    // 2 ready at 95% and 2 starting: 47% → 0.94, inside the tolerance: keep 4.
    expect(metricReplicas(4, 0.95, { ready: 2, unready: 2, missing: 0 }, 0.5, 0.1)).toBe(4);
    // 1 ready at 95%, 3 starting: 23% → 0.46, below 1 though usage said up: the direction flips, keep 4.
    expect(metricReplicas(4, 0.95, { ready: 1, unready: 3, missing: 0 }, 0.5, 0.1)).toBe(4);
  });

  it('unready pods are left out of a scale-down (the ready ones alone decide)', () => {
    expect(metricReplicas(5, 0.2, { ready: 2, unready: 3, missing: 0 }, 0.5, 0.1)).toBe(1); // ceil(0.4 × 2)
  });

  it('missing samples: 100% (or the target above it) on a scale-down, 0% on a scale-up', () => {
    // 3 ready at 20%, 1 missing, target 80%: (60 + 100) / 4 = 40% → 0.5 × 4 = 2.
    expect(metricReplicas(4, 0.2, { ready: 3, unready: 0, missing: 1 }, 0.8, 0.1)).toBe(2);
    // Target 120%: the missing pod counts at 120%: (60 + 120) / 4 = 45% → 0.375 × 4 = 1.5 → 2.
    expect(metricReplicas(4, 0.2, { ready: 3, unready: 0, missing: 1 }, 1.2, 0.1)).toBe(2);
    // Target 50%, current 3: (60 + 100) / 4 = 40% → 0.8 × 4 = 3.2 → 4, a scale-up out of a scale-down
    // reading: the direction flips, so the current 3 is kept.
    expect(metricReplicas(3, 0.2, { ready: 3, unready: 0, missing: 1 }, 0.5, 0.1)).toBe(3);
    // Scale-up, 3 ready at 90%, 1 missing: 270 / 4 = 67% → 1.34 × 4 = 5.36 → 6.
    expect(metricReplicas(4, 0.9, { ready: 3, unready: 0, missing: 1 }, 0.5, 0.1)).toBe(6);
  });

  it('no ready pod has a sample: no proposal (the controller does not scale)', () => {
    expect(metricReplicas(4, 0, { ready: 0, unready: 2, missing: 2 }, 0.5, 0.1)).toBe(-1);
  });
});

describe('HpaHistory: stabilization windows', () => {
  /** Proposals at 0, 15, 30 s…, each through stabilize and limit from the count the last one left. */
  function run(start: number, proposals: number[], b: HpaBehavior = DEFAULTS): number[] {
    const h = new HpaHistory();
    let current = start;
    return proposals.map((p, k) => {
      const t = 15 * k;
      h.start(t, current);
      const next = h.limit(t, current, h.stabilize(t, current, p, b), b);
      h.recordScale(t, current, next, b);
      current = next;
      return next;
    });
  }

  it('a scale-down waits until the highest proposal of the last 300 s is older than 300 s', () => {
    // 10 at first (the initial count, then proposals of 10 until 60 s), then 3 from 75 s on: the last
    // 10 was proposed at 60 s, so 3 applies at 360 s (a proposal exactly 300 s old is out of the window).
    const proposals = [10, 10, 10, 10, 10, ...Array<number>(25).fill(3)];
    const out = run(10, proposals);
    expect(out.slice(0, 24)).toEqual(Array<number>(24).fill(10)); // 0 … 345 s
    expect(out[24]).toBe(3); // 360 s
  });

  it('a scale-down is held at the highest recent proposal, not at the current count', () => {
    // From 12: proposals 8 at 0 s, 5 from 15 s: the initial 12 and the 8, both recorded at 0 s, hold
    // the count at 12 until they leave the window at 300 s; then the highest left is 5.
    const out = run(12, [8, 5, 5, ...Array<number>(20).fill(5)]);
    expect(out[0]).toBe(12);
    expect(out[19]).toBe(12); // 285 s: the initial 12 (at 0 s) is still in the window
    expect(out[20]).toBe(5); // 300 s: 12 and 8 (both at 0 s) are out
  });

  it('with an up-window, a scale-up is held at the lowest recent proposal', () => {
    const b = { ...DEFAULTS, scaleUpStabilizationS: 30 };
    // Proposals 4 (0 s), 9 (15 s), 9 (30 s), 9 (45 s): at 15 s the window (after −15 s) holds the 4
    // of 0 s → 4; at 30 s the 4 is exactly 30 s old, out → 9, limited to 4 + max(4, 4) = 8; then 9.
    expect(run(4, [4, 9, 9, 9], b)).toEqual([4, 4, 8, 9]);
  });
});

describe('HpaHistory: scale-up rate limit and bounds', () => {
  it('adds at most max(100% of the count, 4 pods) per 15 s period', () => {
    const h = new HpaHistory();
    expect(h.limit(0, 1, 50, DEFAULTS)).toBe(5); // 1 + max(1, 4)
    expect(h.limit(0, 3, 50, DEFAULTS)).toBe(7); // 3 + max(3, 4)
    expect(h.limit(0, 5, 50, DEFAULTS)).toBe(10); // 5 + max(5, 4)
    expect(h.limit(0, 5, 8, DEFAULTS)).toBe(8); // within the limit
  });

  it('counts what was added earlier in the period (a longer period spans several syncs)', () => {
    const b = { ...DEFAULTS, scaleUpPeriodS: 60 };
    const h = new HpaHistory();
    expect(h.limit(0, 2, 50, b)).toBe(6); // 2 + max(2, 4)
    h.recordScale(0, 2, 6, b);
    expect(h.limit(15, 6, 50, b)).toBe(6); // the period started at 2: still at most 6
    expect(h.limit(45, 6, 50, b)).toBe(6);
    expect(h.limit(60, 6, 50, b)).toBe(12); // the +4 at 0 s is exactly one period old: out
  });

  it('a scale-down earlier in the period raises the allowance back', () => {
    const b = { ...DEFAULTS, scaleUpPeriodS: 60 };
    const h = new HpaHistory();
    h.recordScale(0, 10, 6, b);
    expect(h.limit(30, 6, 50, b)).toBe(20); // the period started at 10: 10 + max(10, 4)
  });

  it('never beyond maxReplicas nor below minReplicas', () => {
    const b = { ...DEFAULTS, minReplicas: 3, maxReplicas: 8 };
    const h = new HpaHistory();
    expect(h.limit(0, 5, 50, b)).toBe(8);
    expect(h.limit(0, 5, 1, b)).toBe(3);
  });
});
