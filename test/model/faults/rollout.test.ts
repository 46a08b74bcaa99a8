import { describe, expect, it } from 'vitest';
import { assignWaves, burnRateDetectionS, expectedClustersHit, expectedExposureS, waveOffsetS } from '../../../src/model/faults/rollout.js';
import { WORKBOOK_ALERTS } from '../../../src/scenario/changes.js';

const FAST = [{ longS: 3600, shortS: 300, burnRate: 14.4 }];
const clusters = ['a', 'b', 'c', 'd', 'e'].map((name, id) => ({ id, name }));
const names = (waves: { name: string }[][]) => waves.map((w) => w.map((c) => c.name));

describe('burn-rate detection time (SRE Workbook: (1 − SLO) / error ratio × window × burn rate)', () => {
  it('a step to 100% errors at SLO 99.9%: 1 h × 14.4 × 0.001 = 51.84 s', () => {
    expect(burnRateDetectionS([{ atS: 0, share: 1 }], 0.999, FAST)).toBeCloseTo(51.84, 9);
  });

  it('a quarter of the traffic failing takes four times as long: 207.36 s', () => {
    expect(burnRateDetectionS([{ atS: 0, share: 0.25 }], 0.999, FAST)).toBeCloseTo(207.36, 9);
  });

  it('1% errors slip under the 14.4× page and are caught by the 6× one: 6 h × 6 × 0.001 / 0.01 = 12 960 s', () => {
    expect(burnRateDetectionS([{ atS: 0, share: 0.01 }], 0.999, WORKBOOK_ALERTS)).toBeCloseTo(12_960, 6);
  });

  it('0.2% errors only the 3-day ticket sees: 3 d × 1 × 0.001 / 0.002 = 129 600 s; 0.05% (within budget) never', () => {
    expect(burnRateDetectionS([{ atS: 0, share: 0.002 }], 0.999, WORKBOOK_ALERTS)).toBeCloseTo(129_600, 4);
    expect(burnRateDetectionS([{ atS: 0, share: 0.0005 }], 0.999, WORKBOOK_ALERTS)).toBe(Infinity);
  });

  it('a second wave raises the share mid-window: 0.25 from 0, 1 from 60 s → 15 + (t − 60) = 51.84, t = 96.84 s', () => {
    const steps = [
      { atS: 0, share: 0.25 },
      { atS: 60, share: 1 },
    ];
    expect(burnRateDetectionS(steps, 0.999, FAST)).toBeCloseTo(96.84, 9);
  });

  it('a 100% SLO has no budget: the first wave with any errors pages; a change without errors never does', () => {
    expect(burnRateDetectionS([{ atS: 0, share: 0 }, { atS: 60, share: 0.5 }], 1, FAST)).toBe(60);
    expect(burnRateDetectionS([{ atS: 0, share: 0 }], 1, FAST)).toBe(Infinity);
  });

  it('errors older than the window fall out of it: 0.1% of errors forever never reaches 14.4 × 0.1%', () => {
    expect(burnRateDetectionS([{ atS: 0, share: 0.001 }], 0.999, FAST)).toBe(Infinity);
  });
});

describe('waves of clusters', () => {
  it('counts take the clusters no wave names, in order; "rest" takes the remainder', () => {
    expect(names(assignWaves([{ kind: 'count', count: 1 }, { kind: 'clusters', names: ['d'] }, { kind: 'rest' }], clusters))).toEqual([['a'], ['d'], ['b', 'c', 'e']]);
  });

  it('clusters no wave covers form a last wave; named clusters the stream does not reach are skipped', () => {
    expect(names(assignWaves([{ kind: 'count', count: 2 }], clusters))).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    expect(names(assignWaves([{ kind: 'clusters', names: ['zz', 'b'] }, { kind: 'rest' }], clusters))).toEqual([['b'], ['a', 'c', 'd', 'e']]);
  });

  it('allAtOnce is one wave of everything', () => {
    expect(names(assignWaves([{ kind: 'rest' }], clusters))).toEqual([['a', 'b', 'c', 'd', 'e']]);
  });

  it('an upgrade\'s next wave starts after its own duration and the bake', () => {
    expect(waveOffsetS(2, 1800, 3600)).toBe(10_800);
    expect(waveOffsetS(2, 1800, 0)).toBe(3600);
  });
});

describe('closed forms of the blast radius (hand-worked)', () => {
  const H = 3600;

  it('fixed detection 90 min, waves 1, 2, 5 an hour apart, rollback 10 min: 3 clusters hit, 1 × 100 + 2 × 40 = 180 cluster-minutes', () => {
    const d = { kind: 'constant' as const, valueS: 1.5 * H };
    expect(expectedClustersHit([1, 2, 5], H, d)).toBe(3);
    expect(expectedExposureS([1, 2, 5], H, d, 600)).toBeCloseTo(180 * 60, 9);
  });

  it('all at once: every cluster for D + R (8 clusters × (90 + 10) min)', () => {
    const d = { kind: 'constant' as const, valueS: 1.5 * H };
    expect(expectedClustersHit([8], H, d)).toBe(8);
    expect(expectedExposureS([8], H, d, 600)).toBeCloseTo(8 * 100 * 60, 9);
  });

  it('exponential detection, mean 1 h: hits 1 + 2/e + 5/e² = 2.412435; exposure × (1 h + R̄ 0.5 h) = 3.618653 h', () => {
    const d = { kind: 'exponential' as const, meanS: H };
    expect(expectedClustersHit([1, 2, 5], H, d)).toBeCloseTo(2.412435, 5);
    expect(expectedExposureS([1, 2, 5], H, d, 0.5 * H) / H).toBeCloseTo(3.618653, 5);
  });

  it('traffic-share weights give the expected downtime: a canary with 25% of traffic, D 2 min, R 10 min → 0.25 × 12 min', () => {
    expect(expectedExposureS([0.25, 0.25, 0.5], H, { kind: 'constant', valueS: 120 }, 600)).toBeCloseTo(0.25 * 720, 9);
  });
});
