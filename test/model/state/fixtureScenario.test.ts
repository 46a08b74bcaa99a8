import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { world } from '../runtime/fixture.js';
import { runFixtureStores } from './fixture.js';

/**
 * The parsed fixture test/fixtures/datastores-two-regions.yaml, its stores run by the runtime alone
 * (the fleet's fault schedule replayed into onFault; client clusters from the design's placement):
 * the scripted zone loss under both primaries at 3 d and the Atlantic partition at 10 d show up as
 * the semantics say (a replica in the primary's region is promoted: no data crosses the Atlantic).
 */
const w = world(readFileSync(new URL('../../fixtures/datastores-two-regions.yaml', import.meta.url), 'utf8'));


describe('fixture datastores-two-regions', () => {
  const primaryReads = runFixtureStores(w, 0);
  const nearestReads = runFixtureStores(w, 1);

  it('places the three stores, in workload order', () => {
    expect(primaryReads.map((o) => [o.name, o.kind])).toEqual([
      ['cart-db', 'primaryReplica'],
      ['payments', 'quorum'],
      ['session-cache', 'cache'],
    ]);
  });

  it('a zone loss under the primaries fails both over: cart-db in 45 s, payments (an election) in 6 s', () => {
    // Replication 0 draws a zone loss of eu-west-1a at 1.4 d (the first primaries' zone); the
    // scripted one at 3 d then finds them in eu-west-1b and does nothing to them.
    const cart = primaryReads[0].failovers;
    expect(cart.length).toBeGreaterThanOrEqual(1);
    for (const f of cart.filter((x) => x.cause === 'zone')) {
      expect(f).toMatchObject({ promoted: true, splitBrain: false });
      expect(f.rtoS).toBeCloseTo(45, 9);
      // The promoted replica in the next zone lagged by its one-way delay (about 0.5 ms).
      expect(f.rpoS).toBeGreaterThan(0);
      expect(f.rpoS).toBeLessThan(0.002);
    }
    const pay = primaryReads[1].failovers.filter((x) => x.cause === 'zone');
    expect(pay.length).toBeGreaterThanOrEqual(1);
    for (const f of pay) {
      expect(f).toMatchObject({ rpoS: 0, lostWrites: 0, promoted: true });
      expect(f.rtoS).toBeCloseTo(6, 9);
    }
  });

  it('the 30-minute Atlantic partition leaves the US replica 30 min behind; us-1 cannot write meanwhile', () => {
    expect(primaryReads[0].maxLagS).toBeGreaterThanOrEqual(1800);
    expect(primaryReads[0].writeAvailableRatio).toBeLessThan(1);
    expect(primaryReads[0].interRegionReplicationBytes.some((x) => x.fromRegion === 'eu-west-1' && x.toRegion === 'us-east-1' && x.bytes > 0)).toBe(true);
  });

  it('nearest reads keep us-1 reading through the partition: read availability at least that of primary reads', () => {
    expect(nearestReads[0].readAvailableRatio).toBeGreaterThan(primaryReads[0].readAvailableRatio);
    // Writes do not depend on the read policy.
    expect(nearestReads[0].writeAvailableRatio).toBeCloseTo(primaryReads[0].writeAvailableRatio, 12);
    expect(nearestReads[0].failovers).toEqual(primaryReads[0].failovers);
  });
});
