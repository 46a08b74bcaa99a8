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

describe('TaintEviction queues', () => {
  it('serve a fully disrupted zone at one node per 10 s, the first at once', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 60 });
    const ticks = times('kube/taintTick');
    markNotReady(st, kube, nodesInZone(st, 0));
    sim.run({ untilS: 95 });
    expect(tainted(st)).toBe(10);
    sim.run({ untilS: 1000 });
    expect(tainted(st)).toBe(20);
    expect(ticks).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
  });

  it('a zone turning from partially to fully disrupted moves the booked tick earlier (the rate limiter is swapped)', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 180 }); // 60 nodes a zone: above the large-cluster threshold
    const ticks = times('kube/taintTick');
    const zone = nodesInZone(st, 0);
    markNotReady(st, kube, zone.slice(0, 36)); // 60%: secondary rate, next taint 100 s after the first
    sim.run({ untilS: 30 });
    expect(tainted(st)).toBe(1);
    markNotReady(st, kube, zone.slice(36)); // all 60: primary rate, 10 s after the last taint has passed
    sim.run({ untilS: 45 });
    expect(ticks).toEqual([0, 30, 40]);
  });

  it('wait while the API is not writable and resume when it returns', () => {
    const { st, sim, cp, kube, times } = controllerRig({ nodes: 60 });
    const ticks = times('kube/taintTick');
    cp.addCause(0, 1, 0);
    markNotReady(st, kube, nodesInZone(st, 0).slice(0, 2));
    sim.run({ untilS: 50 });
    expect(ticks).toEqual([]);
    cp.addCause(0, -1, sim.now);
    sim.run({ untilS: 100 });
    expect(ticks).toEqual([50, 60]);
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
