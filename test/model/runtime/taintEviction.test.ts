import { describe, expect, it } from 'vitest';
import { zoneEvictionRate, type EvictionRateSettings } from '../../../src/model/runtime/taintEviction.js';
import { NODE_API_NOT_READY, NODE_API_TAINTED, POD_READY, type RuntimeState } from '../../../src/model/runtime/state.js';
import type { KubeControllers } from '../../../src/model/runtime/kubeControllers.js';
import { controllerRig, nodesInZone } from './controllerRig.js';

const RATES: EvictionRateSettings = { evictionRateNodesPerS: 0.1, secondaryEvictionRateNodesPerS: 0.01, unhealthyZoneThresholdRatio: 0.55, largeClusterSizeThreshold: 50 };
/** Rate for zone `q` of a cluster whose zones have `total` active and `notReady` NotReady nodes. */
const rate = (total: number[], notReady: number[], q: number) => zoneEvictionRate(RATES, Int32Array.from(total), Int32Array.from(notReady), total.map((_, i) => i), q);

describe('zoneEvictionRate (kube-controller-manager zone states)', () => {
  it('healthy or lightly hit zone: the primary rate', () => {
    expect(rate([20, 20, 20], [0, 0, 0], 0)).toBe(0.1);
    expect(rate([20, 20, 20], [10, 0, 0], 0)).toBe(0.1); // 50% < 55%
    expect(rate([3, 3, 3], [2, 0, 0], 0)).toBe(0.1); // 67%, but not more than 2 nodes
  });

  it('fully disrupted zone (every node NotReady): the primary rate', () => {
    expect(rate([20, 20, 20], [20, 0, 0], 0)).toBe(0.1);
  });

  it('partially disrupted zone: the secondary rate in a large zone, nothing in a small one (the zone size decides, as setLimiterInZone passes it)', () => {
    expect(rate([60, 20, 20], [36, 0, 0], 0)).toBe(0.01); // a zone of 60 nodes > 50
    expect(rate([51, 10], [31, 0], 0)).toBe(0.01); // 51 > 50
    expect(rate([20, 20, 20], [12, 0, 0], 0)).toBe(0); // a 60-node cluster, but its zone has 20 ≤ 50
    expect(rate([50, 50], [30, 0], 0)).toBe(0); // 50 is not above the threshold
  });

  it('every zone fully disrupted: the controller suspects itself and evicts nothing', () => {
    expect(rate([20, 20, 20], [20, 20, 20], 0)).toBe(0);
    // An empty zone is not a disrupted one: the rule does not fire.
    expect(rate([20, 0], [20, 0], 0)).toBe(0.1);
  });
});

/** Stop the machines and mark them NotReady as the node lifecycle controller would; let the eviction queues react. */
function markNotReady(st: RuntimeState, kube: KubeControllers, nodes: number[]): void {
  for (const n of nodes) {
    st.nodeDownCauses[n] = 1;
    st.nodeApi[n] = NODE_API_NOT_READY;
    kube.eviction.nodeNotReady(n);
  }
  kube.eviction.kickCluster(0);
}

const tainted = (st: RuntimeState) => st.nodeApi.filter((a) => a === NODE_API_TAINTED).length;
/** Event times rounded to the microsecond (the tainting pass's grid is built from 0.1 s steps). */
const us = (xs: number[]) => xs.map((x) => Math.round(x * 1e6) / 1e6);

