/** The resolved types of designs[].traffic.retries (a leaf module: see retries.ts for the file's form). */

/**
 * Which failures of an attempt are retried, in fleetsim's failure causes:
 * - `deadEndpoint`: the attempt went to a listed endpoint whose pod is dead (Envoy/Istio
 *   `connect-failure`, `refused-stream`, `reset`);
 * - `impaired`: the pod answered with a server error (a bad change, a brownout; Envoy `5xx`).
 */
export type RetryOn = 'deadEndpoint' | 'impaired';

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
  /**
   * A pod's slot is held while it waits on its synchronous downstream calls, not only for its own
   * service time (docs/traffic.md, "Held concurrency"). false: held for the service time alone.
   */
  readonly heldConcurrency: boolean;
}
