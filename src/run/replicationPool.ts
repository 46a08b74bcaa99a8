import type { RunContext } from './context.js';
import { replicate, serializeSummary } from './pipeline.js';
import { WorkerPool, workerModule } from './pool/workerPool.js';
import type { ReplicationSummary } from './types.js';
import type { WorkerInit } from './worker.js';

/**
 * Runs replications on worker threads (or in this thread with 0 workers). Results come back in the
 * order asked for, whatever order the workers finish in, and every summary has made the same trip
 * through JSON: the worker count cannot change a single bit of the results.
 */
export class ReplicationPool {
  private readonly pool: WorkerPool<WorkerInit, number, string>;

  constructor(ctx: RunContext, init: WorkerInit, workerCount: number) {
    this.pool = new WorkerPool({
      module: workerModule(import.meta.url, 'worker'),
      init,
      workers: workerCount,
      name: 'worker',
      // In this thread the context is the caller's, already prepared.
      local: (i) => (replication) => serializeSummary(replicate(ctx, replication, ctx.cost, i.showcase)),
      describeFailure: (replication, e) => `replication ${replication} failed in a worker: ${e.stack ?? e.message}`,
    });
  }

  get size(): number {
    return this.pool.size;
  }

  /** Simulate `replications`; `onDone` is called after each one completes (for progress). */
  async run(replications: readonly number[], onDone?: (done: number) => void): Promise<ReplicationSummary[]> {
    if (new Set(replications).size !== replications.length) throw new RangeError('replication indices must be distinct');
    let done = 0;
    const out = await this.pool.run(replications, { onResult: () => onDone?.(++done) });
    return out.map((json) => JSON.parse(json!) as ReplicationSummary);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
