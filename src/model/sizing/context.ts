import { SIZING_HEADROOM, SIZING_MIN_REPLICAS_PER_CLUSTER, SIZING_SURVIVE } from '../../scenario/defaults.js';
import { withInfrastructure } from '../../scenario/designView.js';
import type { ClusterSpec, Design, Scenario, ServiceSpec, SizingSpec, UserRegionSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { compileDesign } from '../placement/resolveDesigns.js';
import { usedClusters } from '../placement/usedClusters.js';
import { ampleFleet, Assignment } from './assignment.js';
import { failureCases } from './failures.js';
import { flowParts, userFlows, type FlowParts, type UserFlow } from './flows.js';
import { candidateTimes, demandPerS } from './peakDemand.js';
import { when } from './text.js';
import type { FailureCase } from './types.js';

/** The design's sizing spec, or the defaults a `sizing: {}` would get (docs/sizing.md). */
export function sizingSpecOf(design: Design): SizingSpec {
  return design.sizing ?? { headroomRatio: SIZING_HEADROOM, minReplicasPerCluster: SIZING_MIN_REPLICAS_PER_CLUSTER, failoverNodes: 'standing', survive: { kind: SIZING_SURVIVE, name: undefined } };
}

/** What every step of sizing reads: the design, its failure cases, and how load flows in each. */
export interface SizingContext {
  readonly design: Design;
  /** The design's own scenario (its clusters and services after overrides). */
  readonly scenario: Scenario;
  readonly spec: SizingSpec;
  /** ampleFleet: cluster ids are the design fleet's. */
  readonly fleet: Fleet;
  readonly usedClusters: readonly ClusterSpec[];
  readonly cases: readonly FailureCase[];
  readonly assignment: Assignment;
  readonly services: readonly ServiceSpec[];
  /** Per policy (design order, the Assignment's service index): the service's workload index. */
  readonly policyService: readonly number[];
  readonly users: readonly UserRegionSpec[];
  readonly parts: FlowParts;
  /** Instants demand may peak at, and every user region's rate at each (times × users). */
  readonly times: readonly number[];
  readonly demand: readonly (readonly number[])[];
  /** Per case: per workload service, the policy's proportions per cluster id (0: not running there). */
  readonly shapes: readonly (readonly Int32Array[])[];
  /** Per case: 1 per cluster id still up. */
  readonly ups: readonly Uint8Array[];
  /** Per case: per user region, its flow per request. */
  readonly flows: readonly (readonly UserFlow[])[];
  /** What sizing cannot fix; every step appends. */
  readonly problems: string[];
}

export function sizingContext(scenario: Scenario, designIndex: number): SizingContext {
  const design = scenario.designs[designIndex];
  if (design === undefined) throw new RangeError(`no design #${designIndex}`);
  const sc = withInfrastructure(scenario, design.infrastructure);
  const spec = sizingSpecOf(design);
  const fleet = ampleFleet(sc);
  const compiled = compileDesign(fleet, design, sc.workload.services);
  const used = new Set(usedClusters(fleet, compiled));
  const usedSpecs = sc.clusters.filter((c) => used.has(c.name));
  const cases = failureCases(spec.survive, usedSpecs);
  const assignment = new Assignment(fleet, compiled, design, cases);
  const services = sc.workload.services;
  const serviceIndex = new Map(services.map((s, i) => [s.name, i]));
  // Policies follow workload order (the loader guarantees it); map by name all the same.
  const policyService = design.policies.map((p) => serviceIndex.get(p.service)!);
  const users = sc.workload.userRegions;
  const times = candidateTimes(users, sc.run.horizonS);
  const shapes = cases.map((_, k) => {
    const byService: Int32Array[] = new Array(services.length);
    design.policies.forEach((_, i) => (byService[policyService[i]] = assignment.shape(k, i)));
    return byService;
  });
  const ups = cases.map((fc) => {
    const up = new Uint8Array(fleet.clusters.length).fill(1);
    for (const n of fc.lostClusters) up[fleet.clusterByName.get(n)!] = 0;
    return up;
  });
  const parts = flowParts(sc, design, fleet);
  const flows = cases.map((_, k) => userFlows(parts, shapes[k], ups[k]));
  const problems: string[] = [];
  cases.forEach((fc, k) =>
    flows[k].forEach((f, u) => {
      const who = `users ${users[u].name}`;
      if (f.answer.length === 0) problems.push(`${when(fc.label)}: no cluster runs ${users[u].entryService} for ${who}; their requests fail whatever the size`);
      else if (f.noReplica > 0) problems.push(`${when(fc.label)}: ${Number(f.noReplica.toPrecision(3))} calls per request of ${who} find no pod of their callee ${design.traffic.mesh ? 'in any cluster the mesh can reach' : 'in their cluster (calls stay in their cluster without a mesh)'}`);
    }),
  );
  const demand = times.map((t) => users.map((u) => demandPerS(u, t)));
  return { design, scenario: sc, spec, fleet, usedClusters: usedSpecs, cases, assignment, services, policyService, users, parts, times, demand, shapes, ups, flows, problems };
}