describe('TaintEviction queues', () => {
  it('serve a fully disrupted zone at one node per 10 s, the first at once', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 60 });
    kube.eviction.setTickPhase(0, 0);
    const ticks = times('kube/taintTick');
    markNotReady(st, kube, nodesInZone(st, 0));
    sim.run({ untilS: 95 });
    expect(tainted(st)).toBe(10);
    sim.run({ untilS: 1000 });
    expect(tainted(st)).toBe(20);
    expect(us(ticks)).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
  });

  it('a zone turning from partially to fully disrupted swaps its limiter: drained, since the old bucket held no token (regression: the model took the next taint one primary interval after the last taint, at once)', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 180 }); // 60 nodes a zone: above the large-cluster threshold
    kube.eviction.setTickPhase(0, 0);
    const ticks = times('kube/taintTick');
    const zone = nodesInZone(st, 0);
    // 60%: partial disruption. The swap to the secondary rate finds the primary bucket full (nothing
    // tainted yet): the new bucket is full too, the first taint comes at the next pass.
    markNotReady(st, kube, zone.slice(0, 36));
    sim.run({ untilS: 30 });
    expect(tainted(st)).toBe(1);
    // All 60: full disruption, back to the primary rate. The secondary bucket is empty (its token is
    // due at 100 s), so SwapLimiter drains the new one: the next token is 10 s after the swap, at 40 s.
    markNotReady(st, kube, zone.slice(36));
    sim.run({ untilS: 55 });
    expect(us(ticks)).toEqual([0, 40, 50]);
  });

  it('a small zone partially disrupted stops; turning fully disrupted, it waits one primary interval (regression: the never-limiter has no token, so the new bucket is drained; the model tainted at once)', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 12 }); // 4 nodes a zone
    kube.eviction.setTickPhase(0, 0.05);
    const ticks = times('kube/taintTick');
    const zone = nodesInZone(st, 0);
    markNotReady(st, kube, zone.slice(0, 3)); // 3 of 4 in one pass: judged together, rate 0
    sim.run({ untilS: 20 });
    expect(ticks).toEqual([]);
    expect(tainted(st)).toBe(0);
    markNotReady(st, kube, zone.slice(3));
    sim.run({ untilS: 45 });
    expect(us(ticks)).toEqual([30.05, 40.05, 50.05].filter((t) => t <= 45));
    expect(tainted(st)).toBe(2);
  });

  it('taints only on the 100 ms tainting pass, and a rate change at a pass that keeps the rate swaps nothing', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 60 });
    kube.eviction.setTickPhase(0, 0.07);
    const ticks = times('kube/taintTick');
    sim.run({ untilS: 1.234 });
    const zone = nodesInZone(st, 0);
    markNotReady(st, kube, zone.slice(0, 2)); // normal: primary, full bucket
    sim.run({ untilS: 5 });
    markNotReady(st, kube, zone.slice(2)); // full disruption: the primary rate again, no swap
    sim.run({ untilS: 22 });
    expect(us(ticks)).toEqual([1.27, 11.27, 21.27]);
  });

  it('every zone down: the taints come off every node and nothing more is tainted (regression: the model kept the taints it had given, and their evictions)', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 6, zones: 2 }); // 3 nodes a zone
    kube.eviction.setTickPhase(0, 0);
    const evictions = times('kube/evictPods');
    const events: string[] = [];
    kube.eviction.observer = { nodeTainted: (n, t) => events.push(`taint ${n} @${Math.round(t * 10) / 10}`), nodeUntainted: (n, t) => events.push(`untaint ${n} @${t}`) };
    const [a, b] = [nodesInZone(st, 0), nodesInZone(st, 1)];
    markNotReady(st, kube, a); // zone a fully down, zone b healthy: the primary rate, the first taint at once
    sim.run({ untilS: 5 });
    expect(tainted(st)).toBe(1);
    markNotReady(st, kube, b); // every zone down
    sim.run({ untilS: 400 }); // past tolerationSeconds (300 s) of the first taint
    expect(events).toEqual([`taint ${a[0]} @0`, `untaint ${a[0]} @5`]);
    expect(tainted(st)).toBe(0);
    expect(evictions).toEqual([]); // the eviction booked with the taint was called off
  });

  it('tells its observer of each taint, with the time', () => {
    const { st, sim, kube } = controllerRig({ nodes: 60 });
    kube.eviction.setTickPhase(0, 0);
    const seen: [number, number][] = [];
    kube.eviction.observer = { nodeTainted: (node, t) => seen.push([node, Math.round(t * 1e6) / 1e6]) };
    const zone = nodesInZone(st, 0);
    markNotReady(st, kube, zone.slice(0, 2));
    sim.run({ untilS: 15 });
    expect(seen).toEqual([
      [zone[0], 0],
      [zone[1], 10],
    ]);
  });

  it('wait while the API is not writable and resume when it returns', () => {
    const { st, sim, cp, kube, times } = controllerRig({ nodes: 60 });
    kube.eviction.setTickPhase(0, 0);
    const ticks = times('kube/taintTick');
    cp.addCause(0, 1, 0);
    markNotReady(st, kube, nodesInZone(st, 0).slice(0, 2));
    sim.run({ untilS: 50 });
    expect(ticks).toEqual([]);
    cp.addCause(0, -1, sim.now);
    sim.run({ untilS: 100 });
    expect(us(ticks)).toEqual([50, 60]);
  });

  it('delete a tainted node’s pods after the toleration; their ReplicaSet replaces them on Ready nodes', () => {
    const { st, sim, kube } = controllerRig({ nodes: 6 });
    kube.seed(0, 0, [0, 0, 1, 2], 4);
    markNotReady(st, kube, [0]);
    sim.run({ untilS: 299 });
    expect(st.nodeApi[0]).toBe(NODE_API_TAINTED);
    expect(st.nodeFirstPod[0]).toBeGreaterThanOrEqual(0);
    sim.run({ untilS: 300.5 });
    expect(st.nodeFirstPod[0]).toBe(-1);
    expect(st.existing[st.group(0, 0)]).toBe(4);
    sim.run({ untilS: 310 });
    expect(st.ready[st.group(0, 0)]).toBe(4);
    for (let p = 0; p < st.podCapacity; p++) if (st.podState[p] === POD_READY) expect(st.podNode[p]).not.toBe(0);
  });
});
