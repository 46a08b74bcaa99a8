/**
 * A fault episode: what fails (or misbehaves), when, and for how long. Generated before any design
 * is simulated (schedule.ts and the design's own generators) and replayed against each.
 */

export type FaultKind =
  | 'node'
  | 'zone'
  | 'region'
  | 'cluster'
  | 'etcdMember'
  | 'etcdLeader'
  | 'controlPlane'
  | 'link'
  | 'nodeLaunches'
  | 'spotInterruption'
  | 'badChange'
  | 'brownout'
  | 'certificate'
  | 'dependency'
  | 'upgrade';

/**
 * What a fault does to requests rather than to machines: a bad change, a brownout, an expired
 * certificate. Nothing is down, so health checks that only ask "is it up?" keep passing.
 */
export interface Impairment {
  /** Cluster ids (the fleet's order, the same in every design's fleet). */
  readonly clusters: readonly number[];
  /** Service names; undefined: every service. */
  readonly services: readonly string[] | undefined;
  /**
   * pods: every request the services' pods in those clusters serve (from users or callers);
   * ingress: users' requests entering the clusters (a serving certificate, an ingress config);
   * client: the clusters' calls to pods in other clusters (the mesh's mTLS client certificate).
   */
  readonly scope: 'pods' | 'ingress' | 'client';
  /** Share of the requests that fail. */
  readonly errorRatio: number;
  /** Added to each request's time. */
  readonly extraLatencyMs: number;
  /** Share of the services' ready pods that stop serving (crash-looping), rounded down per pool. */
  readonly capacityLostRatio: number;
}

export interface FaultEpisode {
  readonly id: number;
  readonly kind: FaultKind;
  /** Id in the fleet's table for the kind: node, zone, region (also for nodeLaunches and a regional
   * brownout), cluster (also for etcdLeader, controlPlane, badChange, certificate, upgrade and a
   * cluster brownout), etcd member, link, node pool (spotInterruption), or the index of the shared
   * dependency in faults.dependencies (dependency). */
  readonly targetId: number;
  /**
   * spotInterruption only: the interrupted slot of the pool, its nodes first (0…count−1) and then the
   * autoscaler's spare slots (count…max−1). A slot with no running node when the notice comes is
   * left alone. The episode runs from the notice to the instance's termination.
   */
  readonly slot?: number;
  /** Stochastic region outages and brownouts: new nodes cannot be launched in the region meanwhile. */
  readonly blocksNodeLaunches?: boolean;
  /** badChange, brownout, certificate, and an upgrade that goes wrong: what it does to requests. */
  readonly impairment?: Impairment;
  /** Which change stream, dependency or incident produced the episode (for reports); undefined: none. */
  readonly origin?: string;
  /** Human-readable target, e.g. "eu-1/general#3", "eu-west-1a". */
  readonly targetName: string;
  readonly startS: number;
  /** When the fault clears (the node is repaired, the zone comes back…). */
  readonly endS: number;
  readonly source: 'scripted' | 'stochastic';
  /** Links only. */
  readonly linkMode?: 'partition' | 'degrade';
  readonly extraLatencyMs?: number;
  readonly lossRatio?: number;
}

/** An episode before it is numbered: generators push these, generateFaultSchedule sorts and numbers them. */
export type UnnumberedEpisode = Omit<FaultEpisode, 'id'>;
