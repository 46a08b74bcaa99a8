import type { Scenario } from '../../scenario/types.js';
import { buildFleet } from './buildFleet.js';
import type { Fleet, FleetInput, NodeReservation } from './types.js';

export interface ResolveFleetOptions {
  /** Per-node kubelet reservation; default GKE's scale (the scenario format has no field for it yet). */
  readonly reservation?: NodeReservation;
}

/** The FleetInput a validated Scenario describes. Node pools start at their `count` (not autoscaled). */
export function fleetInputFromScenario(scenario: Scenario, options: ResolveFleetOptions = {}): FleetInput {
  const t = scenario.topology;
  return {
    regions: t.regions.map((r) => ({ name: r.name, provider: r.provider, zones: r.zones })),
    links: t.links.map((l) => ({ a: l.a, b: l.b, rttMs: l.rttMs, bandwidthGbps: l.bandwidthGbps, lossRatio: l.lossRatio })),
    intraZoneRttMs: t.intraZoneRttMs,
    interZoneRttMs: t.interZoneRttMs,
    reservation: options.reservation,
    clusters: scenario.clusters.map((c) => ({
      name: c.name,
      region: c.region,
      provider: c.provider,
      zones: c.zones,
      labels: c.labels,
      nodePools: c.nodePools.map((p) => ({
        name: p.name,
        instanceType: p.instanceType,
        cpuMillicores: p.cpuMillicores,
        memoryBytes: p.memoryBytes,
        count: p.count,
        zones: p.zones,
        maxPods: p.maxPods,
      })),
      etcdMembers: c.controlPlane.kind === 'selfManaged' ? c.controlPlane.etcd.members : [],
      daemonSets: c.daemonSets,
    })),
  };
}

/** The resolved, frozen Fleet of a validated Scenario. */
export function resolveFleet(scenario: Scenario, options: ResolveFleetOptions = {}): Fleet {
  return buildFleet(fleetInputFromScenario(scenario, options));
}
