/** The resolved types of designs[].traffic.retries (a leaf module: see retries.ts for the file's form). */

/** How a design's clients, ingress and mesh retry and time out requests; undefined on a design: nothing retries. */
export interface RetryPolicySpec {
  /** Attempts in all, the first included (1 = no retry). */
  readonly attempts: number;
}
