/**
 * Something whose backlogs (queued requests, queued messages) evolve between the fluid model's
 * evaluations, at the rates the last evaluation set: a pool overloaded past its capacity
 * (overload), an asynchronous call's queue (asyncQueues.ts). The fluid model advances them before
 * each evaluation and evaluates again when they would change its result.
 */
export interface BacklogHolder {
  /** Advance the backlogs by dtS ≥ 0 seconds at the last evaluation's rates. */
  advance(dtS: number): void;
  /**
   * Seconds after the evaluation just made until the backlogs would change its result (a queue
   * empties or fills, a wait crosses a timeout); Infinity: never.
   */
  nextChangeInS(): number;
  /** Whether any backlog is non-zero: evaluations then depend on it and not only on the state (no cached results). */
  active(): boolean;
}
