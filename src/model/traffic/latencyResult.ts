import type { EstimateBreakdown } from './latencyBreakdown.js';

/** One latency estimate of the fluid model (a leaf module, so the rates can name it without importing the Monte Carlo). */
export interface LatencyResult {
  /** Unique per replication: the ledger keys accumulated weights by it. */
  readonly id: number;
  /** Quantile points of the latency of successful requests, seconds, ascending. */
  readonly points: Float64Array;
  readonly meanS: number;
  /** Where the time goes, per rank band (only when the breakdown is asked for). */
  readonly breakdown?: EstimateBreakdown;
}
