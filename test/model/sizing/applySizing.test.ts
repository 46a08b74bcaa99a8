import { describe, expect, it } from 'vitest';
import { applySizing, sizeDesign } from '../../../src/model/sizing/index.js';
import type { NodePoolSpec, Scenario } from '../../../src/scenario/index.js';
import { sizedScenario, twoRegions } from './fixture.js';

/** The scenario with every pool's autoscaling (and count) rewritten, as a file could write them. */
function withPools(s: Scenario, change: (p: NodePoolSpec) => NodePoolSpec): Scenario {
  return { ...s, clusters: s.clusters.map((c) => ({ ...c, nodePools: c.nodePools.map(change) })) };
}

const placement = `        replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }
        failover: { enabled: true }`;

// The fixture sized with 20 pods per cluster at least, divided 1:1 with failover (clusterNodes.test.ts):
// 3 nodes per cluster with everything up (N+1), 4 when the other region is lost.
describe('applySizing: a sized pool is billed as sized', () => {
  it('replaces a written minimum above the sized count: count and minimum are the sized count', () => {
    const s = withPools(sizedScenario(twoRegions({ latency: '[]' })), (p) => ({ ...p, count: 6, autoscaling: { minCount: 5, maxCount: 30 } }));
    const z = sizeDesign(s, 0);
    expect(z.nodePools.map((p) => p.nodes)).toEqual([3, 3]);
    for (const p of applySizing(s, 0, z).clusters.map((c) => c.nodePools[0])) expect(p).toMatchObject({ count: 3, autoscaling: { minCount: 3, maxCount: 30 } });
  });

  it('standing: the count carries the failure; a written maximum below it is raised, a pool without autoscaling stays fixed', () => {
    const s = sizedScenario(twoRegions({ placement, latency: '[]' }), 20);
    const low = withPools(s, (p) => ({ ...p, autoscaling: { minCount: 1, maxCount: 2 } }));
    expect(applySizing(low, 0, sizeDesign(low, 0)).clusters[0].nodePools[0]).toMatchObject({ count: 4, autoscaling: { minCount: 4, maxCount: 4 } });
    const fixed = withPools(s, (p) => ({ ...p, autoscaling: undefined }));
    const pool = applySizing(fixed, 0, sizeDesign(fixed, 0)).clusters[0].nodePools[0];
    expect(pool.count).toBe(4);
    expect(pool.autoscaling).toBeUndefined();
  });

  it('autoscaled: the count carries the steady state, the maximum the failure; a fixed pool is given autoscaling', () => {
    const s = sizedScenario(twoRegions({ placement, latency: '[]', sizing: '{ survive: region, failoverNodes: autoscaled }' }), 20);
    const fixed = withPools(s, (p) => ({ ...p, autoscaling: undefined }));
    expect(applySizing(fixed, 0, sizeDesign(fixed, 0)).clusters[0].nodePools[0]).toMatchObject({ count: 3, autoscaling: { minCount: 3, maxCount: 4 } });
    // A written maximum above the failover need stays (at least the need); one below is raised to it.
    expect(applySizing(s, 0, sizeDesign(s, 0)).clusters[0].nodePools[0]).toMatchObject({ count: 3, autoscaling: { minCount: 3, maxCount: 30 } });
    const low = withPools(s, (p) => ({ ...p, autoscaling: { minCount: 1, maxCount: 2 } }));
    expect(applySizing(low, 0, sizeDesign(low, 0)).clusters[0].nodePools[0]).toMatchObject({ count: 3, autoscaling: { minCount: 3, maxCount: 4 } });
  });
});
