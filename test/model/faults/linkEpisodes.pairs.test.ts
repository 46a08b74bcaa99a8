import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStream } from '../../../src/engine/rng.js';
import { linkEpisodes } from '../../../src/model/faults/linkEpisodes.js';
import { usedLinks } from '../../../src/model/faults/linkPairs.js';
import type { UnnumberedEpisode } from '../../../src/model/faults/episode.js';
import type { LinkOutageProcess } from '../../../src/scenario/types.js';
import { placedWorld as world } from './placedFixture.js';

/**
 * faults.stochastic.links.pairs: with `used`, only pairs something can cross draw outages, and the
 * pairs that do draw exactly what they draw under `all` (one stream per pair), so dropping unused
 * pairs moves nothing else. Fixture: the edge scenario reduced to two stores and the cloud, whose
 * designs use every pair (via the mesh's any level); without the mesh's any level and with the
 * stores' tills reaching only the cloud, store-bos~store-nyc is unused.
 */
const text = readFileSync('test/fixtures/edge-partition.yaml', 'utf8')
  .replace('localityOrder: [zone, region, any]', 'localityOrder: [zone, region]')
  .replace('clusterAffinity: { labels: { site: store } }', 'clusterAffinity: { clusterNames: [bos] }');
const placed = world(text);
// New York's tills enter nowhere in particular (no via region, whatever the default): they cross no link.
const w = { ...placed, scenario: { ...placed.scenario, workload: { ...placed.scenario.workload, userRegions: placed.scenario.workload.userRegions.map((u) => (u.name === 'tills-nyc' ? { ...u, viaRegion: undefined } : u)) } } };
const process = (pairs: 'used' | 'all'): LinkOutageProcess => ({ perYear: 50, duration: { kind: 'exponential', meanS: 3600 }, pairs, mode: 'partition', extraLatencyMs: 0, lossRatio: 0 });
const draw = (pairs: 'used' | 'all', used?: Uint8Array, replication = 0) => {
  const out: UnnumberedEpisode[] = [];
  linkEpisodes(w.fleet, process(pairs), 365 * 86_400, (name) => createStream('pairs', replication, name), out, used);
  return out;
};
const names = (eps: readonly UnnumberedEpisode[]) => [...new Set(eps.map((e) => e.targetName))].sort();

describe('linkEpisodes with pairs: used', () => {
  const used = usedLinks(w.fleet, w.scenario, w.designs);

  it('the fixture uses only the Boston store\'s link to the cloud (the nyc tills have no via, pos runs in bos and the cloud)', () => {
    expect(w.fleet.links.filter((l) => used[l.id] !== 0).map((l) => `${w.fleet.regions[l.regionA].name}~${w.fleet.regions[l.regionB].name}`)).toEqual(['us-east-1~store-bos']);
  });

  it('all: every one of the three pairs draws (about 50 a year each)', () => {
    const all = draw('all', used);
    expect(names(all)).toEqual(['store-bos~store-nyc', 'us-east-1~store-bos', 'us-east-1~store-nyc']);
    for (const n of names(all)) {
      const count = all.filter((e) => e.targetName === n).length;
      expect(count).toBeGreaterThan(50 - 4 * Math.sqrt(50));
      expect(count).toBeLessThan(50 + 4 * Math.sqrt(50));
    }
  });

  it('used: only the used pair draws, and exactly what it draws under all', () => {
    for (let rep = 0; rep < 3; rep++) {
      const all = draw('all', used, rep);
      const onlyUsed = draw('used', used, rep);
      expect(names(onlyUsed)).toEqual(['us-east-1~store-bos']);
      expect(onlyUsed).toEqual(all.filter((e) => e.targetName === 'us-east-1~store-bos'));
    }
  });

  it('used without the set (a caller that cannot tell) draws every pair: never fewer faults than asked', () => {
    expect(draw('used')).toEqual(draw('all'));
  });
});
