import { describe, expect, it } from 'vitest';
import { lognormal } from '../../../src/engine/distributions.js';
import { clusterToZoneRttS, finish, member, placement, rig, storeSpec, twoRegionYaml, zoneRttS, type RigInput } from './fixture.js';

/**
 * Commit latency of a writer in eu-1 equals the closed form on a fleet with known RTTs (topology
 * defaults: 0.2 ms within a zone, 1 ms between zones, 70 ms Dublin–N. Virginia; the RTTs are read
 * from the fleet's matrix here, the sums and choices are worked in the test).
 */
const members3 = [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'syncStandby'), member('us-1', 'us-east-1a', 'syncStandby')];

function commitOf(replication: 'async' | 'semiSync' | 'sync', over: Partial<RigInput> = {}) {
  const r = rig({
    yaml: twoRegionYaml({ ratePerS: 100, horizon: '2h' }),
    stores: [storeSpec({ name: 'db', replication })],
    placements: [placement('db', replication === 'async' ? members3.map((m) => ({ ...m, role: m.role === 'primary' ? 'primary' : 'replica' })) : members3)],
    uses: { cart: [{ store: 'db', readsPerRequest: 0, writesPerRequest: 1 }] },
    ...over,
  });
  return { r, out: finish(r)[0] };
}

describe('commit latency (closed forms)', () => {
  it('async: the writer’s round trip to the primary plus the local commit', () => {
    const { r, out } = commitOf('async');
    const expected = clusterToZoneRttS(r.w, 'eu-1', 'eu-west-1a') + 0.001;
    expect(out.commitLatencyS.mean).toBeCloseTo(expected, 9);
    expect(out.commitLatencyS.p99).toBeCloseTo(expected, 6);
    // The effect on a cart request (one write per request) is that same mean.
    expect(r.baseline).toEqual([{ service: 1, cluster: 0, errorRatio: 0, latencyS: expect.closeTo(expected, 9) }]);
  });

  // sync and semiSync: the standby acknowledges after its own flush, a second local commit (1 ms here)
  // after the round trip, as validate postgres measured on a real PostgreSQL.
  it('sync: plus the slowest synchronous standby (the transatlantic one) and its flush', () => {
    const { r, out } = commitOf('sync');
    const standby = Math.max(zoneRttS(r.w, 'eu-west-1a', 'eu-west-1b'), zoneRttS(r.w, 'eu-west-1a', 'us-east-1a'));
    expect(standby).toBeGreaterThan(0.06);
    expect(out.commitLatencyS.mean).toBeCloseTo(clusterToZoneRttS(r.w, 'eu-1', 'eu-west-1a') + standby + 0.001 + 0.001, 9);
  });

  it('semiSync: plus the fastest standby’s acknowledgement (the one in the next zone) and its flush', () => {
    const { r, out } = commitOf('semiSync');
    const standby = Math.min(zoneRttS(r.w, 'eu-west-1a', 'eu-west-1b'), zoneRttS(r.w, 'eu-west-1a', 'us-east-1a'));
    expect(standby).toBeLessThan(0.002);
    expect(out.commitLatencyS.mean).toBeCloseTo(clusterToZoneRttS(r.w, 'eu-1', 'eu-west-1a') + standby + 0.001 + 0.001, 9);
  });

  it('quorum of 3: plus the nearest other voter; of 5 (4 members + witness): plus the second nearest', () => {
    const three = [member('eu-1', 'eu-west-1a', 'primary'), member('us-1', 'us-east-1a', 'replica'), member('eu-1', 'eu-west-1c', 'replica')];
    const q3 = rig({ yaml: twoRegionYaml({ ratePerS: 100, horizon: '1h' }), stores: [storeSpec({ name: 'q', kind: 'quorum' })], placements: [placement('q', three)], uses: { cart: [{ store: 'q', readsPerRequest: 0, writesPerRequest: 1 }] } });
    const o3 = finish(q3)[0];
    const toPrimary = clusterToZoneRttS(q3.w, 'eu-1', 'eu-west-1a');
    expect(o3.commitLatencyS.mean).toBeCloseTo(toPrimary + zoneRttS(q3.w, 'eu-west-1a', 'eu-west-1c') + 0.001, 9);
    const four = [...three, member('us-1', 'us-east-1b', 'replica')];
    const q5 = rig({ yaml: twoRegionYaml({ ratePerS: 100, horizon: '1h' }), stores: [storeSpec({ name: 'q', kind: 'quorum' })], placements: [placement('q', four, { witnessRegion: 'eu-central-1' })], uses: { cart: [{ store: 'q', readsPerRequest: 0, writesPerRequest: 1 }] } });
    const o5 = finish(q5)[0];
    // Others from eu-west-1a: 1c (1 ms), the witness in Frankfurt (25 ms), two in N. Virginia (70 ms): a majority of 5 needs 2 of them.
    const witnessRttS = ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'].reduce((s, z) => s + zoneRttS(q5.w, 'eu-west-1a', z), 0) / 3;
    expect(witnessRttS).toBeGreaterThan(0.02);
    expect(o5.commitLatencyS.mean).toBeCloseTo(toPrimary + witnessRttS + 0.001, 9);
  });

  it('percentiles: a lognormal local commit shifted by the network part', () => {
    const commitTime = { kind: 'lognormal' as const, medianS: 0.002, sigma: Math.log(5) / 2.3263478740408408 };
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1h' }),
      stores: [storeSpec({ name: 'db', commitTime })],
      placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary')])],
      uses: { cart: [{ store: 'db', readsPerRequest: 0, writesPerRequest: 1 }] },
    });
    const out = finish(r)[0];
    const net = clusterToZoneRttS(r.w, 'eu-1', 'eu-west-1a');
    const local = lognormal(Math.log(0.002), commitTime.sigma);
    expect(out.commitLatencyS.p50).toBeCloseTo(net + 0.002, 7);
    expect(out.commitLatencyS.p99).toBeCloseTo(net + 0.01, 6);
    expect(out.commitLatencyS.mean).toBeCloseTo(net + local.mean(), 9);
  });

  it('a degraded link adds its extra latency to the round trips that cross it, while it lasts', () => {
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '2h' }),
      stores: [storeSpec({ name: 'db' })],
      placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary')])],
      uses: { cart: [{ store: 'db', readsPerRequest: 0, writesPerRequest: 1 }] },
      clients: { cart: [{ cluster: 'us-1', share: 1 }] },
    });
    r.fault('link', 'eu-west-1~us-east-1', 3600, 7200, 'degrade', 50);
    const out = finish(r)[0];
    const base = clusterToZoneRttS(r.w, 'us-1', 'eu-west-1a') + 0.001;
    // Flat demand: half the writes before the degradation, half during it.
    expect(out.commitLatencyS.mean).toBeCloseTo(base + 0.025, 9);
    expect(out.commitLatencyS.p99).toBeCloseTo(base + 0.05, 6);
    expect(out.writeAvailableRatio).toBe(1);
  });
});
