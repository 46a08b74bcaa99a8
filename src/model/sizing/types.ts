/**
 * What sizing found for one design: replicas per service, nodes per cluster and node pool, and for
 * every number the constraint that bound it (docs/sizing.md). Plain data, frozen; stable field names
 * (check and run print it, results.json may echo it).
 */

/** One failure sizing considered: what is lost. 'none' is the fleet with everything up. */
export interface FailureCase {
  /** "none", "region eu-west-1", "cluster eu-1", "zone eu-west-1a". */
  readonly label: string;
  readonly kind: 'none' | 'zone' | 'cluster' | 'region';
  readonly name: string | undefined;
  /** Clusters lost entirely (their region, the cluster itself, or every zone it spans). */
  readonly lostClusters: readonly string[];
  /** A lost zone of clusters that also span other zones (their nodes there are gone); undefined otherwise. */
  readonly lostZone: string | undefined;
}

/** Which rule set a pool's server count. */
export type PodConstraint =
  /** ρ = λ·E[S] / servers ≤ 1 − headroom (or the pool's shedding threshold, whichever is lower). */
  | 'utilization'
  /** The wait percentile of the SLO latency target within the pool's share of the latency budget. */
  | 'latency'
  /** The design's fewest pods per cluster (sizing.minReplicasPerCluster) asks for more, or no load arrives. */
  | 'minimum';

/** The latency budget a pool's wait was held to. */
export interface WaitBudget {
  /** The SLO target's percentile (99 = p99) and its end-to-end maximum, seconds. */
  readonly percentile: number;
  readonly targetS: number;
  /** The user region whose budget was tightest. */
  readonly userRegion: string;
  /** What the target leaves for queueing: target − user RTT − mean service and network time on the path. */
  readonly slackS: number;
  /** Pool visits per user request (callers and callees, fan-out included); the slack is shared among them. */
  readonly visitsPerRequest: number;
  /** slackS / visitsPerRequest: the most a request may wait (at the percentile) in one pool. */
  readonly budgetS: number;
}

/** The smallest pool that meets every constraint at a peak (poolSizing.ts sizePool). */
export interface PoolSize {
  /** Smallest number of servers (pods × concurrency) meeting every constraint. */
  readonly servers: number;
  readonly pods: number;
  readonly constraint: PodConstraint;
  /** λ·E[S] / (pods × concurrency) at the peak. */
  readonly utilization: number;
  /** Waiting time at the budget's percentile with these pods, seconds (0 without a latency target). */
  readonly waitS: number;
  /** undefined: no SLO latency target applies (or none is reachable), so only utilization binds. */
  readonly budget: WaitBudget | undefined;
}

/** The sizing of one service in one cluster under one failure: the smallest pod count for its peak. */
export interface PoolNeed extends PoolSize {
  readonly service: string;
  readonly cluster: string;
  readonly failure: string;
  /** Peak arrival rate at the pool, requests per second, and when it happens (seconds into the run). */
  readonly peakPerS: number;
  readonly peakAtS: number;
  readonly text: string;
}

export interface SizedServiceCluster {
  readonly cluster: string;
  /** Pods with everything up. */
  readonly pods: number;
  /** Most pods the cluster runs in any failure considered (after failover moved them). */
  readonly maxPods: number;
}

export interface SizedService {
  readonly service: string;
  readonly scheduling: 'duplicated' | 'divided';
  /**
   * The service's `replicas` as its placement reads it: per selected cluster for duplicated, the
   * total split by the division for divided.
   */
  readonly replicas: number;
  readonly clusters: readonly SizedServiceCluster[];
  /** The pool need that set `replicas` (undefined: nothing reaches the service; the minimum applies). */
  readonly boundBy: PoolNeed | undefined;
  readonly text: string;
}

export type NodeConstraint = 'cpu' | 'memory' | 'pods' | 'packing' | 'none';

export interface SizedNodePool {
  readonly cluster: string;
  readonly pool: string;
  /**
   * Nodes sizing asks for (the pool's count and autoscaling minimum); the pool's count as written,
   * for comparison. standing: the most of the steady state with N+1 and every failure; autoscaled:
   * the steady state with N+1.
   */
  readonly nodes: number;
  /**
   * The most nodes the pool needs: `nodes`, or more when a failure needs more (failoverNodes
   * autoscaled: the autoscaling maximum, which the cluster autoscaler reaches when failover moves pods).
   */
  readonly nodesAtFailover: number;
  readonly writtenCount: number;
  /** false: another pool of the cluster is sized; this one keeps its written count (and its capacity counts). */
  readonly sized: boolean;
  /** The failure whose pods set `nodes` ("none" when the steady state did). */
  readonly failure: string;
  /** true: one node lost with everything up (N+1) set `nodes`: the pods fit on nodes − 1. */
  readonly nodeLost: boolean;
  readonly constraint: NodeConstraint;
  /** Pods of the design the cluster runs in that case, and their requests (sidecars included). */
  readonly pods: number;
  readonly cpuRequestedMillicores: number;
  readonly memoryRequestedBytes: number;
  /** Per node of this pool, after kubelet reservations and DaemonSets. */
  readonly nodeCpuMillicores: number;
  readonly nodeMemoryBytes: number;
  readonly nodePodSlots: number;
  readonly text: string;
}

export interface SizedFleet {
  readonly design: string;
  readonly headroomRatio: number;
  readonly minReplicasPerCluster: number;
  /** standing: node counts carry the worst failure; autoscaled: counts carry the steady state, the autoscaling maximum the failure. */
  readonly failoverNodes: 'standing' | 'autoscaled';
  readonly survive: { readonly kind: 'none' | 'zone' | 'cluster' | 'region'; readonly name: string | undefined };
  /** Every case sized for, 'none' first. */
  readonly failures: readonly string[];
  readonly services: readonly SizedService[];
  readonly nodePools: readonly SizedNodePool[];
  /** Every pool need (service × cluster × failure), for a "why" view. */
  readonly needs: readonly PoolNeed[];
  /** What cannot be met by sizing (traffic with no cluster, a pod no node can hold, a target below the RTT). */
  readonly problems: readonly string[];
  /** Short human-readable account: one line per service and per sized pool, then the problems. */
  readonly explanation: readonly string[];
}
