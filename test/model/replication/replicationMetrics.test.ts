import { describe, expect, it } from 'vitest';
import { runReplication } from '../../../src/model/replication/replication.js';
import { faultsOf, singleCluster, world } from '../runtime/fixture.js';

/** A node dies at 0 for 20 min; its two pods are replaced by ~6 min. Horizon 1 h. */
const w = world(singleCluster({ nodes: 6, replicas: 12, faults: '  scripted:\n    - { at: 0s, kind: node, target: c1/pool/0, for: 20m }', run: '  horizon: 1h\n  seed: warm' }));
const runWith = (warmupS: number, timelineStepS?: number) =>
  runReplication({
    fleet: w.fleet,
    clusters: w.scenario.clusters,
    design: w.scenario.designs[0],
    resolved: w.designs[0],
    faults: faultsOf(w, 0),
    seed: 'warm',
    replication: 0,
    horizonS: 3600,
    warmupS,
    ...(timelineStepS !== undefined ? { timelineStepS } : {}),
  });

describe('ReplicationMetrics', () => {
  it('without warm-up the outage shows: fewer ready, dead endpoints, the fault recorded', () => {
    const r = runWith(0);
    expect(r.services[0].readyRatio).toBeLessThan(1);
    expect(r.services[0].blackholeRatio).toBeGreaterThan(0);
    expect(r.services[0].minReady).toBe(10);
    expect(r.faults.length).toBe(1);
    expect(r.pools[0].nodeHours).toBeCloseTo(6, 12);
  });

  it('a warm-up past the recovery forgets it: every figure is over [warm-up, horizon] only', () => {
    const r = runWith(1800);
    expect(r.services[0].readyRatio).toBeCloseTo(1, 12);
    expect(r.services[0].zeroReadyS).toBe(0);
    expect(r.services[0].blackholeRatio).toBe(0);
    expect(r.services[0].minReady).toBe(12);
    expect(r.faults).toEqual([]);
    expect(r.pools[0].nodeHours).toBeCloseTo(3, 12);
    expect(r.pools[0].peakNodes).toBe(6);
    expect(r.clusters[0].apiWritableRatio).toBe(1);
  });

  it('samples ready replicas on the timeline step from 0 to the horizon', () => {
    const r = runWith(0, 600);
    expect(r.timeline!.stepS).toBe(600);
    expect(r.timeline!.ready.map((row) => row[0])).toEqual([10, 12, 12, 12, 12, 12, 12]);
  });
});
