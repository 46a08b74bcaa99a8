import { describe, expect, it } from 'vitest';
import { isStoreLine, MEMBERS_ITEM, REPLICATION_ITEM } from '../../src/cost/datastores.js';
import type { CostObservation } from '../../src/cost/index.js';
import type { DatastoreSpec } from '../../src/scenario/types.js';
import { cost, fleetYaml, line, observe, world } from './fixture.js';
import type { World } from '../model/runtime/fixture.js';

const GB = 1e9;

/** The world with one declared store (only what the bill reads of it: its name and member price). */
function withStore(w: World, priceUsdPerHour: number | undefined): World {
  const store = { name: 'cart-db', memberPriceUsdPerHour: priceUsdPerHour } as DatastoreSpec;
  return { ...w, scenario: { ...w.scenario, workload: { ...w.scenario.workload, datastores: [store] } } };
}

const stores = (flows: { fromRegion: string; toRegion: string; bytes: number }[], memberHours: number): Pick<CostObservation, 'datastores'> => ({
  datastores: [{ name: 'cart-db', interRegionReplicationBytes: flows, memberHours }],
});

describe('datastore cost lines', () => {
  const aws = () => world(fleetYaml({ clusters: [{ name: 'eu', region: 'eu-west-1', type: 'm6i.xlarge', nodes: 1 }, { name: 'us', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }] }));

  it('prices replication to another region at the source region inter-region rate, and members at their hourly price', () => {
    const w = withStore(aws(), 0.25);
    const base = observe(w, { eu: { nodes: 1 }, us: { nodes: 1 } });
    // One hour observed: 1 GB from Dublin to N. Virginia → 730 GB a month at AWS's $0.02 (every
    // inter-region GB at the source's rate); 3 members for the hour → 2 190 member-hours at $0.25 = $547.50.
    const c = cost(w, { ...base, ...stores([{ fromRegion: 'eu-west-1', toRegion: 'us-east-1', bytes: GB }], 3) });
    const repl = line(c, 'datastore replication: cart-db eu-west-1 → us-east-1');
    expect(repl).toMatchObject({ category: 'dataTransfer', cluster: null, quantityUnit: 'GB', priceKey: 'transfer/aws/interRegion' });
    expect(repl.quantityPerMonth).toBeCloseTo(730, 9);
    expect(repl.monthlyUsd).toBeCloseTo(14.6, 9);
    const members = line(c, 'datastore members: cart-db');
    expect(members).toMatchObject({ category: 'nodes', cluster: null, quantityUnit: 'member-hours', usdPerUnit: 0.25 });
    expect(members.monthlyUsd).toBeCloseTo(547.5, 9);
    // Both are in the total and their categories.
    const without = cost(w, base);
    expect(c.totalUsd - without.totalUsd).toBeCloseTo(14.6 + 547.5, 6);
    expect(c.byCategory.dataTransfer - without.byCategory.dataTransfer).toBeCloseTo(14.6, 9);
    expect(c.byCategory.nodes - without.byCategory.nodes).toBeCloseTo(547.5, 9);
    expect(isStoreLine(repl, REPLICATION_ITEM, 'cart-db')).toBe(true);
    expect(isStoreLine(members, MEMBERS_ITEM, 'cart-db')).toBe(true);
    expect(isStoreLine(repl, REPLICATION_ITEM, 'cart')).toBe(false);
  });

  it('GCP: the intercontinental rate between continents ($0.08), the inter-region one inside Europe ($0.02)', () => {
    const w = withStore(world(fleetYaml({ clusters: [{ name: 'a', region: 'europe-west1', type: 'n2-standard-4', nodes: 1, controlPlane: 'managed: { tier: gke-regional }' }, { name: 'b', region: 'us-central1', type: 'n2-standard-4', nodes: 1, controlPlane: 'managed: { tier: gke-regional }' }], regions: '    - name: europe-west1\n    - name: us-central1\n    - name: europe-west3' })), undefined);
    const c = cost(w, { ...observe(w, { a: { nodes: 1 }, b: { nodes: 1 } }), ...stores([{ fromRegion: 'europe-west1', toRegion: 'us-central1', bytes: GB }, { fromRegion: 'europe-west1', toRegion: 'europe-west3', bytes: 2 * GB }], 2) });
    expect(line(c, 'datastore replication: cart-db europe-west1 → us-central1').monthlyUsd).toBeCloseTo(730 * 0.08, 9);
    expect(line(c, 'datastore replication: cart-db europe-west1 → europe-west3').monthlyUsd).toBeCloseTo(1460 * 0.02, 9);
    // No member price: the members run on the clusters' nodes, already billed.
    expect(c.lines.some((l) => l.item.startsWith('datastore members'))).toBe(false);
  });

  it('adds nothing when the observation has no datastores, or they shipped nothing between regions', () => {
    const w = withStore(aws(), undefined);
    const base = observe(w, { eu: { nodes: 1 }, us: { nodes: 1 } });
    const none = cost(w, base);
    const empty = cost(w, { ...base, ...stores([], 0) });
    expect(empty.lines).toEqual(none.lines);
    expect(empty.totalUsd).toBe(none.totalUsd);
  });
});
