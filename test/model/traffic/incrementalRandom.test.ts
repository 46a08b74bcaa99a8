import { afterEach, describe, expect, it } from 'vitest';
import { compareRandomFleets, setShortcuts } from './randomFleets.js';

/**
 * The fleet-wide (mesh) evaluation's shortcuts against the full evaluation on fleets of random
 * shape (randomFleets.ts): incremental.test.ts compares them on the bundled scenarios and on the
 * benchmark's regular fleets; these vary what those hold fixed (call graphs with fan-out and
 * parallel calls, services on random subsets of clusters, duplicated or divided, routes split over
 * several clusters, one to three regions, outlier detection on or off, retries now and then) under
 * frequent node, zone, region and link outages, and add the paths that turn some shortcuts off.
 * Every seed's whole replication result must be the same both ways.
 */
const seeds = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

afterEach(() => setShortcuts(true));

describe('incremental fleet-wide evaluation equals the full one on random mesh fleets', () => {
  it('13 random fleets, 15 days each, with frequent outages', () => {
    const got = compareRandomFleets(seeds('r', 13), 'none');
    expect(got.mismatches).toEqual([]);
    // Every shortcut was taken (the comparison is not between two full runs), and the outages reached users.
    expect(got.deltas).toBeGreaterThan(100);
    expect(got.sparse).toBeGreaterThan(1000);
    expect(got.sparseBackward).toBeGreaterThan(1000);
    expect(got.keptEstimates).toBeGreaterThan(1000);
    expect(got.failing).toBeGreaterThan(9);
  }, 240_000);

  it('with retries of random policy (no timeout: the latency is computed, kept while what attempts meet is unchanged)', () => {
    const got = compareRandomFleets(seeds('retries', 6), 'retries');
    expect(got.mismatches).toEqual([]);
    expect(got.keptEstimates).toBeGreaterThan(500);
    expect(got.sparse).toBeGreaterThan(500);
    expect(got.failing).toBeGreaterThan(2);
  }, 240_000);

  it('with bad changes rolled out (errors, added latency, lost capacity)', () => {
    const got = compareRandomFleets(seeds('changes', 6), 'changes');
    expect(got.mismatches).toEqual([]);
    expect(got.deltas).toBeGreaterThan(0);
    expect(got.sparse).toBeGreaterThan(500);
  }, 240_000);

  it('with async calls, held concurrency or inline ejection (no delta passes; the other shortcuts)', () => {
    const async = compareRandomFleets(seeds('async', 3), 'async');
    const held = compareRandomFleets(seeds('held', 3), 'held');
    const inline = compareRandomFleets(seeds('inlineEjection', 3), 'inlineEjection');
    for (const got of [async, held, inline]) expect(got.mismatches).toEqual([]);
    expect(async.sparseBackward + held.sparseBackward).toBeGreaterThan(500);
    expect(async.keptEstimates + held.keptEstimates).toBeGreaterThan(500);
    expect(inline.sparse).toBeGreaterThan(500);
  }, 240_000);
});

describe('per-cluster evaluations of the changed clusters only equal full ones on random fleets without a mesh', () => {
  it('DNS and anycast, with bad changes, 8 fleets each', () => {
    const dns = compareRandomFleets(seeds('noMesh', 8), 'noMesh');
    const anycast = compareRandomFleets(seeds('noMeshAnycast', 8), 'noMeshAnycast');
    expect(dns.mismatches).toEqual([]);
    expect(anycast.mismatches).toEqual([]);
    expect(dns.changesOnly).toBeGreaterThan(300);
    expect(anycast.changesOnly).toBeGreaterThan(300);
    // Most hours' demand steps started from the state kept for their hour of the day (ClusterHourSlots).
    expect(dns.slotRestores).toBeGreaterThan(500);
    expect(anycast.slotRestores).toBeGreaterThan(500);
  }, 240_000);
});
