import { describe, expect, it } from 'vitest';
import type { Impairment } from '../../../src/model/faults/schedule.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { runReplication, type ReplicationResult } from '../../../src/model/replication/replication.js';
import { StoreEffectSink } from '../../../src/model/replication/storeEffects.js';
import type { StoreRuntimeFactory } from '../../../src/model/replication/storeRuntime.js';
import type { StoreClientEffect } from '../../../src/model/state/types.js';
import { TrafficImpairments } from '../../../src/model/traffic/impairments.js';
import { world, type World } from '../runtime/fixture.js';

/**
 * The datastore runtime's effects reach the traffic models (docs/state.md): checked with effects made
 * by hand (a stand-in runtime), on a fleet whose users all land on `us` (their nearest cluster, DNS
 * with shallow checks) at a flat rate, so failed requests are rate × time × share.
 */
const fleet = (rate: number, horizon = '3h') => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: stores }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 4 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 256Mi, concurrencyPerPod: 8, serviceTime: { exponential: { mean: 10ms } } }
  userRegions:
    - { name: americas, near: us-east-1, rate: ${rate}/s, entryService: web, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: replicated
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { healthCheckInterval: 30s, failureThreshold: 3, ttl: 60s } } }
run: { horizon: ${horizon}, seed: stores }
`;

const EU = 0;
const US = 1;
const WEB = 0;

function runWith(w: World, stores: StoreRuntimeFactory | undefined, mode: 'fluid' | 'requests' = 'fluid'): ReplicationResult {
  const sc = w.scenario;
  return runReplication(
    {
      fleet: w.fleet,
      clusters: sc.clusters,
      design: sc.designs[0],
      resolved: w.designs[0],
      faults: generateFaultSchedule({ fleet: w.fleet, clusters: sc.clusters, faults: sc.faults, horizonS: sc.run.horizonS, seed: sc.run.seed, replication: 0 }),
      seed: sc.run.seed,
      replication: 0,
      horizonS: sc.run.horizonS,
      warmupS: sc.run.warmupS,
      scenario: sc,
      trafficMode: mode,
    },
    stores,
  );
}

/** A stand-in runtime: the given baseline at set-up, then each change at its time. */
function handMade(baseline: readonly StoreClientEffect[], changes: readonly { atS: number; effects: readonly StoreClientEffect[] }[] = []): StoreRuntimeFactory {
  return (world, sink) => {
    sink.baseline(baseline);
    const CHANGE = world.sim.register('test/storeChange', (i) => sink.changed(changes[i].effects));
    changes.forEach((c, i) => world.sim.at(c.atS, CHANGE, i));
    return { onFault: () => {}, result: () => [] };
  };
}

const effect = (cluster: number, latencyS: number, errorRatio = 0): StoreClientEffect => ({ service: WEB, cluster, latencyS, errorRatio });

describe('datastore effects on requests', () => {
  it('a base latency moves the mean latency by exactly that amount and leaves availability alone', () => {
    const w = world(fleet(100));
    const without = runWith(w, undefined).traffic!;
    const withBase = runWith(w, handMade([effect(EU, 0.02), effect(US, 0.02)])).traffic!;
    // Means and percentiles are read from log-bucketed histograms (buckets ~1% wide): the mean within
    // 50 µs of +20 ms, p50 within 3% of the shifted value.
    expect(withBase.latency.meanS - without.latency.meanS).toBeCloseTo(0.02, 4);
    expect(withBase.latency.p50S).toBeGreaterThan((without.latency.p50S + 0.02) * 0.97);
    expect(withBase.latency.p50S).toBeLessThan((without.latency.p50S + 0.02) * 1.03);
    expect(withBase.availability).toBe(without.availability);
    expect(withBase.failedRequests).toBe(without.failedRequests);
  });

  it('an error ratio on the group users reach fails that share of its requests while it lasts', () => {
    const w = world(fleet(100));
    // 30% of us's web requests fail from 1 h to 2 h, then back to the (zero) baseline: 100/s × 3600 s × 0.3
    // = 108 000 of 100/s × 3 h = 1 080 000 requests; availability 1 − 0.3/3 = 0.9.
    const t = runWith(w, handMade([effect(EU, 0), effect(US, 0)], [{ atS: 3600, effects: [effect(US, 0, 0.3)] }, { atS: 7200, effects: [effect(US, 0)] }])).traffic!;
    expect(t.requests).toBeCloseTo(1_080_000, 0);
    expect(t.failedRequests).toBeCloseTo(108_000, 3);
    expect(t.failedBy.impaired).toBeCloseTo(108_000, 3);
    expect(t.availability).toBeCloseTo(0.9, 9);
  });

  it('the same error ratio on a group users do not reach fails nothing', () => {
    const w = world(fleet(100));
    const t = runWith(w, handMade([effect(EU, 0, 0.3), effect(US, 0)])).traffic!;
    expect(t.failedRequests).toBe(0);
  });

  it('a zero baseline changes nothing: the traffic outcome is the one without datastores', () => {
    const w = world(fleet(100));
    const without = runWith(w, undefined);
    const zero = runWith(w, handMade([effect(EU, 0), effect(US, 0)]));
    expect(zero.traffic).toEqual(without.traffic);
    expect(zero.events).toBe(without.events);
    expect(zero.datastores).toEqual([]);
    expect(without.datastores).toBeUndefined();
  });

  it('the request level feels them too: errors from set-up on, measured on simulated requests', () => {
    const w = world(fleet(50, '10m'));
    const t = runWith(w, handMade([effect(EU, 0), effect(US, 0.005, 0.3)]), 'requests').traffic!;
    // 30 000 requests, each failing with probability 0.3: sd of the share ≈ 0.0026.
    expect(t.requests).toBeGreaterThan(25_000);
    expect(t.failedRequests / t.requests).toBeGreaterThan(0.3 - 0.015);
    expect(t.failedRequests / t.requests).toBeLessThan(0.3 + 0.015);
  });
});

describe('StoreEffectSink', () => {
  const recorder = () => {
    const calls: { id: number; impairment: Impairment; active: boolean }[] = [];
    return { calls, target: { impair: (id: number, impairment: Impairment, active: boolean) => calls.push({ id, impairment, active }) } };
  };

  it('puts the baseline in the base latency, and a change beyond it in an impairment of its group with an id below zero', () => {
    const sink = new StoreEffectSink(['web', 'cart'], 2);
    sink.baseline([{ service: 1, cluster: 1, latencyS: 0.004, errorRatio: 0 }]);
    expect(Array.from(sink.baseLatencyS)).toEqual([0, 0, 0, 0.004]);
    const { calls, target } = recorder();
    sink.attach(target);
    expect(calls).toEqual([]);
    sink.changed([{ service: 1, cluster: 1, latencyS: 0.074, errorRatio: 0.25 }]);
    expect(calls).toHaveLength(1);
    expect(calls[0].id).toBe(-4);
    expect(calls[0].active).toBe(true);
    expect(calls[0].impairment).toMatchObject({ clusters: [1], services: ['cart'], scope: 'pods', errorRatio: 0.25, capacityLostRatio: 0 });
    expect(calls[0].impairment.extraLatencyMs).toBeCloseTo(70, 9);
    // The same effect again is no change; back at the baseline the impairment ends.
    sink.changed([{ service: 1, cluster: 1, latencyS: 0.074, errorRatio: 0.25 }]);
    expect(calls).toHaveLength(1);
    sink.changed([{ service: 1, cluster: 1, latencyS: 0.004, errorRatio: 0 }]);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ id: -4, active: false });
  });

  it('holds effects that come before the traffic model and applies them when it is attached', () => {
    const sink = new StoreEffectSink(['web'], 2);
    sink.baseline([{ service: 0, cluster: 0, latencyS: 0.001, errorRatio: 1 }]);
    const { calls, target } = recorder();
    sink.attach(target);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ id: -1, active: true, impairment: { errorRatio: 1, extraLatencyMs: 0 } });
  });

  it('refuses an effect on a group that does not exist', () => {
    const sink = new StoreEffectSink(['web'], 2);
    expect(() => sink.baseline([{ service: 0, cluster: 2, latencyS: 0, errorRatio: 0 }])).toThrow(/no such group/);
  });
});

describe('TrafficImpairments with a base latency', () => {
  it('folds the base into extraLatencyS without giving the cluster an impaired state', () => {
    const base = Float64Array.from([0.01, 0.02]);
    const imp = new TrafficImpairments(new Map([['web', 0]]), 2, base);
    expect(Array.from(imp.extraLatencyS)).toEqual([0.01, 0.02]);
    expect(Array.from(imp.stateId)).toEqual([0, 0]);
    const bad: Impairment = { clusters: [1], services: ['web'], scope: 'pods', errorRatio: 0.1, extraLatencyMs: 30, capacityLostRatio: 0 };
    imp.set(-2, bad, true);
    expect(imp.extraLatencyS[1]).toBeCloseTo(0.05, 12);
    expect(imp.stateId[1]).toBeGreaterThan(0);
    imp.set(-2, bad, false);
    expect(imp.extraLatencyS[1]).toBe(0.02);
    expect(imp.stateId[1]).toBe(0);
    expect(imp.errorRatio[1]).toBe(0);
  });
});
