import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { interval } from '../../src/run/intervals.js';
import { stratifiedInterval } from '../../src/run/stratified.js';
import type { ReplicationSummary } from '../../src/run/types.js';
import { INFO, designSummary, replication } from './fixture.js';

const RARE_INFO = { ...INFO, rareOutagesPerReplication: 0.1 };
const P0 = Math.exp(-0.1);

/** Plain replications 0…4 (the fourth had a region outage) and rare-stratum ones −1…−3; design b loses 0.0002 more in every replication with an outage. */
const a = [0.9995, 0.9994, 0.9996, 0.998, 0.9995];
const rareA = [0.9975, 0.9985, 0.997];
const plainOutages = [0, 0, 0, 1, 0];
const plain = (withCounts: boolean): ReplicationSummary[] =>
  a.map((x, r) => ({ ...replication(r, [designSummary('a', x), designSummary('b', x - (plainOutages[r] > 0 ? 0.0002 : 0))]), ...(withCounts ? { rareOutages: plainOutages[r] } : {}) }));
const conditioned: ReplicationSummary[] = rareA.map((x, j) => ({ ...replication(-(j + 1), [designSummary('a', x), designSummary('b', x - 0.0002)]), rareOutages: 1 }));

describe('aggregate with rare faults', () => {
  it('without rare faults: the plain interval, and results keep their form', () => {
    const res = aggregate({ info: INFO, summaries: plain(false), stopping: null, createdAt: 't' });
    expect(res.designs[0].availability).toEqual(interval(a));
    expect('rareFaults' in res.run).toBe(false);
    expect(res.replications.every((r) => !('rareOutages' in r))).toBe(true);
    expect(() => aggregate({ info: INFO, summaries: [...plain(false), ...conditioned], stopping: null, createdAt: 't' })).toThrow(/without rare faults/);
  });

  it('stratifies availability and its comparisons on rare outages, with the rare-stratum replications', () => {
    const res = aggregate({ info: RARE_INFO, summaries: [...conditioned].reverse().concat(plain(true)), stopping: null, createdAt: 't' });
    const rare = plainOutages.map((k) => k > 0);
    const expected = stratifiedInterval({ values: a, rare, conditioned: rareA, noneProbability: P0 }, 0.95)!.interval;
    expect(res.designs[0].availability).toEqual(expected);
    // Stratified mean: P0 × mean of the four without an outage + (1 − P0) × mean of the four with one.
    expect(expected.mean).toBeCloseTo(P0 * 0.9995 + (1 - P0) * ((0.998 + 0.9975 + 0.9985 + 0.997) / 4), 12);
    // Far below the plain mean of the five: one outage in five replications is over-weighted, none is not.
    expect(expected.mean!).not.toBeCloseTo(interval(a).mean!, 5);
    expect(res.designs[0].downtimeMinutesPerMonth.mean).toBeCloseTo((1 - expected.mean!) * 43_800, 6);
    // b − a: −0.0002 exactly in the rare stratum, 0 in the other: −(1 − P0) × 0.0002, with no width.
    expect(res.comparisons[0].availability.mean).toBeCloseTo(-(1 - P0) * 0.0002, 12);
    expect(res.comparisons[0].availability.halfWidth).toBeLessThan(1e-12);
    expect(res.run.replications).toBe(5);
    expect(res.replications.map((r) => [r.replication, r.rareOutages])).toEqual([[0, 0], [1, 0], [2, 0], [3, 1], [4, 0]]);
    expect(res.run.rareFaults).toMatchObject({ kind: 'region', expectedPerReplication: 0.1, stratified: true, strata: { none: 4, some: 4 } });
    expect(res.run.rareFaults!.noneProbability).toBeCloseTo(P0, 15);
    expect(res.run.rareFaults!.conditioned.map((c) => [c.replication, c.designs[0].availability])).toEqual([[-1, 0.9975], [-2, 0.9985], [-3, 0.997]]);
  });

  it('falls back to the plain interval when the rare stratum has fewer than two replications, and says so', () => {
    const res = aggregate({ info: RARE_INFO, summaries: plain(true), stopping: null, createdAt: 't' });
    expect(res.designs[0].availability).toEqual(interval(a));
    expect(res.run.rareFaults).toMatchObject({ stratified: false, strata: { none: 4, some: 1 }, conditioned: [] });
  });

  it('refuses rare-stratum replications with gaps', () => {
    expect(() => aggregate({ info: RARE_INFO, summaries: [...plain(true), conditioned[0], conditioned[2]], stopping: null, createdAt: 't' })).toThrow(/−1…−2 each once; found -3/);
  });
});
