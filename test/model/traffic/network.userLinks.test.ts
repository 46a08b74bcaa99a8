import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FleetNetwork } from '../../../src/model/traffic/network.js';
import { world } from './fixture.js';

/**
 * FleetNetwork's user side: which link a user region's requests to a cluster cross, and what a
 * partition or a degradation of it does to their delivered share and RTT. Fixture: two stores and
 * us-east-1; Boston's tills enter at store-bos, New York's at store-nyc (test/fixtures/edge-partition.yaml).
 */
const text = readFileSync('test/fixtures/edge-partition.yaml', 'utf8');
const w = world(text);
const { fleet, scenario } = w;
const cluster = (name: string) => fleet.clusterByName.get(name)!;
const link = (a: string, b: string) => fleet.linkIdByRegions[fleet.regionByName.get(a)! * fleet.regions.length + fleet.regionByName.get(b)!];
const CLOUD = cluster('cloud');
const BOS = cluster('bos');
const NYC = cluster('nyc');
const TILLS_BOS = 0;
const TILLS_NYC = 1;
const BOS_CLOUD = link('store-bos', 'us-east-1');
const BOS_NYC = link('store-bos', 'store-nyc');

describe('FleetNetwork: users over links', () => {
  it('the link a user region crosses: none to its own region, the via~cluster-region link otherwise', () => {
    const n = new FleetNetwork(fleet, scenario);
    expect(n.userLinkOf(TILLS_BOS, BOS)).toBe(-1);
    expect(n.userLinkOf(TILLS_BOS, CLOUD)).toBe(BOS_CLOUD);
    expect(n.userLinkOf(TILLS_BOS, NYC)).toBe(BOS_NYC);
    expect(n.userLinkOf(TILLS_NYC, BOS)).toBe(BOS_NYC);
    expect(n.userLinkOf(TILLS_NYC, CLOUD)).toBe(link('store-nyc', 'us-east-1'));
  });

  it('a partition cuts exactly the users whose via region is on one side and the cluster on the other; healing restores them', () => {
    const n = new FleetNetwork(fleet, scenario, 'dns');
    for (const u of [TILLS_BOS, TILLS_NYC]) for (const c of [CLOUD, BOS, NYC]) expect(n.userDeliveredRatio(u, c)).toBe(1);
    n.setLink(BOS_CLOUD, 'partition', 0, 0, true, 100);
    expect(n.userDeliveredRatio(TILLS_BOS, CLOUD)).toBe(0);
    expect(n.userDeliveredRatio(TILLS_BOS, BOS)).toBe(1);
    expect(n.userDeliveredRatio(TILLS_BOS, NYC)).toBe(1);
    expect(n.userDeliveredRatio(TILLS_NYC, CLOUD)).toBe(1);
    // A partition moves no RTT: users fail, they are not slowed.
    const before = new FleetNetwork(fleet, scenario).userRttMs(TILLS_BOS, CLOUD);
    expect(n.userRttMs(TILLS_BOS, CLOUD)).toBe(before);
    n.setLink(BOS_CLOUD, 'partition', 0, 0, false, 200);
    expect(n.userDeliveredRatio(TILLS_BOS, CLOUD)).toBe(1);
  });

  it('a degradation adds its latency to the users\' RTT and fails its loss share, both ways across the link', () => {
    const n = new FleetNetwork(fleet, scenario);
    const baseBosToNyc = n.userRttMs(TILLS_BOS, NYC);
    const baseNycToBos = n.userRttMs(TILLS_NYC, BOS);
    n.setLink(BOS_NYC, 'degrade', 50, 0.02, true, 0);
    expect(n.userRttMs(TILLS_BOS, NYC)).toBeCloseTo(baseBosToNyc + 50, 9);
    expect(n.userRttMs(TILLS_NYC, BOS)).toBeCloseTo(baseNycToBos + 50, 9);
    expect(n.userDeliveredRatio(TILLS_BOS, NYC)).toBeCloseTo(0.98, 12);
    expect(n.userDeliveredRatio(TILLS_NYC, BOS)).toBeCloseTo(0.98, 12);
    // Untouched: the users' own store, and the GSLB's view (base RTT) that picks the nearest cluster.
    expect(n.userDeliveredRatio(TILLS_BOS, BOS)).toBe(1);
    expect(n.userBaseRttMs(TILLS_BOS, NYC)).toBe(baseBosToNyc);
    n.setLink(BOS_NYC, 'degrade', 50, 0.02, false, 10);
    expect(n.userRttMs(TILLS_BOS, NYC)).toBe(baseBosToNyc);
    expect(n.userDeliveredRatio(TILLS_BOS, NYC)).toBe(1);
  });

  it('anycast: the provider edge carries the users, no region link does', () => {
    const n = new FleetNetwork(fleet, scenario, 'anycast');
    const base = n.userRttMs(TILLS_BOS, CLOUD);
    n.setLink(BOS_CLOUD, 'partition', 0, 0, true, 0);
    n.setLink(BOS_NYC, 'degrade', 50, 0.5, true, 0);
    expect(n.userLinkOf(TILLS_BOS, CLOUD)).toBe(-1);
    expect(n.userDeliveredRatio(TILLS_BOS, CLOUD)).toBe(1);
    expect(n.userDeliveredRatio(TILLS_BOS, NYC)).toBe(1);
    expect(n.userRttMs(TILLS_BOS, CLOUD)).toBe(base);
    // Calls between clusters still cross the links.
    expect(n.deliveredRatio(BOS, CLOUD)).toBe(0);
  });

  it('users without a via region reach every region directly', () => {
    const noVia = { ...scenario, workload: { ...scenario.workload, userRegions: scenario.workload.userRegions.map((u) => ({ ...u, viaRegion: undefined })) } };
    const n = new FleetNetwork(fleet, noVia);
    n.setLink(BOS_CLOUD, 'partition', 0, 0, true, 0);
    expect(n.userLinkOf(TILLS_BOS, CLOUD)).toBe(-1);
    expect(n.userDeliveredRatio(TILLS_BOS, CLOUD)).toBe(1);
  });

  it('a via that names no topology region is refused with the user region\'s name (the loader reports it first; this guards other callers)', () => {
    const bad = { ...scenario, workload: { ...scenario.workload, userRegions: scenario.workload.userRegions.map((u) => (u.name === 'tills-bos' ? { ...u, viaRegion: 'store-xyz' } : u)) } };
    expect(() => new FleetNetwork(fleet, bad)).toThrow(/tills-bos.*store-xyz/);
  });
});
