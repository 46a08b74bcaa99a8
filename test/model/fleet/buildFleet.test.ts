import { describe, expect, it } from 'vitest';
import { buildFleet, FleetError, rttMsBetweenClusters, rttMsBetweenZones } from '../../../src/model/fleet/buildFleet.js';
import type { FleetInput } from '../../../src/model/fleet/types.js';

const GIB = 1024 ** 3;

const input: FleetInput = {
  regions: [
    { name: 'eu-west-1', provider: 'aws', zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    { name: 'us-east-1', provider: 'aws', zones: ['us-east-1a', 'us-east-1b'] },
  ],
  links: [{ a: 'us-east-1', b: 'eu-west-1', rttMs: 70, bandwidthGbps: 10 }],
  reservation: { kind: 'none' },
  clusters: [
    {
      name: 'eu-1',
      region: 'eu-west-1',
      zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      labels: { tier: 'prod' },
      nodePools: [
        { name: 'general', cpuMillicores: 4000, memoryBytes: 16 * GIB, count: 4 },
        { name: 'big', cpuMillicores: 8000, memoryBytes: 32 * GIB, count: 2, zones: ['eu-west-1b'], maxPods: 50 },
      ],
      etcdMembers: [
        { zone: 'eu-west-1a', count: 1 },
        { zone: 'eu-west-1b', count: 1 },
        { zone: 'eu-west-1c', count: 1 },
      ],
    },
    { name: 'us-1', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'], nodePools: [{ name: 'p', cpuMillicores: 2000, memoryBytes: 8 * GIB, count: 3 }] },
  ],
};

describe('buildFleet', () => {
  const fleet = buildFleet(input);

  it('gives dense ids and keeps each cluster’s nodes contiguous', () => {
    expect(fleet.regions.map((r) => r.id)).toEqual([0, 1]);
    expect(fleet.zones.map((z) => z.name)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'us-east-1a', 'us-east-1b']);
    expect(fleet.nodes.count).toBe(9);
    const [eu, us] = fleet.clusters;
    expect([eu.nodeStart, eu.nodeCount, us.nodeStart, us.nodeCount]).toEqual([0, 6, 6, 3]);
    for (let i = 0; i < 9; i++) expect(fleet.nodes.clusterId[i]).toBe(i < 6 ? 0 : 1);
    expect(fleet.clusterByName.get('us-1')).toBe(1);
    expect(eu.labels).toEqual({ tier: 'prod' });
  });

  it('spreads pool nodes round-robin over the pool’s zones', () => {
    // general: a, b, c, a; big: only b; us pool: a, b, a.
    expect(Array.from(fleet.nodes.zoneId)).toEqual([0, 1, 2, 0, 1, 1, 3, 4, 3]);
    expect(Array.from(fleet.nodes.maxPods)).toEqual([110, 110, 110, 110, 50, 50, 110, 110, 110]);
    expect(fleet.nodes.cpuAllocatableMillicores[4]).toBe(8000);
    // An empty zone list means the cluster's zones, like an absent one.
    const f2 = buildFleet({ ...input, clusters: [{ ...input.clusters[1], nodePools: [{ name: 'p', cpuMillicores: 1000, memoryBytes: GIB, count: 2, zones: [] }] }] });
    expect(Array.from(f2.nodes.zoneId)).toEqual([3, 4]);
  });

  it('places etcd members in their zones', () => {
    expect(fleet.etcd.count).toBe(3);
    expect(Array.from(fleet.etcd.zoneId)).toEqual([0, 1, 2]);
    expect(fleet.clusters[0].etcdCount).toBe(3);
    expect(fleet.clusters[1].etcdCount).toBe(0);
  });

  it('builds the RTT matrix: intra-zone, inter-zone, inter-region from the link', () => {
    expect(rttMsBetweenZones(fleet, 0, 0)).toBe(0.2);
    expect(rttMsBetweenZones(fleet, 0, 2)).toBe(1);
    expect(rttMsBetweenZones(fleet, 4, 1)).toBe(70);
    expect(rttMsBetweenZones(fleet, 1, 4)).toBe(70);
    // Inside eu-1: 3 same-zone pairs at 0.2 and 6 cross-zone pairs at 1 → (0.6 + 6) / 9.
    expect(rttMsBetweenClusters(fleet, 0, 0)).toBeCloseTo(6.6 / 9, 12);
    expect(rttMsBetweenClusters(fleet, 0, 1)).toBe(70);
    expect(fleet.links[0]).toMatchObject({ rttMs: 70, bandwidthGbps: 10, lossRatio: 0 });
    expect(fleet.linkIdByRegions[0 * 2 + 1]).toBe(0);
    expect(fleet.linkIdByRegions[0]).toBe(-1);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(fleet)).toBe(true);
    expect(Object.isFrozen(fleet.clusters)).toBe(true);
    expect(Object.isFrozen(fleet.clusters[0])).toBe(true);
    expect(Object.isFrozen(fleet.clusters[0].zoneIds)).toBe(true);
  });

  it('rejects inconsistent input with a message naming the culprit', () => {
    expect(() => buildFleet({ ...input, links: [] })).toThrow(/no link .*eu-west-1.*us-east-1/);
    expect(() => buildFleet({ ...input, links: [...input.links, { a: 'eu-west-1', b: 'us-east-1', rttMs: 80 }] })).toThrow(/two links/);
    expect(() =>
      buildFleet({ ...input, clusters: [{ ...input.clusters[1], zones: ['eu-west-1a'] }] }),
    ).toThrow(FleetError);
    expect(() => buildFleet({ ...input, clusters: [input.clusters[1], input.clusters[1]] })).toThrow(/duplicate cluster name "us-1"/);
    expect(() =>
      buildFleet({ ...input, clusters: [{ ...input.clusters[1], nodePools: [{ name: 'p', cpuMillicores: 2000, memoryBytes: GIB, count: 1.5 }] }] }),
    ).toThrow(/count must be a non-negative integer/);
    expect(() =>
      buildFleet({ ...input, clusters: [{ ...input.clusters[1], etcdMembers: [{ zone: 'eu-west-1a', count: 1 }] }] }),
    ).toThrow(/etcd zone "eu-west-1a"/);
  });
});
