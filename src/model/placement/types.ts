/**
 * Placement policies in the Karmada PropagationPolicy vocabulary, by name (as a scenario states
 * them), and the results of placing them. compile.ts turns a policy into integer ids once; placement
 * then runs on ids and typed arrays only.
 */

/** How a service's replicas are shared among the selected clusters. */
export type ReplicaScheduling =
  /** Every selected cluster runs the full replica count. */
  | { readonly kind: 'duplicated' }
  /** The replica count is split by static integer weights per cluster (absent cluster = weight 0). */
  | { readonly kind: 'divided'; readonly division: 'staticWeights'; readonly weights: ReadonlyArray<{ readonly cluster: string; readonly weight: number }> }
  /** Split in proportion to how many pods fit in each cluster's free capacity. */
  | { readonly kind: 'divided'; readonly division: 'availableReplicas' }
  /** Fill as few clusters as possible, largest free capacity first. */
  | { readonly kind: 'divided'; readonly division: 'aggregated' };

/**
 * One cluster affinity term. Every field given must match (AND); an absent field matches all.
 * regions, zones and providers accept glob patterns ("eu-*", "us-?-1").
 */
export interface ClusterAffinity {
  /** Name of the term, reported in results ("primary", "backup"). */
  readonly name?: string;
  readonly clusterNames?: readonly string[];
  readonly regions?: readonly string[];
  /** Matches a cluster when any of its zones matches. */
  readonly zones?: readonly string[];
  readonly providers?: readonly string[];
  /** matchLabels: every key must be present with this value. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly excludeClusters?: readonly string[];
}

export type SpreadField = 'cluster' | 'zone' | 'region' | 'provider';

export interface SpreadConstraint {
  readonly by: SpreadField;
  readonly minGroups: number;
  readonly maxGroups: number;
}

export interface Residency {
  /** Glob patterns over region names, e.g. ["eu-*"]. */
  readonly allowedRegions: readonly string[];
  /** hard: clusters outside are never used; audit: placed anyway, each such placement reported. */
  readonly mode: 'hard' | 'audit';
}

export interface PlacementPolicy {
  readonly replicaScheduling: ReplicaScheduling;
  /** Ordered affinity terms: the first that can host wins. Empty = one term matching every cluster. */
  readonly clusterAffinities: readonly ClusterAffinity[];
  readonly spreadConstraints: readonly SpreadConstraint[];
  readonly residency?: Residency;
}

export interface ServicePlacementInput {
  readonly name: string;
  readonly replicas: number;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly policy: PlacementPolicy;
}

/** Node choice inside a zone. spread ≈ kube-scheduler's default LeastAllocated; pack = best fit. */
export type NodeStrategy = 'spread' | 'pack';

export interface ResidencyViolation {
  readonly service: string;
  readonly cluster: string;
  readonly region: string;
  /** Replicas assigned to that cluster (placed + pending). */
  readonly replicas: number;
}

/** One service's placement. Arrays indexed by cluster id have fleet.clusters.length entries. */
export interface ServicePlacement {
  readonly service: string;
  readonly requestedReplicas: number;
  /** Index of the affinity term used; −1 when no term had an eligible cluster. */
  readonly affinityIndex: number;
  readonly affinityName: string | undefined;
  /** Cluster ids selected by affinity, residency and spread constraints, best-ranked first. */
  readonly selectedClusters: Int32Array;
  /** Replicas each cluster should run (Karmada's assignment). */
  readonly assigned: Int32Array;
  /** Pods bound to a node, per cluster. */
  readonly placed: Int32Array;
  /** assigned − placed: pods that did not fit, per cluster. */
  readonly pending: Int32Array;
  /** Replicas with no cluster at all (no eligible cluster under any affinity term). */
  readonly unscheduled: number;
  /** Node id of every placed pod, grouped by cluster in ascending cluster id. */
  readonly podNodes: Int32Array;
  readonly residencyViolations: readonly ResidencyViolation[];
  /** Why things happened: fallbacks, unmet spread constraints, capacity shortfalls. */
  readonly notes: readonly string[];
}

export interface ClusterHeadroom {
  readonly cluster: string;
  readonly up: boolean;
  readonly nodesUp: number;
  readonly cpuAllocatableMillicores: number;
  readonly cpuRequestedMillicores: number;
  readonly memoryAllocatableBytes: number;
  readonly memoryRequestedBytes: number;
  readonly podCapacity: number;
  readonly pods: number;
  /** Requested / allocatable × 100; 0 when nothing is allocatable. */
  readonly cpuUsedPercent: number;
  readonly memoryUsedPercent: number;
}

export interface DesignPlacement {
  /** In the order the services were given. */
  readonly services: readonly ServicePlacement[];
  readonly headroom: readonly ClusterHeadroom[];
  readonly residencyViolations: readonly ResidencyViolation[];
  readonly pendingPods: number;
  readonly unscheduledReplicas: number;
}
