import type { Fleet } from '../fleet/types.js';
import { bindPods } from './binpack.js';
import { podsFitInCluster, type Availability, type CapacityState } from './capacity.js';
import type { CompiledService } from './compile.js';
import { divideReplicas } from './divide.js';
import { selectBySpread } from './spread.js';
import type { NodeStrategy, ResidencyViolation, ServicePlacement } from './types.js';

interface Choice {
  readonly index: number;
  readonly selected: number[];
  readonly assigned: Int32Array;
}

/**
 * Places one service: picks the affinity term, the clusters, the per-cluster replica counts, then
 * binds pods to nodes. Consumes `cap` (the free capacity left by services placed before); touches
 * nothing else, so a caller re-placing after a fault passes a fresh or copied CapacityState.
 *
 * Ordered affinity terms: a term is eligible when it has an up cluster (allowed by a hard residency
 * rule) and its spread constraints can be met; it can host when no cluster's assignment exceeds what
 * fits there. The first term that can host wins; when none can, the first eligible term is used and
 * the shortfall reported as pending; when none is eligible, every replica is unscheduled.
 */
export function placeService(fleet: Fleet, svc: CompiledService, availability: Availability, cap: CapacityState, strategy: NodeStrategy): ServicePlacement {
  const nc = fleet.clusters.length;
  const fit = new Float64Array(nc);
  for (let c = 0; c < nc; c++) if (availability.clusterUp[c] === 1) fit[c] = podsFitInCluster(fleet, cap, c, svc.cpuMillicores, svc.memoryBytes);
  const notes: string[] = [];
  const termLabel = (i: number): string => svc.affinities[i].name ?? (svc.affinities.length > 1 ? `#${i + 1}` : 'all clusters');

  let hosting: Choice | undefined;
  let fallback: Choice | undefined;
  for (let i = 0; i < svc.affinities.length && hosting === undefined; i++) {
    const eligible: number[] = [];
    for (const c of svc.affinities[i].clusters) {
      if (availability.clusterUp[c] === 0) continue;
      if (svc.residencyMode === 'hard' && svc.residencyAllowed[c] === 0) continue;
      eligible.push(c);
    }
    if (eligible.length === 0) {
      notes.push(`affinity ${termLabel(i)}: no cluster up${svc.residencyMode === 'hard' ? ' and allowed by residency' : ''}`);
      continue;
    }
    eligible.sort((a, b) => fit[b] - fit[a] || (fleet.clusters[a].name < fleet.clusters[b].name ? -1 : 1));
    const sel = selectBySpread(fleet, eligible, svc.spread);
    if (!sel.ok) {
      notes.push(`affinity ${termLabel(i)}: ${sel.reason}`);
      continue;
    }
    const assigned = divideReplicas(fleet, svc.scheduling, svc.replicas, sel.selected, fit);
    let short = 0;
    for (const c of sel.selected) short += Math.max(0, assigned[c] - fit[c]);
    const choice = { index: i, selected: sel.selected, assigned };
    if (short === 0) hosting = choice;
    else {
      // With one term the pending-pod notes below say it all.
      if (svc.affinities.length > 1) notes.push(`affinity ${termLabel(i)}: ${short} replicas do not fit`);
      fallback ??= choice;
    }
  }
  const choice = hosting ?? fallback;
  if (choice !== undefined && choice.index > 0) notes.push(`using affinity ${termLabel(choice.index)}`);

  const assigned = choice?.assigned ?? new Int32Array(nc);
  const placed = new Int32Array(nc);
  const pending = new Int32Array(nc);
  let total = 0;
  for (let c = 0; c < nc; c++) total += assigned[c];
  const podNodes = new Int32Array(total);
  let bound = 0;
  const residencyViolations: ResidencyViolation[] = [];
  for (let c = 0; c < nc; c++) {
    if (assigned[c] === 0) continue;
    const n = bindPods(fleet, cap, c, svc.cpuMillicores, svc.memoryBytes, assigned[c], strategy, podNodes, bound);
    bound += n;
    placed[c] = n;
    pending[c] = assigned[c] - n;
    const cl = fleet.clusters[c];
    if (pending[c] > 0) notes.push(`${pending[c]} pods pending in ${cl.name}`);
    if (svc.residencyAllowed[c] === 0) {
      residencyViolations.push(Object.freeze({ service: svc.name, cluster: cl.name, region: fleet.regions[cl.regionId].name, replicas: assigned[c] }));
    }
  }
  return Object.freeze({
    service: svc.name,
    requestedReplicas: svc.replicas,
    affinityIndex: choice?.index ?? -1,
    affinityName: choice ? svc.affinities[choice.index].name : undefined,
    selectedClusters: Int32Array.from(choice?.selected ?? []),
    assigned,
    placed,
    pending,
    unscheduled: choice === undefined ? svc.replicas : 0,
    podNodes: podNodes.slice(0, bound),
    residencyViolations: Object.freeze(residencyViolations),
    notes: Object.freeze(notes),
  });
}
