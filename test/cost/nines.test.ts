import { describe, expect, it } from 'vitest';
import { interval, nines, pricePerNine, summarizeCosts, type CostLine, type MonthlyCost } from '../../src/cost/index.js';
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

describe('cost over replications, per cluster', () => {
  const ln = (cluster: string | null, category: CostLine['category'], usd: number): CostLine => ({ category, cluster, item: 'x', quantityPerMonth: 1, quantityUnit: 'u', usdPerUnit: usd, monthlyUsd: usd, priceKey: 'k', source: 's', asOf: 'a' });
  const bill = (lines: CostLine[]): MonthlyCost => {
    const byCategory = { controlPlane: 0, nodes: 0, loadBalancers: 0, nat: 0, dataTransfer: 0, logging: 0 };
    for (const l of lines) byCategory[l.category] += l.monthlyUsd;
    const total = lines.reduce((a, l) => a + l.monthlyUsd, 0);
    return { design: 'd', clusters: ['c1', 'c2'], totalUsd: total, byCategory, lines, notes: [], catalogVersion: 'v', requestsPerMonth: null, perMillionRequestsUsd: null, idle: { unallocatedUsd: 0, allocatedUnusedUsd: null } };
  };
  it('means per billed cluster and category, provider-wide lines under null, summing to the mean total', () => {
    const s = summarizeCosts([
      bill([ln('c1', 'controlPlane', 73), ln('c1', 'nodes', 100), ln('c2', 'nodes', 50), ln(null, 'dataTransfer', 10)]),
      bill([ln('c1', 'controlPlane', 73), ln('c1', 'nodes', 120), ln('c2', 'nodes', 70), ln(null, 'dataTransfer', 30)]),
    ]);
    expect(s.clusters).toEqual(['c1', 'c2']);
    expect(s.byCluster.map((c) => [c.cluster, c.monthlyUsd])).toEqual([['c1', 183], ['c2', 60], [null, 20]]);
    expect(s.byCluster[0].breakdown.find((b) => b.category === 'nodes')!.monthlyUsd).toBe(110);
    expect(s.byCluster.reduce((a, c) => a + c.monthlyUsd, 0)).toBeCloseTo(s.monthlyUsd.mean!, 9);
  });
});
