/**
 * Where a request's time goes, hop by hop (issue 16): per service hop of a design's requests, the
 * mean time in the network, queueing, service and retries (failed attempts and backoff), overall
 * and among the requests near the p99, so a p99 can be explained.
 *
 * PLACEHOLDER (issue 16 scaffolding): not computed yet.
 */
export interface HopLatency {
  /** The service this hop enters (the entry service for the user's hop). */
  readonly service: string;
  readonly networkMs: number;
  readonly queueingMs: number;
  readonly serviceMs: number;
  readonly retriesMs: number;
}

export interface LatencyBreakdown {
  /** Mean per hop, over successful requests. */
  readonly mean: readonly HopLatency[];
  /** Mean per hop over the successful requests between p98.5 and p99.5 (what makes the p99). */
  readonly p99: readonly HopLatency[];
}
