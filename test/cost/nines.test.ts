import { describe, expect, it } from 'vitest';
import { interval, nines, pricePerNine, summarizeCosts, type MonthlyCost } from '../../src/cost/index.js';
import { meanConfidence } from '../../src/engine/stats/confidence.js';

describe('nines and their price', () => {
  it('counts nines', () => {
    expect(nines(0.99)).toBeCloseTo(2, 12);
    expect(nines(0.9995)).toBeCloseTo(3.30103, 5);
    expect(nines(1)).toBe(Infinity);
  });
  it('prices the extra nine between two designs', () => {
    // 99.9% at $1,000 → 99.99% at $1,600: one nine for $600 a month.
    expect(pricePerNine({ monthlyUsd: 1000, availability: 0.999 }, { monthlyUsd: 1600, availability: 0.9999 })).toBeCloseTo(600, 6);
    expect(pricePerNine({ monthlyUsd: 1000, availability: 0.999 }, { monthlyUsd: 1600, availability: 0.999 })).toBeNull();
    expect(pricePerNine({ monthlyUsd: 1000, availability: 0.999 }, { monthlyUsd: 1600, availability: 1 })).toBeNull();
  });
});

describe('cost over replications', () => {
  const rep = (total: number, perM: number | null): MonthlyCost => ({
    design: 'd', clusters: ['c1'], totalUsd: total, lines: [], notes: [], catalogVersion: 'v', requestsPerMonth: perM === null ? null : 1e6, perMillionRequestsUsd: perM,
    byCategory: { controlPlane: 73, nodes: total - 73, loadBalancers: 0, nat: 0, dataTransfer: 0, logging: 0 },
    idle: { unallocatedUsd: 10, allocatedUnusedUsd: null },
  });
  it('gives the mean monthly cost with a Student-t interval and the mean breakdown', () => {
    const s = summarizeCosts([rep(1000, 1), rep(1100, 2), rep(1300, 3)]);
    const ci = meanConfidence([1000, 1100, 1300]);
    expect(s.monthlyUsd.mean).toBeCloseTo(1133.333, 3);
    expect(s.monthlyUsd.halfWidth).toBeCloseTo(ci.halfWidth, 9);
    expect(s.breakdown.find((b) => b.category === 'nodes')!.monthlyUsd).toBeCloseTo(1060.333, 3);
    expect(s.perMillionRequestsUsd!.mean).toBe(2);
    expect(s.idle.allocatedUnusedUsd).toBeNull();
  });
  it('uses null, not NaN, when one replication cannot give an interval', () => {
    expect(interval([5])).toEqual({ n: 1, mean: 5, halfWidth: null, lower: null, upper: null });
  });
});
