import { describe, expect, it } from 'vitest';
import { clusterToZoneRttS, finish, member, placement, rig, runUntil, storeSpec, twoRegionYaml } from './fixture.js';

/**
 * What the stores send the traffic model: every (service, client cluster) once at set-up, then only
 * the groups that changed; errorRatio = 1 − (1 − min(1, writes))^[writes unavailable] × (1 − min(1,
 * reads))^[reads unavailable], multiplied over a service's stores.
 */
function twoStores() {
  return rig({
    yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
    stores: [storeSpec({ name: 'orders' }), storeSpec({ name: 'profiles' })],
    placements: [
      placement('orders', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')]),
      placement('profiles', [member('us-1', 'us-east-1a', 'primary'), member('us-1', 'us-east-1b', 'replica'), member('us-1', 'us-east-1c', 'replica')]),
    ],
    uses: {
      cart: [{ store: 'orders', readsPerRequest: 1, writesPerRequest: 0.3 }],
      web: [{ store: 'profiles', readsPerRequest: 2, writesPerRequest: 0 }],
    },
    clients: { cart: [{ cluster: 'eu-1', share: 1 }], web: [{ cluster: 'eu-1', share: 0.5 }, { cluster: 'us-1', share: 0.5 }] },
  });
}

describe('store effects', () => {
  it('baseline: every group once, healthy, with the mean read and commit times', () => {
    const r = twoStores();
    expect(r.baseline.map((e) => [e.service, e.cluster])).toEqual([[0, 0], [0, 1], [1, 0]]);
    expect(r.baseline.every((e) => e.errorRatio === 0)).toBe(true);
    const cart = r.baseline.find((e) => e.service === 1)!;
    const toPrimary = clusterToZoneRttS(r.w, 'eu-1', 'eu-west-1a');
    expect(cart.latencyS).toBeCloseTo(1 * (toPrimary + 0.0005) + 0.3 * (toPrimary + 0.001), 12);
    const webUs = r.baseline.find((e) => e.service === 0 && e.cluster === 1)!;
    expect(webUs.latencyS).toBeCloseTo(2 * (clusterToZoneRttS(r.w, 'us-1', 'us-east-1a') + 0.0005), 12);
  });

  it('a failover changes only the groups of its store, and they return to their baseline', () => {
    const r = twoStores();
    r.fault('zone', 'eu-west-1a', 3600, 7200);
    runUntil(r, 3600);
    const lost = r.changes.filter((c) => c.atS === 3600);
    expect(lost).toHaveLength(1);
    // Only cart (orders' user) changed: its writes fail, and so do its reads (reads: primary, which is down).
    expect(lost[0].effects.map((e) => e.service)).toEqual([1]);
    expect(lost[0].effects[0].errorRatio).toBeCloseTo(1 - 0.7 * 0, 12);
    runUntil(r, 3600 + 45);
    const back = r.changes.at(-1)!;
    expect(back.atS).toBeCloseTo(3645, 9);
    expect(back.effects.map((e) => e.service)).toEqual([1]);
    expect(back.effects[0].errorRatio).toBe(0);
    // The new primary is in eu-west-1b: same mean round trip from eu-1's three zones, so the baseline again.
    expect(back.effects[0].latencyS).toBeCloseTo(r.baseline.find((e) => e.service === 1)!.latencyS, 12);
  });

  it('writes unavailable but reads served: errorRatio = the share of requests that write', () => {
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
      stores: [storeSpec({ name: 'orders' })],
      placements: [placement('orders', [member('eu-1', 'eu-west-1a', 'primary'), member('us-1', 'us-east-1a', 'replica'), member('us-1', 'us-east-1b', 'replica')], { reads: 'nearest' })],
      uses: { cart: [{ store: 'orders', readsPerRequest: 1, writesPerRequest: 0.3 }] },
    });
    // The primary loses its majority (quorum fencing) and stops; eu-1's clients cannot reach the US side.
    r.fault('link', 'eu-west-1~us-east-1', 3600, 7200, 'partition');
    runUntil(r, 3600);
    expect(r.changes.at(-1)!.effects[0].errorRatio).toBeCloseTo(0.3, 12);
    const [out] = finish(r);
    expect(out.readAvailableRatio).toBe(1);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 3600 / 86_400, 9);
  });

  it('nothing before the warm-up is counted', () => {
    const mk = (warmupS: number) => {
      const r = rig({
        yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
        stores: [storeSpec({ name: 'orders' })],
        placements: [placement('orders', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')])],
        uses: { cart: [{ store: 'orders', readsPerRequest: 1, writesPerRequest: 0.3 }] },
        warmupS,
      });
      r.fault('zone', 'eu-west-1a', 3600, 7200);
      return finish(r)[0];
    };
    const counted = mk(0);
    const skipped = mk(4000);
    expect(counted.failovers).toHaveLength(1);
    expect(skipped.failovers).toEqual([]);
    expect(skipped.writeAvailableRatio).toBe(1);
    expect(skipped.memberHours).toBeCloseTo((3 * (86_400 - 4000)) / 3600, 9);
  });
});
