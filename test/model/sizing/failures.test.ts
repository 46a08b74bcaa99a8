import { describe, expect, it } from 'vitest';
import { failureCases } from '../../../src/model/sizing/failures.js';
import type { ClusterSpec } from '../../../src/scenario/types.js';

// Only the fields failureCases reads.
const cluster = (name: string, region: string, zones: string[], poolZones: string[] = []) =>
  ({ name, region, zones, nodePools: [{ name: 'p', zones: poolZones }] }) as unknown as ClusterSpec;

const clusters = [cluster('a', 'r1', ['r1a', 'r1b']), cluster('b', 'r1', ['r1a']), cluster('c', 'r2', ['r2a'])];

describe('failure cases', () => {
  it('none is the only case when nothing must be survived', () => {
    expect(failureCases({ kind: 'none', name: undefined }, clusters).map((f) => f.label)).toEqual(['none']);
  });

  it('a kind without a name is every region, cluster or zone holding one of the design’s clusters', () => {
    const region = failureCases({ kind: 'region', name: undefined }, clusters);
    expect(region.map((f) => [f.label, f.lostClusters])).toEqual([
      ['none', []],
      ['region r1', ['a', 'b']],
      ['region r2', ['c']],
    ]);
    expect(failureCases({ kind: 'cluster', name: undefined }, clusters).map((f) => f.label)).toEqual(['none', 'cluster a', 'cluster b', 'cluster c']);
  });

  it('a zone loses the clusters entirely inside it, and only nodes of the ones that span others', () => {
    const zones = failureCases({ kind: 'zone', name: undefined }, clusters);
    expect(zones.map((f) => f.label)).toEqual(['none', 'zone r1a', 'zone r1b', 'zone r2a']);
    expect(zones[1]).toMatchObject({ lostClusters: ['b'], lostZone: 'r1a' });
    expect(zones[2]).toMatchObject({ lostClusters: [], lostZone: 'r1b' });
    expect(zones[3]).toMatchObject({ lostClusters: ['c'], lostZone: undefined });
  });

  it('counts a pool’s own zones as the cluster’s', () => {
    const spread = [cluster('d', 'r3', ['r3a'], ['r3a', 'r3b'])];
    expect(failureCases({ kind: 'zone', name: 'r3a' }, spread)[1]).toMatchObject({ lostClusters: [], lostZone: 'r3a' });
  });

  it('a named failure is one case beside none', () => {
    expect(failureCases({ kind: 'cluster', name: 'c' }, clusters).map((f) => [f.label, f.lostClusters])).toEqual([
      ['none', []],
      ['cluster c', ['c']],
    ]);
  });
});
