import type { ClusterSpec, SizingSpec } from '../../scenario/types.js';
import type { FailureCase } from './types.js';

const NONE: FailureCase = Object.freeze({ label: 'none', kind: 'none', name: undefined, lostClusters: Object.freeze([]), lostZone: undefined });

/** The zones a cluster's nodes can be in: its own and its pools'. */
function zonesOf(c: ClusterSpec): string[] {
  return [...new Set([...c.zones, ...c.nodePools.flatMap((p) => p.zones)])];
}

function failureOf(kind: 'zone' | 'cluster' | 'region', name: string, clusters: readonly ClusterSpec[]): FailureCase {
  let lost: string[];
  let lostZone: string | undefined;
  if (kind === 'region') lost = clusters.filter((c) => c.region === name).map((c) => c.name);
  else if (kind === 'cluster') lost = clusters.filter((c) => c.name === name).map((c) => c.name);
  else {
    // A cluster all of whose zones are lost is lost whole; one spanning other zones keeps those.
    lost = clusters.filter((c) => zonesOf(c).every((z) => z === name)).map((c) => c.name);
    lostZone = clusters.some((c) => !lost.includes(c.name) && zonesOf(c).includes(name)) ? name : undefined;
  }
  return Object.freeze({ label: `${kind} ${name}`, kind, name, lostClusters: Object.freeze(lost), lostZone });
}

/**
 * The cases a design is sized for: everything up, plus the named failure, or, when the kind has no
 * name, every single failure of that kind that touches one of the design's clusters (each region or
 * zone holding one of them, each of them); sizing then keeps, number by number, the worst case.
 * `clusters` are the design's used clusters, in fleet order; the order of cases is deterministic.
 */
export function failureCases(survive: SizingSpec['survive'], clusters: readonly ClusterSpec[]): FailureCase[] {
  if (survive.kind === 'none') return [NONE];
  if (survive.name !== undefined) return [NONE, failureOf(survive.kind, survive.name, clusters)];
  const names =
    survive.kind === 'region' ? clusters.map((c) => c.region) : survive.kind === 'cluster' ? clusters.map((c) => c.name) : clusters.flatMap(zonesOf);
  return [NONE, ...[...new Set(names)].map((n) => failureOf(survive.kind as 'zone' | 'cluster' | 'region', n, clusters))];
}
