import type { Fleet } from '../fleet/types.js';
import type { Design, PlacementPolicy as ScenarioPolicy, Scenario, ServiceSpec } from '../../scenario/types.js';
import { fullAvailability, type Availability } from './capacity.js';
import { compileService, PlacementError, type CompiledService } from './compile.js';
import { placeDesign, type PlaceDesignOptions } from './placeDesign.js';
import { podRequests } from './podRequests.js';
import type { DesignPlacement, PlacementPolicy } from './types.js';
import { usedClusters } from './usedClusters.js';

/** Karmada's "no maximum": more groups than any fleet has. */
const UNBOUNDED_GROUPS = Number.MAX_SAFE_INTEGER;

/** Maps the scenario's policy (already validated and defaulted) onto placement's own vocabulary. */
export function placementPolicyFromScenario(p: ScenarioPolicy): PlacementPolicy {
  const rs = p.replicaScheduling;
  return {
    replicaScheduling:
      rs.type === 'duplicated'
        ? { kind: 'duplicated' }
        : rs.division === 'weighted'
          ? { kind: 'divided', division: 'staticWeights', weights: rs.weights }
          : { kind: 'divided', division: rs.division },
    clusterAffinities: p.clusterAffinities.map((a) => ({
      name: a.name === '' ? undefined : a.name,
      clusterNames: a.clusterNames,
      excludeClusters: a.exclude,
      regions: a.regions,
      providers: a.providers,
      labels: a.labels,
    })),
    spreadConstraints: p.spreadConstraints.map((s) => ({ by: s.spreadByField, minGroups: s.minGroups, maxGroups: s.maxGroups ?? UNBOUNDED_GROUPS })),
    residency: p.residency ? { allowedRegions: p.residency.allowedRegions, mode: p.residency.enforcement } : undefined,
  };
}

export interface ResolvedDesign {
  readonly name: string;
  /** Compiled once; pass these with a new Availability to placeDesign to re-place after faults. */
  readonly services: readonly CompiledService[];
  /** Placement with everything up. */
  readonly placement: DesignPlacement;
  /** Clusters the design can put pods on (usedClusters), in fleet order: the ones it is billed for. */
  readonly usedClusters: readonly string[];
}

export function compileDesign(fleet: Fleet, design: Design, services: readonly ServiceSpec[]): CompiledService[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  return design.policies.map((p) => {
    const s = byName.get(p.service);
    if (s === undefined) throw new PlacementError(`design ${design.name}: policy for unknown service "${p.service}"`);
    const pod = podRequests(s, design);
    return compileService(fleet, { name: s.name, replicas: s.replicas, cpuMillicores: pod.cpuMillicores, memoryBytes: pod.memoryBytes, policy: placementPolicyFromScenario(p) });
  });
}

/**
 * Every design of the scenario placed on the fleet: per service the replicas per cluster, the pods
 * bound to nodes, what is pending, residency violations; per cluster the headroom.
 */
export function resolveDesigns(
  scenario: Scenario,
  fleet: Fleet,
  availability: Availability = fullAvailability(fleet),
  options: PlaceDesignOptions = {},
): ResolvedDesign[] {
  return scenario.designs.map((d) => {
    const services = compileDesign(fleet, d, scenario.workload.services);
    return Object.freeze({ name: d.name, services: Object.freeze(services), placement: placeDesign(fleet, services, availability, options), usedClusters: usedClusters(fleet, services) });
  });
}
