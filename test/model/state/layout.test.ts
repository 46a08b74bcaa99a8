import { describe, expect, it } from 'vitest';
import { layoutStores } from '../../../src/model/state/layout.js';
import { member, placement, storeSpec, twoRegionYaml } from './fixture.js';
import { world } from '../runtime/fixture.js';

/** Where members land: a member without a zone takes its cluster's zones in turn; a perCluster cache is in every cluster running a user of it. */
describe('layoutStores', () => {
  const w = world(twoRegionYaml({ ratePerS: 1 }));
  const zoneName = (id: number) => w.fleet.zones[id].name;

  it('zones in turn per cluster, the primary found by role, unplaced stores left out', () => {
    const stores = [storeSpec({ name: 'db' }), storeSpec({ name: 'unused' }), storeSpec({ name: 'cache', kind: 'cache', cache: { hitRatio: 0.9, warmupS: 60, backing: 'db' } })];
    const services = w.scenario.workload.services.map((s) =>
      s.name === 'web' ? { ...s, stores: [{ store: 'cache', readsPerRequest: 1, writesPerRequest: 0 }] } : s.name === 'cart' ? { ...s, stores: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 1 }] } : s,
    );
    const scenario = { ...w.scenario, workload: { ...w.scenario.workload, services, datastores: stores } };
    const placements = [
      placement('db', [member('us-1', undefined, 'replica'), member('eu-1', undefined, 'replica'), member('eu-1', undefined, 'primary'), member('eu-1', undefined, 'replica')], { witnessRegion: 'eu-central-1' }),
      placement('unused', []),
      placement('cache', [], { perCluster: true }),
    ];
    // web runs in us-1 only, cart in eu-1 only.
    const layouts = layoutStores(w.fleet, scenario, placements, [[{ cluster: 1 }], [{ cluster: 0 }], []]);
    expect(layouts.map((l) => l.spec.name)).toEqual(['db', 'cache']);
    const [db, cache] = layouts;
    expect(db.members.map((m) => zoneName(m.zone))).toEqual(['us-east-1a', 'eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(db.initialPrimary).toBe(2);
    expect(w.fleet.regions[db.witnessRegion].name).toBe('eu-central-1');
    expect(db.users).toEqual([{ service: 1, reads: 1, writes: 1 }]);
    expect(cache.members.map((m) => [m.cluster, zoneName(m.zone)])).toEqual([[1, 'us-east-1a']]);
    expect(cache.initialPrimary).toBe(-1);
  });
});
