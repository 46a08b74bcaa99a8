import type { BacklogHolder } from './backlog.js';

/**
 * Pools overloaded past their capacity under a queueing shedding policy (designs[].traffic.shedding
 * queueLength or none): their backlogs grow and drain between evaluations; waits follow the
 * backlog; timed-out work still takes capacity; retries add load; a retry storm can outlast its
 * trigger (docs/traffic.md, "Overload and load shedding").
 *
 * PLACEHOLDER (issue 16 scaffolding): no backlog yet.
 */
export interface OverloadSummary {
  /** Seconds in which some pool had a backlog past its capacity (after warm-up). */
  readonly overloadedS: number;
  /** Seconds in which some pool stayed overloaded although its offered load without retries fit its capacity: a retry storm outlasting its trigger. */
  readonly stormS: number;
  /** Largest backlog of any pool, requests. */
  readonly maxBacklogRequests: number;
}

export class PoolBacklogs implements BacklogHolder {
  advance(_dtS: number): void {}

  nextChangeInS(): number {
    return Number.POSITIVE_INFINITY;
  }

  active(): boolean {
    return false;
  }

  summary(): OverloadSummary | undefined {
    return undefined;
  }
}
