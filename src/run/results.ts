import type { CostSummary } from '../cost/summary.js';
import type { CostLine } from '../cost/model.js';
import type { LogHistogramState } from '../engine/stats/logHistogram.js';
import type { FaultKind } from '../model/faults/schedule.js';
import type { AsyncQueueSummary } from '../model/traffic/asyncQueues.js';
import type { HopLatency } from '../model/traffic/latencyBreakdown.js';
import type { OverloadSummary } from '../model/traffic/overload.js';
import type { DataFlow } from '../model/residency/dataFlows.js';
import type { ScenarioInfo, ShowcaseSummary, Spread, UserRecoveryResult } from './types.js';

/**
 * results.json, version 1 (documented field by field in docs/results-schema.md). Adding a field is
 * a compatible change; renaming, removing or changing the meaning of one bumps the version.
 * Every number carries its unit in its name; "not available" is null, never NaN.
 */
export const RESULTS_SCHEMA = 'fleetsim/results';
export const RESULTS_SCHEMA_VERSION = 1;
export const CONFIDENCE_LEVEL = 0.95;
/** Month = 730 h, as cloud price sheets use. */
export const MONTH_MINUTES = 730 * 60;

/** A mean over replications with its 95% Student-t interval (halfWidth null with one replication). */
export interface Interval {
  readonly n: number;
  readonly mean: number | null;
  readonly halfWidth: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** Pooled durations of many faults (seconds). */
export type { Spread } from './types.js';

export interface LatencyResult {
  /** "all" or a user region. */
  readonly name: string;
  /** Means over replications of each replication's percentile. */
  readonly p50S: Interval;
  readonly p95S: Interval;
  readonly p99S: Interval;
  /** Percentiles of every successful request of every replication together (merged histograms). */
  readonly pooled: { readonly p50S: number | null; readonly p95S: number | null; readonly p99S: number | null };
  readonly histogram: LogHistogramState | null;
}

export interface FaultKindResult {
  readonly kind: FaultKind;
  /** Faults of this kind after warm-up, over all replications. */
  readonly count: number;
  readonly censored: number;
  readonly detection: Spread;
  readonly failover: Spread;
  readonly recovery: Spread;
}

/** Cost per 730-hour month over replications (docs/cost.md); null for runs made before cost existed. */
export interface CostResult extends CostSummary {
  /** The priced lines averaged over replications: mean quantity and cost a month, unit price, catalog key, source and date. */
  readonly lines: readonly CostLine[];
  readonly notes: readonly string[];
}

export type SloStatus = 'met' | 'not met' | 'uncertain' | 'unknown';

export interface SloCheck {
  /** e.g. "availability", "p99 europe". */
  readonly what: string;
  /** "≥" for availability, "≤" for latency. */
  readonly comparison: '>=' | '<=';
  readonly target: number;
  readonly estimate: Interval;
  readonly status: SloStatus;
}

export interface SloResult {
  /** met: every check's whole interval is on the right side; not met: some interval is wholly on the wrong side. */
  readonly status: SloStatus;
  readonly checks: readonly SloCheck[];
}

export interface DesignResult {
  readonly name: string;
  readonly description: string;
  /** Clusters the design can put pods on, the only ones it is billed for (fleet order); null without cost. */
  readonly usedClusters: readonly string[] | null;
  readonly availability: Interval;
  /** "traffic": request-weighted; "capacity": proxy from ready replicas (no traffic model). */
  readonly availabilitySource: 'traffic' | 'capacity';
  readonly downtimeMinutesPerMonth: Interval;
  readonly readyCapacity: Interval;
  readonly latency: { readonly overall: LatencyResult; readonly byUserRegion: readonly LatencyResult[] } | null;
  readonly traffic: {
    readonly requests: Interval;
    readonly failedRequests: Interval;
    /** Mean failed requests per replication, by cause; `timeout` only when some design of the scenario has a timeout policy. */
    readonly failedBy: Readonly<Record<'unroutable' | 'deadEndpoint' | 'shed' | 'noReplica' | 'impaired', number>> & { readonly timeout?: number };
    readonly sloViolationMinutes: Interval;
    readonly errorBudgetUsedRatio: Interval;
    readonly residencyViolations: Interval;
    readonly bytes: { readonly interZoneBytes: Interval; readonly interRegionBytes: Interval; readonly internetEgressBytes: Interval };
    readonly peakUtilization: readonly { readonly cluster: string; readonly max: number; readonly mean: Interval }[];
    /** Asynchronous calls' queues, per edge and caller cluster (designs with async calls only). */
    readonly asyncQueues?: readonly AsyncQueueResult[];
    /** Overloaded pools and retry storms (designs whose shedding policy queues only). */
    readonly overload?: OverloadResult;
    /** Per user region (scenario order): its requests, the share of them served, and that as downtime a month; with an SLO, its own SLO figures. Absent in older results. */
    readonly byUserRegion?: readonly UserRegionAvailability[];
    /**
     * Minutes after warm-up judged outside the SLO, all users together, on the minute grid
     * (availability and latency targets, the rule of docs/failures.md): the figure the regions'
     * `minutesOutsideSlo` compare with. null without an SLO; absent in older results.
     */
    readonly minutesOutsideSlo?: Interval | null;
    /** The error budget's cumulative burn over the horizon (null without an SLO). Absent in older results. */
    readonly errorBudgetBurn?: ErrorBudgetBurnResult | null;
  } | null;
  readonly apiWritable: readonly { readonly cluster: string; readonly ratio: Interval }[];
  readonly recovery: {
    readonly faults: number;
    readonly censored: number;
    /** Longest time back to full capacity of any fault that took pods down and recovered. */
    readonly worstRecoveryS: number | null;
    readonly worstFault: { readonly kind: FaultKind; readonly target: string; readonly replication: number } | null;
    readonly byKind: readonly FaultKindResult[];
    /** Recovery as users felt it (docs/failures.md); null when the run had no traffic model. */
    readonly users: UserRecoveryResult | null;
  };
  readonly cost: CostResult | null;
  readonly slo: SloResult | null;
  /** Faults by what produced them (replayed incidents, change streams, dependencies); absent when no fault had an origin. */
  readonly byOrigin?: readonly OriginResult[];
  /** Where successful requests' time goes, hop by hop (absent unless LATENCY_BREAKDOWN_IN_RESULTS). */
  readonly latencyBreakdown?: LatencyBreakdownResult;
  /** Per store the design's datastores serve (docs/state.md); absent when the scenario has none. */
  readonly datastores?: readonly DatastoreResult[];
  /** Data of a data class crossing region boundaries (docs/residency.md), violations first; absent when none (or the scenario has no datastores). */
  readonly dataFlows?: readonly DataFlow[];
}

/** Every number of a per-replication summary as an Interval over replications; its names (strings) as they are. */
type Intervals<T> = { readonly [K in keyof T]: T[K] extends number ? Interval : T[K] };

/** `designs[].traffic.asyncQueues[]`: one queue (edge "caller→callee", caller cluster); a replication without it counts 0. */
export type AsyncQueueResult = Intervals<AsyncQueueSummary>;

/** `designs[].traffic.overload`: each figure over replications. */
export type OverloadResult = Intervals<OverloadSummary>;

/** `designs[].latencyBreakdown`: per hop, the mean ms in network, queueing, service and retries, over replications. */
export interface LatencyBreakdownResult {
  /** Over all successful requests. */
  readonly mean: readonly Intervals<HopLatency>[];
  /** Over the successful requests between p98.5 and p99.5. */
  readonly p99: readonly Intervals<HopLatency>[];
}

/**
 * `designs[].byOrigin` in results.json (docs/results-schema.md): a design's faults grouped by what
 * produced them — a replayed incident, a change stream, a shared dependency — with what users felt.
 */
export interface OriginResult {
  readonly origin: string;
  /** incident: a library incident replayed (faults.incidents); dependency: its faults include a dependency outage; change: any other origin (a change stream). */
  readonly category: 'incident' | 'change' | 'dependency';
  /** Faults of this origin after warm-up, over all replications. */
  readonly faults: number;
  /** Of those, the faults users noticed (some minute outside the SLO in their impact window). */
  readonly usersHit: number;
  /** Of those, the faults whose users were still outside the SLO when a replication ended. */
  readonly usersCensored: number;
  /**
   * Seconds users spent outside the SLO because of this origin's faults in a replication, counted once
   * where its faults overlap (0 in a replication where it produced none): mean over replications with
   * its 95% interval; null without the traffic model.
   */
  readonly usersOutS: Interval | null;
  /** The same per-replication sums: median, p90 and maximum over replications; null without the traffic model. */
  readonly usersOutSpread: Spread | null;
  /** The single fault of this origin users spent longest outside the SLO for; null when users never noticed one. */
  readonly worst: { readonly usersOutS: number; readonly kind: FaultKind; readonly target: string; readonly replication: number } | null;
}

/** Median, p99 and maximum of values pooled over replications (null: none). */
export interface Percentiles {
  readonly count: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** `designs[].datastores[]` in results.json (docs/results-schema.md, docs/state.md); computed by datastoreResults.ts. */
export interface DatastoreResult {
  readonly name: string;
  readonly kind: string;
  /** Share of write (read) demand the store could serve: mean over replications with its 95% interval. */
  readonly writeAvailability: Interval;
  readonly readAvailability: Interval;
  /** Commit latency writers saw (network to the primary + commit), in ms: each replication's mean, p50, p99, then over replications. */
  readonly commitLatencyMs: { readonly mean: Interval; readonly p50: Interval; readonly p99: Interval };
  /** Failovers a year (each replication's count scaled to 365 days of the measured span). */
  readonly failoversPerYear: Interval;
  /**
   * Over all replications: failovers (a member promoted), losses of the primary (failovers and outages
   * the primary outlived before a promotion), losses not recovered within the horizon, failovers with
   * two primaries at once.
   */
  readonly failovers: { readonly count: number; readonly primaryLosses: number; readonly notRecovered: number; readonly splitBrain: number };
  /** Loss of the primary → writes accepted again, over every loss that recovered, failover or outage (seconds). */
  readonly rtoS: Percentiles;
  /** Data lost per failover, in seconds of writes and in bytes, over every failover (a member promoted). */
  readonly rpoS: Percentiles;
  readonly rpoBytes: Percentiles;
  readonly lostWritesPerYear: Interval;
  /** Bytes shipped to replicas in a 730-hour month: all, and those crossing a region boundary. */
  readonly replicationBytesPerMonth: { readonly total: Interval; readonly interRegion: Interval };
  /** Mean staleness of the reads served (seconds, read-weighted: the answering member's lag; 0 when every read goes to the primary), over replications. */
  readonly readStalenessS: Interval;
  /** Largest replication lag of any replica: each replication's, over replications; and the largest seen in any. */
  readonly maxLagS: { readonly mean: Interval; readonly max: number | null };
}

/** `designs[].traffic.byUserRegion[]`: one user region's requests and the share of them served, over replications. */
export interface UserRegionAvailability {
  readonly name: string;
  readonly requests: Interval;
  readonly availability: Interval;
  readonly downtimeMinutesPerMonth: Interval;
  /**
   * The region judged on its own requests (null without an SLO; absent in older results): minutes
   * after warm-up outside the SLO, its share of its own error budget used (replications in which it
   * had requests), and the SLO's checks on its availability and its latency targets.
   */
  readonly minutesOutsideSlo?: Interval | null;
  readonly errorBudgetUsedRatio?: Interval | null;
  readonly slo?: SloResult | null;
}

/**
 * `designs[].traffic.errorBudgetBurn`: per step of `stepS` after warm-up, the share of the whole
 * horizon's error budget ((1 − SLO) × the replication's requests) spent by the step's end (`endS`),
 * cumulative; mean and 95% interval over `n` replications, six significant digits. The last point
 * is `errorBudgetUsedRatio`.
 */
export interface ErrorBudgetBurnResult {
  readonly stepS: number;
  readonly endS: readonly number[];
  readonly n: number;
  readonly mean: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** design − baseline, paired by replication (common random numbers). */
export interface Comparison {
  readonly baseline: string;
  readonly design: string;
  readonly availability: Interval;
  readonly readyCapacity: Interval;
  readonly p99S: Interval | null;
  readonly sloViolationMinutes: Interval | null;
  /** Cost a month (USD), paired by replication; null without cost. Absent in older results, like the field below. */
  readonly monthlyUsd?: Interval | null;
  /** Minutes outside the SLO judged for all users together (`designs[].traffic.minutesOutsideSlo`), paired; null without traffic or SLO. Absent in older results. */
  readonly minutesOutsideSlo?: Interval | null;
  /**
   * Per user region (scenario order): availability and p99 (seconds), paired by replication; with an
   * SLO also its minutes outside the SLO and error budget used (null without one; absent in older
   * results). null without traffic.
   */
  readonly byUserRegion?: readonly {
    readonly name: string;
    readonly availability: Interval;
    readonly p99S: Interval;
    readonly minutesOutsideSlo?: Interval | null;
    readonly errorBudgetUsedRatio?: Interval | null;
  }[] | null;
}

/**
 * `faultTimelines`: every fault of one replication (the first), matched across designs, in order of
 * start (run/faultTimelines.ts). Per design (null: the design did not have this fault) the fault's own
 * figures, the ones the fault tables pool, and the share of requests served while it lasted; for the
 * most severe faults a timeline of served share and ready capacity around it, from the replication itself.
 */
export interface FaultTimelinesResult {
  readonly replication: number;
  readonly faults: readonly FaultTimelineEntry[];
}

export interface FaultTimelineEntry {
  readonly kind: FaultKind;
  readonly target: string;
  readonly source: 'scripted' | 'stochastic';
  readonly origin?: string;
  readonly startS: number;
  /** When the fault itself ended (seconds; may lie past the horizon); null: never. */
  readonly endS: number | null;
  readonly designs: readonly ({
    readonly design: string;
    /** From the fault's start (seconds); null: did not happen (recovery: or censored). */
    readonly detectionS: number | null;
    readonly failoverS: number | null;
    readonly recoveryS: number | null;
    readonly censored: boolean;
    readonly usersOutS: number | null;
    readonly usersCensored: boolean;
    /** Share of requests served from the fault's start to its end (or the horizon); null without traffic. */
    readonly servedRatio: number | null;
    /** Ready capacity time-averaged over the same span. */
    readonly readyCapacity: number | null;
  } | null)[];
  /** Steps of `stepS` from `windowStartS` (absolute seconds); null when no design kept one for this fault. */
  readonly timeline: {
    readonly windowStartS: number;
    readonly stepS: number;
    readonly designs: readonly ({ readonly design: string; readonly successRatio: readonly (number | null)[]; readonly readyCapacity: readonly number[] } | null)[];
  } | null;
}

export interface Verdict {
  /** The design to choose, or null when none meets the SLO (or nothing tells them apart). */
  readonly recommended: string | null;
  readonly headline: string;
  readonly reasons: readonly string[];
}

/** Availability stratified on rare region outages: the strata, and the replications drawn conditioned on one. */
export interface RareFaultsResult {
  readonly kind: 'region';
  readonly expectedPerReplication: number;
  /** Probability that a replication has no rare outage (exact: exp(−expectedPerReplication)). */
  readonly noneProbability: number;
  /** false when a stratum had fewer than two replications: the intervals are then the plain ones. */
  readonly stratified: boolean;
  /** Plain replications without a rare outage, and replications with at least one (plain and conditioned). */
  readonly strata: { readonly none: number; readonly some: number };
  /** The replications added conditioned on at least one rare outage (−1, −2, …), with their headline numbers. */
  readonly conditioned: readonly { readonly replication: number; readonly rareOutages: number; readonly designs: readonly { readonly design: string; readonly availability: number }[] }[];
}

export interface Results {
  readonly schema: typeof RESULTS_SCHEMA;
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  readonly fleetsimVersion: string;
  /** The only field that differs between two runs of the same inputs. */
  readonly createdAt: string;
  readonly scenario: ScenarioInfo;
  readonly run: {
    readonly replications: number;
    readonly confidenceLevel: number;
    readonly stopping: { readonly metric: string; readonly targetHalfWidth: number; readonly maxReplications: number; readonly met: boolean } | null;
    /** Present only when the scenario's region outages are rare: how availability was stratified on them (docs/run.md, "Rare faults"). */
    readonly rareFaults?: RareFaultsResult;
  };
  readonly designs: readonly DesignResult[];
  readonly comparisons: readonly Comparison[];
  readonly verdict: Verdict;
  readonly costNote: string | null;
  readonly showcase: ShowcaseSummary | null;
  /** Every fault of replication 0 with its figures per design, and timelines of the most severe (absent in older results). */
  readonly faultTimelines?: FaultTimelinesResult | null;
  /** Per replication, per design: the headline numbers, to audit or re-analyse. */
  readonly replications: readonly { readonly replication: number; readonly rareOutages?: number; readonly designs: readonly { readonly design: string; readonly availability: number; readonly readyCapacity: number; readonly p99S: number | null }[] }[];
}
