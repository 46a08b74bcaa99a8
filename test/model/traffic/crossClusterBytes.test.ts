import { describe, expect, it } from 'vitest';
import { SPLIT_CROSS_CLUSTER_BYTES, twoClustersOneRegion } from './crossClusterFixture.js';
import { runTraffic, world } from './fixture.js';

/**
 * Cross-cluster bytes: service calls whose callee pod is in another cluster, counted per calling
 * cluster whatever the region (what a mesh's east-west gateway processes).
 */
const byCluster = (t: NonNullable<ReturnType<typeof runTraffic>['traffic']>, name: string) => t.bytes.byCluster.find((b) => b.cluster === name)!;

describe('cross-cluster bytes', () => {
  it('counts every call from web in cluster a to api in cluster b, though both are in one region', () => {
    const t = runTraffic(world(twoClustersOneRegion({ split: true })), 0, 0).traffic!;
    expect(t.availability).toBe(1);
    const a = byCluster(t, 'a');
    expect(a.crossClusterBytes).toBeCloseTo(SPLIT_CROSS_CLUSTER_BYTES, -3);
    expect(a.interRegionBytes).toBe(0);
    // Same region: the calls are billed as inter-zone transfer too (the counters overlap).
    expect(a.interZoneBytes).toBeCloseTo(SPLIT_CROSS_CLUSTER_BYTES, -3);
    // api calls nobody: b sends nothing to other clusters.
    expect(byCluster(t, 'b').crossClusterBytes).toBe(0);
    expect(t.bytes.interRegionBytes).toBe(0);
  });

  it('is zero when every service runs in every cluster and the mesh keeps calls local', () => {
    const t = runTraffic(world(twoClustersOneRegion({ split: false })), 0, 0).traffic!;
    expect(t.requests).toBeGreaterThan(0);
    for (const c of t.bytes.byCluster) expect(c.crossClusterBytes).toBe(0);
    // Calls still cross zones inside each cluster: the zero is not for want of traffic.
    expect(t.bytes.interZoneBytes).toBeGreaterThan(0);
  });

  it('is zero without a mesh (calls stay in their cluster)', () => {
    const t = runTraffic(world(twoClustersOneRegion({ split: false, mesh: false })), 0, 0).traffic!;
    expect(t.requests).toBeGreaterThan(0);
    for (const c of t.bytes.byCluster) expect(c.crossClusterBytes).toBe(0);
  });
});
