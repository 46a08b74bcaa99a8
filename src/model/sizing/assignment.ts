import type { Design, Scenario } from '../../scenario/types.js';
import { buildFleet } from '../fleet/buildFleet.js';
import { fleetInputFromScenario } from '../fleet/resolveFleet.js';
import type { Fleet } from '../fleet/types.js';
import { emptyCapacity, podsFitInCluster, type Availability } from '../placement/capacity.js';
import type { CompiledService } from '../placement/compile.js';
import { divideReplicas } from '../placement/divide.js';
import { placeService } from '../placement/placeService.js';
import type { FailureCase } from './types.js';

// One node per pool, large enough that capacity never decides anything: sizing decides capacity.
// Pod slots stay within Int32 and fit × replicas within exact float64 integers (apportion's check).
const AMPLE_PODS = 1_000_000;
const AMPLE_CPU_MILLICORES = 1e13;
const AMPLE_MEMORY_BYTES = 2 ** 62;

/**
 * The design's clusters with capacity out of the way: placement's choice of affinity term, clusters
 * and division then depends on the policy alone (availability, residency, spread, weights), and ties
 * between equally free clusters go by name, as placement breaks them.
 */
export function ampleFleet(scenario: Scenario): Fleet {
  const input = fleetInputFromScenario(scenario);
  return buildFleet({
    ...input,
    reservation: { kind: 'none' },
    clusters: input.clusters.map((c) => ({
      ...c,
      nodePools: [{ name: 'ample', cpuMillicores: AMPLE_CPU_MILLICORES, memoryBytes: AMPLE_MEMORY_BYTES, count: 1, maxPods: AMPLE_PODS }],
    })),
  });
}

/**
 * How a design's placement assigns a service's replicas in each failure case, as Karmada does it
 * (src/model/runtime/karmadaFailover.ts): with everything up, placement's choice; when a cluster is
 * lost, a duplicated service keeps its other clusters (nothing moves); a divided service with failover
 * enabled is re-divided, the same total, among the clusters placement selects without the lost ones
 * (a backup affinity term included); without failover the lost clusters' share is simply gone. A
 * zone lost inside a cluster moves nothing between clusters (the ReplicaSet reschedules inside it).
 */
export class Assignment {
  readonly fleet: Fleet;
  readonly services: readonly CompiledService[];
  private readonly design: Design;
  private readonly cases: readonly FailureCase[];
  /** Per case, per service: the selected cluster ids (placement's ranking). */
  private readonly selected: Int32Array[][];
  private readonly fitPerCluster: Float64Array[];

  /** `fleet` and `services`: ampleFleet(scenario) and compileDesign on it. */
  constructor(fleet: Fleet, services: readonly CompiledService[], design: Design, cases: readonly FailureCase[]) {
    this.fleet = fleet;
    this.design = design;
    this.cases = cases;
    this.services = services;
    this.fitPerCluster = this.services.map((svc) => {
      const full = this.availability([]);
      const cap = emptyCapacity(fleet, full);
      return Float64Array.from(fleet.clusters, (c) => podsFitInCluster(fleet, cap, c.id, svc.cpuMillicores, svc.memoryBytes));
    });
    this.selected = cases.map((fc) => {
      const availability = this.availability(fc.lostClusters);
      return this.services.map((svc) => placeService(fleet, { ...svc, replicas: 0 }, availability, emptyCapacity(fleet, availability), 'spread').selectedClusters);
    });
  }

  private availability(lost: readonly string[]): Availability {
    const clusterUp = new Uint8Array(this.fleet.clusters.length).fill(1);
    for (const n of lost) clusterUp[this.fleet.clusterByName.get(n)!] = 0;
    return { clusterUp, nodeUp: new Uint8Array(this.fleet.nodes.count).fill(1) };
  }

  isDuplicated(service: number): boolean {
    return this.services[service].scheduling.kind === 'duplicated';
  }

