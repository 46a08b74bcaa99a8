/**
 * The resolved types of the state section (a leaf module: see ../datastores.ts): datastores described
 * by behaviour (workload.datastores), the reads and writes each service makes (workload.services[].stores),
 * where each design puts each store's members (designs[].datastores), and StatefulSet semantics for
 * services that own storage (workload.services[].statefulSet). docs/state.md.
 */
import type { DistributionSpec } from '../distributionSpec.js';

/**
 * primaryReplica: one writer, replicas fed by its log (PostgreSQL, MySQL, Redis with replicas);
 * quorum: every write commits on a majority of members (etcd, CockroachDB ranges, Spanner, ZooKeeper);
 * cache: a per-cluster cache in front of a backing store, lost with its member (Redis/Memcached as a cache).
 */
export type DatastoreKind = 'primaryReplica' | 'quorum' | 'cache';

/**
 * How a primary's writes reach its standbys (primaryReplica only):
 * async: commit after the local flush; standbys trail by the replication lag (PostgreSQL's default);
 * sync: commit waits for every syncStandby member to flush (synchronous_commit = on);
 * semiSync: commit waits for one standby's acknowledgement, and falls back to async after
 * semiSyncTimeoutS without one (MySQL rpl_semi_sync_source_timeout).
 */
export type ReplicationMode = 'async' | 'semiSync' | 'sync';

/**
 * Split-brain protection: quorum: a primary that cannot reach a majority of the voters (members plus
 * the witness) stops taking writes, and a replica is promoted only by a majority (Patroni's leader
 * lock in a DCS); none: nothing fences the old primary, so a partition can leave two primaries whose
 * writes on the losing side are discarded when it heals.
 */
export type FencingPolicy = 'quorum' | 'none';

export interface DatastoreFailoverSpec {
  /** automatic: a failover manager promotes; manual: an operator promotes after manualDelay. */
  readonly mode: 'automatic' | 'manual';
  /** From the primary's loss until it is declared failed (Patroni: ttl 30 s). Quorum stores: the election timeout. */
  readonly detectionS: number;
  /** From the decision until the new primary accepts writes. */
  readonly promotionS: number;
  /** From the promotion until clients send writes to the new primary (connection pools, DNS of the endpoint). */
  readonly reconnectS: number;
  /** manual: from detection until an operator promotes. */
  readonly manualDelay: DistributionSpec;
  readonly fencing: FencingPolicy;
}

/** A store member's own failures (the instance or its disk), independent of the fleet's faults. */
export interface MemberFailureSpec {
  readonly timeToFailure: DistributionSpec;
  readonly timeToRepair: DistributionSpec;
}

export interface CacheSpec {
  /** Share of reads the warm cache answers. */
  readonly hitRatio: number;
  /** Time constant of the refill after a cache is lost: hit ratio = hitRatio × (1 − e^(−t/warmupS)). */
  readonly warmupS: number;
  /** The store (workload.datastores[].name, not a cache) that answers misses. */
  readonly backing: string;
}

export interface DatastoreSpec {
  readonly name: string;
  readonly description: string;
  readonly kind: DatastoreKind;
  /** primaryReplica only; 'sync' for quorum (meaningless for a cache). */
  readonly replication: ReplicationMode;
  /** workload.dataClasses[].name of the data it holds; undefined: none (no residency rule). */
  readonly dataClass: string | undefined;
  /** Log (WAL) bytes one write ships to each replica. */
  readonly writeBytes: number;
  /** Bytes one read returns to its client. */
  readonly readBytes: number;
  /** A member's local durable commit (engine + fsync), excluding any network. */
  readonly commitTime: DistributionSpec;
  /** A member's local read, excluding any network. */
  readonly readTime: DistributionSpec;
  /** semiSync: without a standby's acknowledgement for this long, commits stop waiting (async). */
  readonly semiSyncTimeoutS: number;
  readonly failover: DatastoreFailoverSpec;
  /** undefined: members fail only with the fleet (zone, region, cluster faults). */
  readonly memberFailures: MemberFailureSpec | undefined;
  /** kind cache only. */
  readonly cache: CacheSpec | undefined;
  /** What one member costs per hour (a managed instance or a VM); undefined: runs on the cluster's nodes, not billed apart. */
  readonly memberPriceUsdPerHour: number | undefined;
}

/** workload.services[].stores[]: what one request of the service does to a store. */
export interface StoreUseSpec {
  readonly store: string;
  /** Mean reads per request; ≤ 1 reads as the share of requests that read (a request reads at most... see docs/state.md). */
  readonly readsPerRequest: number;
  readonly writesPerRequest: number;
}

/** primary: the writer (exactly one for primaryReplica; the initial leader for quorum); syncStandby: a synchronous standby (sync and semiSync); replica: an asynchronous replica or a quorum voter. */
export type MemberRole = 'primary' | 'syncStandby' | 'replica';

export interface DatastoreMemberSpec {
  readonly cluster: string;
  /** A zone of the cluster's region; undefined: the cluster's zones in turn, member by member. */
  readonly zone: string | undefined;
  readonly role: MemberRole;
}

/** Where reads go: the primary (or quorum leader), or the nearest member that is up (possibly stale). */
export type ReadPolicy = 'primary' | 'nearest';

export interface DatastorePlacementSpec {
  readonly store: string;
  /** Empty when perCluster (a cache in every cluster that runs a service using it). */
  readonly members: readonly DatastoreMemberSpec[];
  readonly perCluster: boolean;
  readonly reads: ReadPolicy;
  /** A region holding a tie-breaking voter (an etcd member of the failover manager's DCS); undefined: none. */
  readonly witnessRegion: string | undefined;
}

/**
 * A service that owns storage runs as a StatefulSet: a pod on a node that stops responding is never
 * replaced until the node object is deleted or tainted out-of-service (kubernetes/kubernetes#54368;
 * non-graceful node shutdown), and a replacement waits for its volume to attach.
 */
export interface StatefulSetSpec {
  /** Attach time of the pod's volume on its new node, after it is released by the old one. */
  readonly volumeAttachS: number;
  /** Zonal block volumes (EBS, Persistent Disk): a pod can only come back in its volume's zone. */
  readonly zonalVolumes: boolean;
  /** An operator (or automation) taints a NotReady node out-of-service this long after it stopped; undefined: nobody does. */
  readonly outOfServiceAfterS: number | undefined;
}
