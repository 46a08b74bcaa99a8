import { describe, expect, it } from 'vitest';
import { NODE_API_NOT_READY } from '../../../src/model/runtime/state.js';
import { controllerRig } from './controllerRig.js';

/**
 * The disagreement `fleetsim validate kube --local --experiment scheduler-throughput` found
 * (docs/live.md): after a node's 30 pods fell due for eviction together, the real Kubernetes v1.37.2
 * control plane deleted the first 1.55 s later and the last 3.0 s later, one every 50 ms, and created
 * a Deployment's first ~28 pods at once and then one every 50 ms. The taint-eviction controller makes
 * three requests per pod (GET, PATCH DisruptionTarget, DELETE) and every kube-controller-manager
 * controller has its own 20 requests/s, 30 burst client. The model used to delete all 30 and create
 * their replacements at the due instant, bound only by the scheduler's 100 pods/s.
 */
describe('mass eviction through kube-controller-manager client rate limits', () => {
  /** A service of `pods` pods of 100m all on node 0 of 3 (4 CPUs each, room for them elsewhere), node 0 tainted at t = 0. */
  function evictNode0(pods: number, timings: Parameters<typeof controllerRig>[0]['timings'] = {}) {
    const rig = controllerRig({ nodes: pods > 40 ? 5 : 3, serviceCpuMillicores: [10], timings: { unreachableTolerationS: 10, ...timings } });
    const { st, sim, kube } = rig;
    kube.seed(0, 0, Array(pods).fill(0), pods);
    // The taint comes on the first 100 ms tainting pass (its phase is random): due tolerationSeconds after.
    const tainted = rig.times('kube/taintTick');
    const deleted = rig.times('kube/taintEvictionDelete');
    const created = rig.times('kube/podCreated');
    const bound = rig.times('kube/schedule');
    st.nodeDownCauses[0] = 1;
    st.nodeApi[0] = NODE_API_NOT_READY;
    kube.eviction.nodeNotReady(0);
    kube.eviction.kickCluster(0);
    const dueS = () => tainted[0] + 10;
    return { ...rig, deleted, created, bound, dueS };
  }

  it('deletes a node\'s 30 pods from (61 − 30)/20 s to (90 − 30)/20 s after they fell due, one per 50 ms', () => {
    const { sim, st, deleted, dueS } = evictNode0(30);
    sim.run({ untilS: 9.99 });
    expect(st.existing[0]).toBe(30);
    sim.run({ untilS: 60 });
    expect(deleted).toHaveLength(30);
    expect(deleted[0]).toBeCloseTo(dueS() + 1.55, 9);
    expect(deleted[29]).toBeCloseTo(dueS() + 3.0, 9);
    for (let i = 1; i < 30; i++) expect(deleted[i] - deleted[i - 1]).toBeCloseTo(0.05, 9);
    expect(st.ready[0]).toBe(30);
  });

  it('the replacements follow the deletions, and the last is Ready one start-up (2 s) after the last deletion', () => {
    const { sim, st, deleted, bound, times } = evictNode0(30);
    const ready = times('kube/podReady');
    sim.run({ untilS: 60 });
    expect(bound).toHaveLength(30);
    // Each replacement is bound as soon as its predecessor is deleted: the scheduler's 100/s is never the bound.
    bound.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(deleted[i] - 1e-9));
    expect(Math.max(...bound)).toBeLessThan(deleted[29] + 0.05);
    expect(ready).toHaveLength(30);
    expect(Math.max(...ready)).toBeCloseTo(Math.max(...bound) + 2, 9); // constant 2 s start-up
    expect(st.ready[0]).toBe(30);
  });

  it('replaces pods deleted while a ReplicaSet pass waits for its bucket together in the next pass, with one status update (the real controller\'s work queue)', () => {
    // 67 pods as measured (docs/live.md): a status update per replaced pod would halve the
    // controller's creations to 10/s once its bucket is empty, ending 1.7 s after the last deletion.
    const { sim, st, deleted, created, times } = evictNode0(67);
    const passes = times('kube/replicaSetSync');
    sim.run({ untilS: 60 });
    expect(deleted).toHaveLength(67);
    expect(passes.length).toBeGreaterThan(0);
    const lastCreationS = Math.max(...created);
    expect(lastCreationS - deleted[66]).toBeGreaterThan(0);
    expect(lastCreationS - deleted[66]).toBeLessThan(0.75);
    expect(st.ready[0]).toBe(67);
  });

  it('without the limit (a huge burst) every pod goes at the due instant, as before the fix', () => {
    const { sim, deleted } = evictNode0(30, { controllerManagerApiBurst: 10_000 });
    sim.run({ untilS: 60 });
    expect(deleted).toEqual([]); // all deleted inline at 10 s: no deferred deletion
  });

  it('before 1.26 (DELETE only) 30 pods fit in the burst', () => {
    const { sim, deleted } = evictNode0(30, { taintEvictionRequestsPerPod: 1 });
    sim.run({ untilS: 60 });
    expect(deleted).toEqual([]);
    const big = evictNode0(40, { taintEvictionRequestsPerPod: 1 });
    big.sim.run({ untilS: 60 });
    expect(big.deleted.map((t) => Math.round((t - big.dueS()) * 1000))).toEqual(Array.from({ length: 10 }, (_, i) => 50 * (i + 1)));
  });

  it('the ReplicaSet controller creates 30 pods at once, then 20 per second (a status update ends each pass)', () => {
    const { st, sim, kube, times } = controllerRig({ nodes: 3, serviceCpuMillicores: [10] });
    const created = times('kube/podCreated');
    kube.setDesired(0, 0, 60);
    expect(st.existing[0]).toBe(60);
    sim.run({ untilS: 60 });
    expect(created).toHaveLength(30);
    created.forEach((t, i) => expect(t).toBeCloseTo((i + 1) / 20, 9));
    expect(st.ready[0]).toBe(60);
  });
});
