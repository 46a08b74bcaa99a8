import { describe, expect, it } from 'vitest';
import { rttMsBetweenZones } from '../../../src/model/fleet/buildFleet.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { twoRegionScenario } from '../placement/scenarioFixture.js';

describe('resolveFleet', () => {
  it('maps the scenario onto the fleet: nodes, etcd members, RTTs from the topology', () => {
    const fleet = resolveFleet(twoRegionScenario(), { reservation: { kind: 'none' } });
    expect(fleet.clusters.map((c) => [c.name, c.nodeCount, c.etcdCount])).toEqual([
      ['eu', 4, 3],
      ['us', 2, 0],
    ]);
    expect(Array.from(fleet.etcd.zoneId).map((z) => fleet.zones[z].name)).toEqual(['eu-west-1a', 'eu-west-1a', 'eu-west-1b']);
    expect(rttMsBetweenZones(fleet, 0, 0)).toBe(0.25);
    expect(rttMsBetweenZones(fleet, 0, 1)).toBe(1.2);
    expect(rttMsBetweenZones(fleet, 0, 2)).toBe(68);
    expect(fleet.nodePools[0].instanceType).toBe('m6i.xlarge');
    expect(fleet.nodes.cpuAllocatableMillicores[0]).toBe(4000);
  });

  it('applies the GKE reservation by default', () => {
    const fleet = resolveFleet(twoRegionScenario());
    expect(fleet.nodes.cpuAllocatableMillicores[0]).toBe(3920);
  });
});
