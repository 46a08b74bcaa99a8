import type { Fleet } from '../fleet/types.js';
import type { ClusterHeadroom, DesignPlacement, ResidencyViolation } from './types.js';

/** One service in one cluster, for tables and JSON (plain data, no typed arrays). */
export interface PlacementRow {
  readonly service: string;
  readonly cluster: string;
  readonly region: string;
  readonly assigned: number;
  readonly placed: number;
  readonly pending: number;
}

export interface DesignSummary {
  readonly rows: readonly PlacementRow[];
  /** Services with no eligible cluster at all. */
  readonly unscheduled: readonly { readonly service: string; readonly replicas: number }[];
  readonly headroom: readonly ClusterHeadroom[];
  readonly residencyViolations: readonly ResidencyViolation[];
  /** "service: note" lines, in service order. */
  readonly notes: readonly string[];
  readonly pendingPods: number;
}

/**
 * Where each service runs, flattened for `fleetsim check` and `--output json`: one row per service
 * and cluster with something assigned, services in the order given, clusters in fleet order.
 */
export function summarizeDesign(fleet: Fleet, placement: DesignPlacement): DesignSummary {
  const rows: PlacementRow[] = [];
  const notes: string[] = [];
  const unscheduled: { service: string; replicas: number }[] = [];
  for (const s of placement.services) {
    for (let c = 0; c < s.assigned.length; c++) {
      if (s.assigned[c] === 0) continue;
      const cl = fleet.clusters[c];
      rows.push({ service: s.service, cluster: cl.name, region: fleet.regions[cl.regionId].name, assigned: s.assigned[c], placed: s.placed[c], pending: s.pending[c] });
    }
    if (s.unscheduled > 0) unscheduled.push({ service: s.service, replicas: s.unscheduled });
    for (const n of s.notes) notes.push(`${s.service}: ${n}`);
  }
  return {
    rows,
    unscheduled,
    headroom: placement.headroom,
    residencyViolations: placement.residencyViolations,
    notes,
    pendingPods: placement.pendingPods,
  };
}
