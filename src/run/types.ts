import type { MonthlyCost } from '../cost/model.js';
import type { LogHistogramState } from '../engine/stats/logHistogram.js';
import type { FaultKind } from '../model/faults/schedule.js';
import type { AsyncQueueSummary } from '../model/traffic/asyncQueues.js';
import type { LatencyBreakdown } from '../model/traffic/latencyBreakdown.js';
import type { OverloadSummary } from '../model/traffic/overload.js';
import type { DataFlow } from '../model/residency/dataFlows.js';
import type { DatastoreSummary } from './datastoreSummary.js';
import type { BurnSeries } from '../model/replication/replicationTypes.js';
import type { FaultTimeline } from '../model/replication/faultWindows.js';

/** Median, p90 and maximum of a set of durations (fault detection, failover, recovery). */
export interface Spread {
  readonly count: number;
  readonly medianS: number | null;
  readonly p90S: number | null;
  readonly maxS: number | null;
}

/**
 * What one replication leaves behind for aggregation: every design's numbers, JSON-safe (no NaN,
 * no Infinity: "did not happen" is null), so a summary survives a worker message or a shard file
 * bit for bit. Aggregation reads only these, which is why a merged run equals a single run.
 */
export interface ReplicationSummary {
  /** 0…n−1; negative for the rare-stratum replications a run adds (−1, −2, …; runner.ts rareStratumReplications). */
  readonly replication: number;
  /** Stochastic region outages drawn in this replication; present only when they are rare (ScenarioInfo.rareOutagesPerReplication). */
  readonly rareOutages?: number;
  /** In the scenario's design order. */
  readonly designs: readonly DesignReplicationSummary[];
  /** Present on the one replication chosen to illustrate a fault (see showcase.ts). */
  readonly showcase: ShowcaseSummary | null;
}

export interface DesignReplicationSummary {
  readonly design: string;
  /** Request-weighted availability (traffic model), or the capacity proxy when traffic is absent. */
  readonly availability: number;
  /** Ready replicas / required, time-averaged, weighted by required replicas over services. */
  readonly readyCapacity: number;
  readonly services: readonly { readonly name: string; readonly readyRatio: number; readonly zeroReadyS: number; readonly blackholeRatio: number; readonly minReady: number }[];
  /** Per cluster (fleet order): fraction of time its API accepted writes. */
  readonly apiWritableRatio: readonly number[];
  readonly traffic: TrafficSummary | null;
  readonly faults: readonly FaultSummary[];
  readonly autoscaledNodes: number;
  /** This replication's monthly bill (730 h), by category, with every priced line and its source. */
  readonly cost?: MonthlyCost;
  /** Per store (docs/state.md); absent when the scenario has no datastores, so other summaries keep their form. */
  readonly datastores?: readonly DatastoreSummary[];
  /** The design's data flows (static: the same in every replication); absent when none or the scenario has no datastores. */
  readonly dataFlows?: readonly DataFlow[];
}

export interface LatencySample {
  readonly p50S: number | null;
  readonly p95S: number | null;
  readonly p99S: number | null;
  readonly meanS: number | null;
  /** null when no request succeeded. */
  readonly histogram: LogHistogramState | null;
}

export interface TrafficSummary {
  readonly requests: number;
  readonly failedRequests: number;
  /** `timeout` only when some design of the scenario has a timeout policy. */
  readonly failedBy: Readonly<Record<'unroutable' | 'deadEndpoint' | 'shed' | 'noReplica' | 'impaired', number>> & { readonly timeout?: number };
  readonly sloViolationMinutes: number;
  readonly errorBudgetUsedRatio: number;
  readonly residencyViolations: number;
  readonly latency: LatencySample;
  /** `minutesOutsideSlo` and `errorBudgetUsedRatio` (null: no requests) with an SLO only; absent in older summaries. */
  readonly byUserRegion: readonly {
    readonly name: string;
    readonly requests: number;
    readonly failedRequests: number;
    readonly availability: number | null;
    readonly latency: LatencySample;
    readonly minutesOutsideSlo?: number;
    readonly errorBudgetUsedRatio?: number | null;
  }[];
  /** Minutes judged outside the SLO, all users together (with an SLO only; absent in older summaries). */
  readonly minutesOutsideSlo?: number;
  readonly bytes: { readonly interZoneBytes: number; readonly interRegionBytes: number; readonly internetEgressBytes: number };
  readonly clusters: readonly { readonly cluster: string; readonly peakUtilization: number; readonly requestsServed: number; readonly logBytes: number }[];
  /** Designs with async calls only. */
  readonly asyncQueues?: readonly AsyncQueueSummary[];
  /** Designs whose shedding policy queues only. */
  readonly overload?: OverloadSummary;
  /** When the breakdown is asked for (LATENCY_BREAKDOWN_IN_RESULTS). */
  readonly latencyBreakdown?: LatencyBreakdown;
  /** Failed requests per step after warm-up (model/replication/burn.ts): the error budget's burn. Absent in older summaries. */
  readonly burn?: BurnSeries;
}

