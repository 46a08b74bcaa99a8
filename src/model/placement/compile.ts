import type { Fleet } from '../fleet/types.js';
import { globToRegExp, matchesAny } from './glob.js';
import type { ClusterAffinity, ServicePlacementInput, SpreadField } from './types.js';

/** A placement input that names things the fleet lacks, or numbers that make no sense. */
export class PlacementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlacementError';
  }
}

export interface CompiledAffinity {
  readonly name: string | undefined;
  /** Cluster ids matching the term (before availability and residency), ascending. */
  readonly clusters: Int32Array;
}

export interface CompiledSpread {
  readonly by: SpreadField;
  readonly minGroups: number;
  readonly maxGroups: number;
}

/** Division of replicas among the selected clusters, on ids. */
export type CompiledScheduling =
  | { readonly kind: 'duplicated' }
  | { readonly kind: 'staticWeights'; readonly weightByCluster: Int32Array }
  | { readonly kind: 'availableReplicas' }
  | { readonly kind: 'aggregated' };

/** A service with its policy resolved to cluster ids once, so re-placement after faults is cheap. */
export interface CompiledService {
  readonly name: string;
  readonly replicas: number;
  /** Requests rounded up to whole millicores and bytes. */
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly scheduling: CompiledScheduling;
  readonly affinities: readonly CompiledAffinity[];
  readonly spread: readonly CompiledSpread[];
  /** 1 = the cluster's region is allowed by the residency rule (all 1 without a rule), per cluster id. */
  readonly residencyAllowed: Uint8Array;
  readonly residencyMode: 'hard' | 'audit' | 'none';
}

function requireNames(fleet: Fleet, service: string, names: readonly string[] | undefined, what: string): void {
  for (const n of names ?? []) {
    if (!fleet.clusterByName.has(n)) throw new PlacementError(`service ${service}: ${what} names unknown cluster "${n}"`);
  }
}

function affinityMatches(fleet: Fleet, clusterId: number, a: ClusterAffinity, rx: { regions?: RegExp[]; zones?: RegExp[]; providers?: RegExp[] }): boolean {
  const c = fleet.clusters[clusterId];
  if (a.clusterNames && !a.clusterNames.includes(c.name)) return false;
  if (a.excludeClusters?.includes(c.name)) return false;
  if (rx.regions && !matchesAny(fleet.regions[c.regionId].name, rx.regions)) return false;
  if (rx.providers && !matchesAny(c.provider, rx.providers)) return false;
  if (rx.zones && !c.zoneIds.some((z) => matchesAny(fleet.zones[z].name, rx.zones!))) return false;
  if (a.labels) for (const [k, v] of Object.entries(a.labels)) if (c.labels[k] !== v) return false;
  return true;
}

const globs = (ps: readonly string[] | undefined): RegExp[] | undefined => ps?.map(globToRegExp);

export function compileService(fleet: Fleet, s: ServicePlacementInput): CompiledService {
  if (!(Number.isInteger(s.replicas) && s.replicas >= 0)) throw new PlacementError(`service ${s.name}: replicas must be a non-negative integer, got ${s.replicas}`);
  if (!(s.cpuMillicores >= 0 && Number.isFinite(s.cpuMillicores))) throw new PlacementError(`service ${s.name}: cpu request must be >= 0`);
  if (!(s.memoryBytes >= 0 && Number.isFinite(s.memoryBytes))) throw new PlacementError(`service ${s.name}: memory request must be >= 0`);
  const p = s.policy;
  const nc = fleet.clusters.length;

  const terms = p.clusterAffinities.length > 0 ? p.clusterAffinities : [{} as ClusterAffinity];
  const affinities = terms.map((a) => {
    requireNames(fleet, s.name, a.clusterNames, `affinity ${a.name ?? ''}`.trim());
    requireNames(fleet, s.name, a.excludeClusters, `affinity ${a.name ?? ''} exclude`.trim());
    const rx = { regions: globs(a.regions), zones: globs(a.zones), providers: globs(a.providers) };
    const ids: number[] = [];
    for (let c = 0; c < nc; c++) if (affinityMatches(fleet, c, a, rx)) ids.push(c);
    return Object.freeze({ name: a.name, clusters: Int32Array.from(ids) });
  });

  for (const sc of p.spreadConstraints) {
    if (!(Number.isInteger(sc.minGroups) && Number.isInteger(sc.maxGroups) && sc.minGroups >= 1 && sc.maxGroups >= sc.minGroups)) {
      throw new PlacementError(`service ${s.name}: spread by ${sc.by} needs integers 1 <= minGroups <= maxGroups, got ${sc.minGroups}..${sc.maxGroups}`);
    }
  }
  if (new Set(p.spreadConstraints.map((sc) => sc.by)).size !== p.spreadConstraints.length) {
    throw new PlacementError(`service ${s.name}: at most one spread constraint per field`);
  }

  let scheduling: CompiledScheduling;
  const rs = p.replicaScheduling;
  if (rs.kind === 'duplicated') scheduling = { kind: 'duplicated' };
  else if (rs.division === 'staticWeights') {
    const w = new Int32Array(nc);
    for (const e of rs.weights) {
      const id = fleet.clusterByName.get(e.cluster);
      if (id === undefined) throw new PlacementError(`service ${s.name}: static weight names unknown cluster "${e.cluster}"`);
      if (!(Number.isInteger(e.weight) && e.weight >= 0 && e.weight <= 1_000_000)) {
        throw new PlacementError(`service ${s.name}: weight for ${e.cluster} must be an integer in [0, 1000000], got ${e.weight}`);
      }
      w[id] = e.weight;
    }
    scheduling = { kind: 'staticWeights', weightByCluster: w };
  } else scheduling = { kind: rs.division };

  const residencyAllowed = new Uint8Array(nc).fill(1);
  if (p.residency) {
    const allowed = p.residency.allowedRegions.map(globToRegExp);
    for (let c = 0; c < nc; c++) residencyAllowed[c] = matchesAny(fleet.regions[fleet.clusters[c].regionId].name, allowed) ? 1 : 0;
  }

  return Object.freeze({
    name: s.name,
    replicas: s.replicas,
    cpuMillicores: Math.ceil(s.cpuMillicores),
    memoryBytes: Math.ceil(s.memoryBytes),
    scheduling,
    affinities: Object.freeze(affinities),
    spread: Object.freeze(p.spreadConstraints.map((sc) => Object.freeze({ ...sc }))),
    residencyAllowed,
    residencyMode: p.residency?.mode ?? 'none',
  });
}
