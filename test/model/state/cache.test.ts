import { describe, expect, it } from 'vitest';
import { clusterToZoneRttS, member, placement, rig, runUntil, storeSpec, twoRegionYaml } from './fixture.js';

/**
 * A per-cluster cache in front of a database: lost with its zone, then refilling along
 * hitRatio × (1 − e^(−t/warmup)); misses pay a read of the backing store. web reads the cache once
 * per request (its only store use), so the effect's latency is one cached read.
 */
describe('cache warm-up', () => {
  it('a cache lost and refilling follows the warm-up curve', () => {
    const warmupS = 600;
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
      stores: [
        storeSpec({ name: 'db' }),
        storeSpec({ name: 'cache', kind: 'cache', readTime: { kind: 'constant', valueS: 0.0002 }, cache: { hitRatio: 0.9, warmupS, backing: 'db' } }),
      ],
      // The cache of eu-1 lives in its first zone (eu-west-1a); the database in eu-west-1b.
      placements: [placement('db', [member('eu-1', 'eu-west-1b', 'primary')]), placement('cache', [], { perCluster: true })],
      uses: { web: [{ store: 'cache', readsPerRequest: 1, writesPerRequest: 0 }], cart: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 0 }] },
    });
    const own = clusterToZoneRttS(r.w, 'eu-1', 'eu-west-1a') + 0.0002;
    const backing = clusterToZoneRttS(r.w, 'eu-1', 'eu-west-1b') + 0.0005;
    const web = (effects: readonly { service: number; latencyS: number }[]) => effects.find((e) => e.service === 0)!.latencyS;
    expect(web(r.baseline)).toBeCloseTo(own + 0.1 * backing, 12);
    const lostS = 3600;
    const backS = 3660;
    r.fault('zone', 'eu-west-1a', lostS, backS);
    runUntil(r, backS + 10 * warmupS);
    const during = r.changes.find((c) => c.atS === lostS)!;
    expect(web(during.effects)).toBeCloseTo(backing, 12);
    // Each re-evaluation while it refills: the cold cache's hit ratio at that instant.
    const refill = r.changes.filter((c) => c.atS >= backS && c.effects.some((e) => e.service === 0));
    expect(refill.length).toBeGreaterThanOrEqual(20);
    for (const c of refill) {
      const hit = 0.9 * (1 - Math.exp(-(c.atS - backS) / warmupS));
      expect(web(c.effects)).toBeCloseTo(own + (1 - hit) * backing, 12);
    }
    // Cold at the return (every read also pays the backing read), nearly warm after five time constants.
    expect(web(refill[0].effects)).toBeCloseTo(own + backing, 12);
    expect(refill.at(-1)!.atS - backS).toBeGreaterThanOrEqual(4.9 * warmupS);
  });

  it('misses fail while the backing store is unreadable: reads fail at (1 − hit ratio)', () => {
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
      stores: [storeSpec({ name: 'db' }), storeSpec({ name: 'cache', kind: 'cache', cache: { hitRatio: 0.8, warmupS: 600, backing: 'db' } })],
      placements: [placement('db', [member('eu-1', 'eu-west-1b', 'primary')]), placement('cache', [], { perCluster: true })],
      uses: { web: [{ store: 'cache', readsPerRequest: 1, writesPerRequest: 0 }] },
    });
    r.fault('zone', 'eu-west-1b', 3600, 7200);
    runUntil(r, 3601);
    const e = r.changes.at(-1)!.effects.find((x) => x.service === 0)!;
    expect(e.errorRatio).toBeCloseTo(0.2, 12);
  });
});
