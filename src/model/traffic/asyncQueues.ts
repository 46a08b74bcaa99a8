import type { BacklogHolder } from './backlog.js';
import type { PoolState } from './pool.js';
import type { ServiceModel } from './serviceModel.js';

/**
 * The queues of asynchronous calls (workload.services[].calls[].mode: async), one per call edge and
 * caller cluster: the caller puts messages on it and does not wait; the callee drains it.
 *
 * PLACEHOLDER (issue 16 scaffolding): every message is delivered at once, as if the queue were not
 * there; no backlog, nothing dropped.
 */
export interface AsyncQueueSummary {
  /** "caller→callee" */
  readonly edge: string;
  readonly cluster: string;
  readonly messages: number;
  readonly droppedMessages: number;
  readonly maxBacklogMessages: number;
  readonly maxAgeS: number;
  readonly meanAgeS: number;
}

export class AsyncQueues implements BacklogHolder {
  private readonly services: ServiceModel;

  constructor(services: ServiceModel, _clusterCount: number) {
    this.services = services;
  }

  /**
   * Messages per second the queue of the caller `service`'s `callIndex`-th call, in cluster `from`,
   * delivers to the callee's pool in cluster `to`, when the caller puts `inPerS` on it (for that
   * target) in this pass.
   */
  delivered(_service: number, _callIndex: number, _from: number, _to: number, inPerS: number): number {
    return inPerS;
  }

  /** After the load flow's last pass over `clusters`: what the callees admitted of what the queues delivered (pools and offered rates per group). */
  settle(_clusters: ArrayLike<number>, _pools: readonly PoolState[], _offeredPerS: Float64Array): void {}

  advance(_dtS: number): void {}

  nextChangeInS(): number {
    return Number.POSITIVE_INFINITY;
  }

  active(): boolean {
    return false;
  }

  summary(): readonly AsyncQueueSummary[] {
    return this.services.calls.some((calls) => calls.some((c) => c.mode === 'async')) ? [] : [];
  }
}