  /** Replicas per cluster id of `service` in case `caseIndex` when its `replicas` field is `replicas`. */
  assigned(caseIndex: number, service: number, replicas: number): Int32Array {
    const svc = this.services[service];
    const steadySel = this.selected[0][service];
    const steady = divideReplicas(this.fleet, svc.scheduling, replicas, Array.from(steadySel), this.fitPerCluster[service]);
    if (caseIndex === 0) return steady;
    const lost = new Set(this.cases[caseIndex].lostClusters.map((n) => this.fleet.clusterByName.get(n)!));
    const hadLost = Array.from(steadySel).some((c) => lost.has(c) && steady[c] > 0);
    // Karmada moves the replicas only when the policy asks and its version lets cluster failover act.
    const failover = this.design.policies[service].failover.enabled && this.design.karmada.clusterFailover;
    const out = steady.slice();
    for (const c of lost) out[c] = 0;
    if (svc.scheduling.kind !== 'duplicated' && failover && hadLost) {
      // When the policy cannot be met without the lost clusters (no selection, or fewer replicas on
      // the survivors than they had), Karmada's scheduler fails and the survivors keep their share.
      const moved = divideReplicas(this.fleet, svc.scheduling, replicas, Array.from(this.selected[caseIndex][service]), this.fitPerCluster[service]);
      let before = 0;
      let after = 0;
      for (let c = 0; c < out.length; c++) {
        if (lost.has(c)) continue;
        before += out[c];
        after += moved[c];
      }
      if (this.selected[caseIndex][service].length > 0 && after >= before) return moved;
    }
    return out;
  }

  /**
   * The smallest `replicas` whose assignment, in every case, gives each cluster at least what it
   * needs (need[caseIndex][clusterId]); undefined when none up to `limit` does (a need where the
   * policy puts no replicas). Duplicated: the largest need. Divided: searched upwards from the
   * largest need, since a split rounds per cluster.
   */
  smallestReplicas(service: number, need: readonly Int32Array[], limit: number): { replicas: number; caseIndex: number; cluster: number } | undefined {
    let start = 0;
    let at = { caseIndex: 0, cluster: -1 };
    need.forEach((row, k) =>
      row.forEach((n, c) => {
        if (n > start) {
          start = n;
          at = { caseIndex: k, cluster: c };
        }
      }),
    );
    // `at` ends as the need that was still short one replica below the answer: the one that bound it.
    for (let r = Math.max(start, 1); r <= limit; r++) {
      let short: { caseIndex: number; cluster: number } | undefined;
      for (let k = 0; k < need.length && short === undefined; k++) {
        const a = this.assigned(k, service, r);
        for (let c = 0; c < a.length; c++) {
          if (a[c] < need[k][c]) {
            short = { caseIndex: k, cluster: c };
            break;
          }
        }
      }
      if (short === undefined) return { replicas: r, ...at };
      if (this.isDuplicated(service)) return undefined;
      at = short;
    }
    return undefined;
  }

  /**
   * The policy's own proportions in a case, per cluster id: the weights a mesh splits calls by
   * (ready pods, which a sized fleet has in these proportions) and, where positive, the clusters that
   * run the service. Duplicated: 1 per selected cluster; static weights: the weights themselves (a
   * total equal to their sum splits into exactly them); other divisions: one replica per selected
   * cluster divided as placement divides it. None for a service written with 0 replicas.
   */
  shape(caseIndex: number, service: number): Int32Array {
    const svc = this.services[service];
    // A service the design writes with no replicas is not deployed by it: nothing runs, nothing routes there.
    if (svc.replicas === 0) return new Int32Array(this.fleet.clusters.length);
    const sel = this.selected[0][service];
    let r = 1;
    if (svc.scheduling.kind === 'staticWeights') {
      const w = svc.scheduling.weightByCluster;
      const sum = Array.from(sel).reduce((a, c) => a + w[c], 0);
      r = sum > 0 ? sum : sel.length;
    } else if (svc.scheduling.kind !== 'duplicated') r = sel.length;
    return this.assigned(caseIndex, service, r);
  }
}
