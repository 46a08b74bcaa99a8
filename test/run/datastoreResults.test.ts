import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/run/aggregate.js';
import { datastoresOverReplications } from '../../src/run/datastoreResults.js';
import { datastoreSummary } from '../../src/run/datastoreSummary.js';
import { summarizeDesign } from '../../src/run/summarize.js';
import type { ReplicationResult } from '../../src/model/replication/replication.js';
import { designSummary, INFO, replication } from './fixture.js';
import { failover, outcome } from './datastoreFixture.js';

const DAY_S = 86_400;
const SPAN_S = 30 * DAY_S;

describe('datastores over replications', () => {
  // Replication 0: two failovers (RTO 45 s and 50 s; RPO 0.5 s and 1.5 s; 10 and 20 writes lost);
  // replication 1: none, and a lower write availability.
  const reps = [
    [datastoreSummary(outcome({ failovers: [failover(45, 0.5, 10), failover(50, 1.5, 20)] }))],
    [datastoreSummary(outcome({ writeAvailableRatio: 0.997, commitLatencyS: { mean: 0.06, p50: 0.08, p99: 0.1 }, maxLagS: 2, readStalenessS: 0.3 }))],
  ];
  const [r] = datastoresOverReplications(reps, SPAN_S)!;

  it('gives availability and commit latency (ms) as means over replications with their intervals', () => {
    expect(r.name).toBe('cart-db');
    expect(r.writeAvailability.mean).toBeCloseTo(0.998, 12);
    expect(r.writeAvailability.n).toBe(2);
    // Two values 0.999 and 0.997: sd = 0.001414, t(0.975, 1) = 12.706 → half-width 12.706 × 0.001414 / √2 = 0.012706.
    expect(r.writeAvailability.halfWidth).toBeCloseTo(0.012706, 5);
    expect(r.commitLatencyMs.p50.mean).toBeCloseTo(76, 9);
    expect(r.commitLatencyMs.p99.mean).toBeCloseTo(95, 9);
  });

  it('clips an availability interval to [0, 1]: 0.999 and 0.997 give mean ± 0.0127, whose upper bound would be 1.0107', () => {
    expect(r.writeAvailability.upper).toBe(1);
    expect(r.writeAvailability.lower).toBeCloseTo(0.998 - 0.012706, 5);
    expect(r.readAvailability.upper).toBeLessThanOrEqual(1);
  });

  it('scales failovers and lost writes to a 365-day year, pooling failovers for RTO and RPO percentiles', () => {
    // 2 failovers in 30 days → 24.33 a year in replication 0, none in 1: mean 12.17.
    expect(r.failoversPerYear.mean).toBeCloseTo((2 * 365) / 30 / 2, 9);
    expect(r.failovers).toEqual({ count: 2, primaryLosses: 2, notRecovered: 0, splitBrain: 0 });
    // Type-7 percentiles of {45, 50}: p50 = 47.5, p99 = 45 + 0.99 × 5 = 49.95.
    expect(r.rtoS).toEqual({ count: 2, p50: 47.5, p99: expect.closeTo(49.95, 9), max: 50 });
    expect(r.rpoS.p50).toBeCloseTo(1, 12);
    expect(r.rpoBytes.max).toBe(20 * 2048);
    // 30 writes in 30 days → 365 a year, and 0: mean 182.5.
    expect(r.lostWritesPerYear.mean).toBeCloseTo(182.5, 9);
  });

  it('gives replication bytes per 730-hour month, and the largest lag', () => {
    const toMonth = (730 * 3600) / SPAN_S;
    expect(r.replicationBytesPerMonth.total.mean).toBeCloseTo(2e9 * toMonth, 0);
    expect(r.replicationBytesPerMonth.interRegion.mean).toBeCloseTo(1e9 * toMonth, 0);
    expect(r.maxLagS.max).toBe(2);
    expect(r.maxLagS.mean.mean).toBeCloseTo(1.25, 12);
    expect(r.readStalenessS.mean).toBeCloseTo(0.15, 12);
  });

  it('leaves a failover that never recovered out of the RTO percentiles and counts it', () => {
    const [x] = datastoresOverReplications([[datastoreSummary(outcome({ failovers: [failover(Number.NaN, 3, 5), failover(40, 0, 0)] }))]], SPAN_S)!;
    expect(x.failovers.notRecovered).toBe(1);
    expect(x.rtoS).toEqual({ count: 1, p50: 40, p99: 40, max: 40 });
    expect(x.rpoS.max).toBe(3);
    expect(JSON.stringify(x)).not.toMatch(/NaN/);
  });

  it('counts an outage the primary outlived in the RTO but not as a failover', () => {
    const [x] = datastoresOverReplications([[datastoreSummary(outcome({ failovers: [failover(20, 0, 0, { promoted: false }), failover(60, 2, 8)] }))]], SPAN_S)!;
    expect(x.failovers).toEqual({ count: 1, primaryLosses: 2, notRecovered: 0, splitBrain: 0 });
    expect(x.failoversPerYear.mean).toBeCloseTo(365 / 30, 9);
    expect(x.rtoS).toEqual({ count: 2, p50: 40, p99: expect.closeTo(59.6, 9), max: 60 });
    expect(x.rpoS).toEqual({ count: 1, p50: 2, p99: 2, max: 2 });
  });

  it('is absent when no replication has a store', () => {
    expect(datastoresOverReplications([undefined, undefined], SPAN_S)).toBeUndefined();
  });
});

describe('results.json designs[].datastores', () => {
  it('appears only for designs whose summaries carry datastores, in a JSON-safe form', () => {
    const rtoNever = { ...outcome({ failovers: [failover(Number.NaN, 1, 1)] }) };
    const result = { design: 'a', replication: 0, horizonS: DAY_S, warmupS: 0, services: [], clusters: [], faults: [], autoscaledNodes: 0, pools: [], events: 0, etcdEpisodes: 0, datastores: [rtoNever] } as ReplicationResult;
    const summary = summarizeDesign(result);
    expect(summary.datastores![0].failovers[0].rtoS).toBeNull();
    const reps = [0, 1].map((i) => replication(i, [designSummary('a', 0.999, { datastores: summary.datastores }), designSummary('b', 0.99)]));
    const res = aggregate({ info: INFO, summaries: reps, stopping: null, createdAt: 't' });
    expect(res.designs[0].datastores).toHaveLength(1);
    expect(res.designs[0].datastores![0].failovers.notRecovered).toBe(2);
    expect('datastores' in res.designs[1]).toBe(false);
    expect(summarizeDesign({ ...result, datastores: undefined })).not.toHaveProperty('datastores');
  });
});