/** One fault's timeline, as durations from its start (seconds); null = did not happen. */
export interface FaultSummary {
  readonly kind: FaultKind;
  readonly source: 'scripted' | 'stochastic';
  /** The change stream, shared dependency or incident that produced the fault; absent: none. */
  readonly origin?: string;
  readonly target: string;
  readonly startS: number;
  readonly detectionS: number | null;
  readonly failoverS: number | null;
  readonly recoveryS: number | null;
  /** The run ended before the fault's effects were undone. */
  readonly censored: boolean;
  readonly podsLost: number;
  /** When users first felt the fault (its first minute outside the SLO, from the start); null when they never noticed, or without the traffic model. */
  readonly usersHitS: number | null;
  /**
   * From the start until users were back within the SLO and stayed there (0: they never noticed);
   * null without the traffic model or when `usersCensored`. Recovery as users felt it is
   * usersBackS − usersHitS (docs/failures.md).
   */
  readonly usersBackS: number | null;
  /**
   * Seconds users spent outside the SLO because of the fault (its bad minutes, relapses included,
   * the good minutes between them not); null without the traffic model; absent in older results.
   */
  readonly usersOutS?: number | null;
  /** Users were still outside the SLO when the run ended. */
  readonly usersCensored: boolean;
  /** When the fault itself ended (absolute seconds; may lie past the horizon). Absent in older summaries, like the fields below. */
  readonly endS?: number | null;
  /** Share of requests served while the fault was active (to the horizon at most); null without traffic or requests. */
  readonly servedRatio?: number | null;
  /** Ready capacity (ready over required replicas, each service capped) time-averaged while the fault was active. */
  readonly readyCapacity?: number;
  /** Around the replication's most severe faults only (model/replication/faultWindows.ts): ready capacity and served share per step. */
  readonly timeline?: FaultTimeline;
}

/**
 * `designs[].recovery.users` in results.json (docs/results-schema.md): recovery as users felt it,
 * beside the time to full capacity. Declared here until DesignResult (results.ts) names it; read it
 * with `userRecoveryOf` (summarize.ts).
 */
export interface UserRecoveryResult {
  /** How each minute was judged: the SLO's availability and latency targets, or the default success ratio. */
  readonly criterion: { readonly source: 'slo' | 'default'; readonly availabilityRatio: number; readonly latencyTargets: number };
  readonly faults: number;
  /** Faults during whose impact window some minute was outside the SLO. */
  readonly noticed: number;
  /** Faults whose users were still outside the SLO when a replication ended. */
  readonly censored: number;
  /** Longest recovery as users felt it (time outside the SLO charged to one fault), over faults users noticed and that were not censored. */
  readonly worstS: number | null;
  readonly worstFault: { readonly kind: FaultKind; readonly target: string; readonly replication: number } | null;
  /** `felt`: time outside the SLO charged to the fault (0: never noticed); `usersBack`: from the fault's start → back within it for good. Censored faults left out. */
  readonly byKind: readonly { readonly kind: FaultKind; readonly count: number; readonly noticed: number; readonly censored: number; readonly felt: Spread; readonly usersBack: Spread }[];
}

/** Which fault of which replication the timeline chart shows, and the window around it. */
export interface ShowcasePlan {
  readonly replication: number;
  readonly kind: FaultKind;
  readonly target: string;
  readonly source: 'scripted' | 'stochastic';
  readonly startS: number;
  readonly endS: number;
  readonly windowStartS: number;
  readonly windowEndS: number;
  readonly stepS: number;
}

export interface ShowcaseSummary {
  readonly plan: ShowcasePlan;
  readonly designs: readonly {
    readonly design: string;
    /** Seconds relative to the fault's start. */
    readonly tS: readonly number[];
    readonly readyCapacity: readonly number[];
    /** Success ratio per step (traffic model; null in a step without requests); null without the model. */
    readonly successRatio: readonly (number | null)[] | null;
  }[];
}

/** What identifies a run: shards must agree on it before they can be merged. */
export interface ScenarioInfo {
  readonly name: string;
  readonly description: string;
  /** File name without its folder: results do not depend on where the file sat. */
  readonly file: string;
  /** sha256 of the scenario text. */
  readonly sha256: string;
  readonly seed: string;
  readonly horizonS: number;
  readonly warmupS: number;
  readonly slo: { readonly availabilityRatio: number; readonly latency: readonly { readonly percentile: number; readonly maxS: number; readonly userRegion: string | null }[] } | null;
  /** fleet: what the design runs (its own pools and replicas; how fleetsim sized them); absent in results written before designs had their own fleets. */
  readonly designs: readonly { readonly name: string; readonly description: string; readonly fleet?: DesignFleetInfo }[];
  readonly userRegions: readonly string[];
  readonly clusters: readonly string[];
  /**
   * Expected stochastic region outages per replication, present only when they are rare
   * (model/faults/rareOutages.ts): the run then stratifies availability on them.
   */
  readonly rareOutagesPerReplication?: number;
}

/** The fleet a design runs at the start: its node pools (clusters it uses) and replicas, and its sizing. */
export interface DesignFleetInfo {
  /** Only the clusters the design uses. */
  readonly pools: readonly {
    readonly cluster: string;
    readonly pool: string;
    readonly instanceType: string | null;
    readonly capacityType: 'onDemand' | 'spot';
    readonly count: number;
    readonly autoscaling: { readonly min: number; readonly max: number } | null;
  }[];
  /** Per service, `replicas` as its placement reads it (per cluster when duplicated, the total when divided). */
  readonly replicas: readonly { readonly service: string; readonly replicas: number }[];
  /** true when the design overrides or sizes the scenario's infrastructure. */
  readonly own: boolean;
  readonly sizing: {
    readonly headroomRatio: number;
    /** "any one region", "zone eu-west-1a", "no failure". */
    readonly survive: string;
    readonly failoverNodes: 'standing' | 'autoscaled';
    /** One line per service and sized pool, with the constraint that bound it. */
    readonly explanation: readonly string[];
    readonly problems: readonly string[];
  } | null;
}
