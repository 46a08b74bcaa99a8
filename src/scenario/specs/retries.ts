/** The resolved types of designs[].traffic.retries (a leaf module: see retries.ts for the file's form). */

/**
 * Which failures of an attempt are retried, in fleetsim's failure causes:
 * - `deadEndpoint`: the attempt went to a listed endpoint whose pod is dead (Envoy/Istio
 *   `connect-failure`, `refused-stream`, `reset`);
 * - `impaired`: the pod answered with a server error (a bad change, a brownout; Envoy `5xx`);
 * - `timeout`: the attempt outlived its per-try timeout (Envoy counts a per-try timeout under `5xx`
 *   and `gateway-error`; HAProxy `retry-on response-timeout`);
 * - `shed`: the pool refused the attempt (a 503 from a full queue or an admission limit; Envoy
 *   `retriable-status-codes` with 503, HAProxy `retry-on 503`).
 */
export type RetryOn = 'deadEndpoint' | 'impaired' | 'timeout' | 'shed';

/**
 * Which endpoints a retry avoids (docs/traffic.md, "Retries, timeouts and held concurrency"):
 * - `all`: every endpoint the request already tried (Envoy's `previous_hosts` retry host predicate,
 *   which Istio's default retry policy sets);
 * - `last`: only the endpoint that just failed (HAProxy's `option redispatch`);
 * - `none`: each attempt drawn afresh from the whole pool (independent attempts).
 */
export type AvoidPreviousHosts = 'all' | 'last' | 'none';

/** How a design's clients, ingress and mesh retry requests; undefined on a design: nothing retries. */
export interface RetryPolicySpec {
  /** Attempts in all, the first included (1 = no retry). */
  readonly attempts: number;
  /** Failures that are retried (the others fail the request at once). */
  readonly retryOn: readonly RetryOn[];
  /**
   * Largest share of the attempts in flight that may be retries (Envoy's retry budget), 0..1;
   * undefined: no budget (Istio configures none; attempts alone bound the retries).
   */
  readonly budgetRatio: number | undefined;
  /** Largest time one attempt may take before the caller gives up on it, s; undefined: none (Istio sets none). */
  readonly perTryTimeoutS: number | undefined;
  /** Largest time the request may take at this hop, all attempts and backoffs included, s; undefined: none. */
  readonly timeoutS: number | undefined;
  /** Pause before retry n: uniform in [0, min(maxS, baseS × (2^n − 1))] (Envoy's fully jittered exponential backoff). */
  readonly backoff: BackoffSpec;
  /** Which endpoints a retry avoids (see AvoidPreviousHosts). */
  readonly avoidPreviousHosts: AvoidPreviousHosts;
}

/** Envoy's retry back-off: base interval, and the cap (default 10 × base). */
export interface BackoffSpec {
  readonly baseS: number;
  readonly maxS: number;
}

/** A service's own retry policy, overriding the design's for calls into that service (Istio: a VirtualService per destination). */
export interface ServiceRetryOverride {
  readonly service: string;
  readonly policy: RetryPolicySpec;
}

/** Retries at every service hop, with per-destination overrides. */
export interface RetriesSpec extends RetryPolicySpec {
  /** Overrides by called service (empty: the design's policy everywhere). */
  readonly services: readonly ServiceRetryOverride[];
}
