import type { LatencyResult } from './latencyResult.js';

/** Why requests failed; `timeout`: an attempt or the request outlived its timeout (retries.perTryTimeout, retries.timeout). */
export type FailureCause = 'unroutable' | 'deadEndpoint' | 'shed' | 'noReplica' | 'impaired' | 'timeout';
export type FailureCounts = Record<FailureCause, number>;

export function noFailures(): FailureCounts {
  return { unroutable: 0, deadEndpoint: 0, shed: 0, noReplica: 0, impaired: 0, timeout: 0 };
}

/** Part of a region's successful traffic: a latency distribution, shifted by the user's RTT. */
export interface LatencyPart {
  readonly result: LatencyResult;
  readonly rttS: number;
  /** Share of the region's successful requests. */
  readonly share: number;
}

/**
 * What an evaluation found, as rates that hold until the next one: the ledger integrates them over
 * the interval between two evaluations.
 */
export class TrafficRates {
  /** Per user region: requests per second. */
  readonly demandPerS: Float64Array;
  /** Per user region: success probability of a request from a client on the current answer. */
  readonly successOnAnswer: Float64Array;
  /** Per user region: the same for a client on the stale cached answer (1 when there is none). */
  readonly successOnStale: Float64Array;
  /** Per user region: what its successful requests' latency is made of. */
  readonly latencyMix: LatencyPart[][];
  /** Failed requests per second by cause, outside the stale clients' failures. */
  failuresPerS: FailureCounts = noFailures();
  // Per cluster, bytes or requests per second.
  readonly interZoneBytesPerS: Float64Array;
  readonly interRegionBytesPerS: Float64Array;
  /** Service calls whose callee pod is in another cluster (any region): what east-west gateways carry. */
  readonly crossClusterBytesPerS: Float64Array;
  readonly internetBytesPerS: Float64Array;
  readonly servedPerS: Float64Array;
  readonly logBytesPerS: Float64Array;
  /** Requests per second served or sent outside their data's allowed regions. */
  residencyViolationsPerS = 0;

  constructor(userRegionCount: number, clusterCount: number) {
    this.demandPerS = new Float64Array(userRegionCount);
    this.successOnAnswer = new Float64Array(userRegionCount);
    this.successOnStale = new Float64Array(userRegionCount);
    this.latencyMix = Array.from({ length: userRegionCount }, () => []);
    this.interZoneBytesPerS = new Float64Array(clusterCount);
    this.interRegionBytesPerS = new Float64Array(clusterCount);
    this.crossClusterBytesPerS = new Float64Array(clusterCount);
    this.internetBytesPerS = new Float64Array(clusterCount);
    this.servedPerS = new Float64Array(clusterCount);
    this.logBytesPerS = new Float64Array(clusterCount);
  }
}
