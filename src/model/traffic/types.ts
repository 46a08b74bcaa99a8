import type { LogHistogramState } from '../../engine/stats/logHistogram.js';
import type { AsyncQueueSummary } from './asyncQueues.js';
import type { LatencyBreakdown } from './latencyBreakdown.js';
import type { OverloadSummary } from './overload.js';

/**
 * What users felt in one replication of one design: the numbers a design is judged by.
 * Every ratio is over requests (request-weighted), after warm-up.
 */
export interface LatencySummary {
  readonly p50S: number;
  readonly p95S: number;
  readonly p99S: number;
  readonly meanS: number;
  /** Full distribution of successful requests' latency (mergeable across replications). */
  readonly histogram: LogHistogramState;
}

export interface UserRegionTraffic {
  readonly name: string;
  readonly requests: number;
  readonly failedRequests: number;
  /** Successful requests / requests. */
  readonly availability: number;
  readonly latency: LatencySummary;
  /**
   * With an SLO only: minutes after warm-up in which this region's own requests missed the SLO
   * (availability or a latency target covering the region; docs/failures.md), and its share of its
   * own error budget used (null: the region had no requests).
   */
  readonly minutesOutsideSlo?: number;
  readonly errorBudgetUsedRatio?: number | null;
}

export interface TrafficBytes {
  /** Between zones of one region (service calls). */
  readonly interZoneBytes: number;
  /** Between regions (service calls crossing the WAN). */
  readonly interRegionBytes: number;
  /** Responses to end users. */
  readonly internetEgressBytes: number;
  /**
   * Per cluster, bytes leaving it (for per-region pricing). `crossClusterBytes` are the cluster's
   * service calls to pods in other clusters, in its region or not (they overlap the inter-zone and
   * inter-region bytes): what a mesh's east-west gateway processes.
   */
  readonly byCluster: readonly {
    readonly cluster: string;
    readonly interZoneBytes: number;
    readonly interRegionBytes: number;
    readonly crossClusterBytes: number;
    readonly internetEgressBytes: number;
  }[];
}

export interface ClusterLoad {
  readonly cluster: string;
  /** Highest pool utilization (busy servers / servers) seen in the cluster. */
  readonly peakUtilization: number;
  /** 1 − peak utilization. */
  readonly headroom: number;
  /** Requests served by the cluster's pods (all services). */
  readonly requestsServed: number;
  /** Log bytes its pods produced. */
  readonly logBytes: number;
}

export interface TrafficOutcome {
  readonly requests: number;
  readonly failedRequests: number;
  readonly availability: number;
  /** Why requests failed: routed to a dead or partitioned cluster, to a dead endpoint, shed by a saturated pool, no ready replica, failed by an impairment (a bad change, a brownout, an expired certificate). */
  readonly failedBy: Readonly<Record<'unroutable' | 'deadEndpoint' | 'shed' | 'noReplica' | 'impaired' | 'timeout', number>>;
  /** Minutes of the horizon in which availability fell below the SLO target (error-budget burn). */
  readonly sloViolationMinutes: number;
  /** Share of the error budget (1 − target) × requests used by failures. */
  readonly errorBudgetUsedRatio: number;
  /** With an SLO only: minutes after warm-up judged outside it, all users together, on the minute grid (availability and latency targets). */
  readonly minutesOutsideSlo?: number;
  readonly latency: LatencySummary;
  readonly byUserRegion: readonly UserRegionTraffic[];
  readonly bytes: TrafficBytes;
  readonly clusters: readonly ClusterLoad[];
  /** Requests whose data (per its data class) was served or sent outside its allowed regions. */
  readonly residencyViolations: number;
  /** How much work the fluid model did: state evaluations and latency Monte Carlo runs (cache misses). */
  readonly diagnostics?: { readonly evaluations: number; readonly latencyEstimates: number; readonly daysRepeated: number };
  /** Asynchronous calls' queues (designs with async calls only). */
  readonly asyncQueues?: readonly AsyncQueueSummary[];
  /** Overloaded pools and retry storms (designs whose shedding policy queues only). */
  readonly overload?: OverloadSummary;
  /** Where requests' time goes, hop by hop. */
  readonly latencyBreakdown?: LatencyBreakdown;
  /** Per-step success ratio (aligned with the replication timeline, when one was asked for). */
  readonly successTimeline?: readonly number[];
}
