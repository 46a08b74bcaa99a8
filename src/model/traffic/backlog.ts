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
  /**
   * Quiet days (fluid.ts startHour, docs/traffic.md): an hour starts and the ledger is marked; note
   * what a day from now will be compared with (sameAsMark) and what the day adds (repeatDay).
   */
  markDay(): void;
  /**
   * Whether a day marked now could repeat: its end can be the same state only if no backlog is
   * draining or growing now (the fluid model then tries the next hour instead of marking).
   */
  dayCanStart(): boolean;
  /**
   * Whether everything the evaluations read of these backlogs is as it was at the mark: then the
   * day since repeats evaluation for evaluation, as the rest of the model does when nothing else
   * ran. False when no mark was made, or when something depends on time as well as state.
   */
  sameAsMark(): boolean;
  /** The day since the mark happens `times` more times, back to back (only after sameAsMark). */
  repeatDay(periodS: number, times: number): void;
}
