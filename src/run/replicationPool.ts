import { Worker } from 'node:worker_threads';
import type { RunContext } from './context.js';
import { serializeSummary, simulateReplication } from './replicate.js';
import type { ReplicationSummary } from './types.js';
import type { WorkerInit, WorkerReply } from './worker.js';

/**
 * Runs replications on worker threads (or in this thread with 0 workers). Results come back in the
 * order asked for, whatever order the workers finish in, and every summary has made the same trip
 * through JSON: the worker count cannot change a single bit of the results.
 */
export class ReplicationPool {
  private readonly workers: Worker[] = [];
  private closed = false;

  constructor(
    private readonly ctx: RunContext,
    private readonly init: WorkerInit,
    workerCount: number,
  ) {
    if (!Number.isInteger(workerCount) || workerCount < 0) throw new RangeError(`worker count must be a non-negative integer, got ${workerCount}`);
    for (let i = 0; i < workerCount; i++) this.workers.push(spawn(init));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Simulate `replications`; `onDone` is called after each one completes (for progress). */
  async run(replications: readonly number[], onDone?: (done: number) => void): Promise<ReplicationSummary[]> {
    if (this.closed) throw new Error('the pool is closed');
    if (this.workers.length === 0) {
      const out: ReplicationSummary[] = [];
      for (const r of replications) {
        out.push(JSON.parse(serializeSummary(simulateReplication(this.ctx, r, this.init.showcase))) as ReplicationSummary);
        onDone?.(out.length);
        // Let a progress bar repaint between replications.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return out;
    }
    const results = new Array<ReplicationSummary | undefined>(replications.length);
    const slotOf = new Map(replications.map((r, i) => [r, i]));
    if (slotOf.size !== replications.length) throw new RangeError('replication indices must be distinct');
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      let failed = false;
      const cleanup = () => {
        for (const w of this.workers) {
          w.removeAllListeners('message');
          w.removeAllListeners('error');
          w.removeAllListeners('exit');
        }
      };
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        cleanup();
        reject(err);
      };
      const feed = (w: Worker) => {
        if (next < replications.length) w.postMessage(replications[next++]);
      };
      for (const w of this.workers) {
        w.on('message', (m: WorkerReply) => {
          if (failed) return;
          if ('error' in m) return fail(new Error(`replication ${m.replication} failed in a worker: ${m.error}`));
          results[slotOf.get(m.replication)!] = JSON.parse(m.json) as ReplicationSummary;
          done++;
          onDone?.(done);
          if (done === replications.length) {
            cleanup();
            resolve(results as ReplicationSummary[]);
          } else feed(w);
        });
        w.on('error', (err) => fail(err));
        w.on('exit', (code) => fail(new Error(`a worker exited early (code ${code})`)));
      }
      if (replications.length === 0) {
        cleanup();
        resolve([]);
        return;
      }
      for (const w of this.workers) feed(w);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** From the compiled tree the worker is plain JS; from sources (tests, tsx) it is loaded through tsx. */
function spawn(init: WorkerInit): Worker {
  const url = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (url.pathname.endsWith('.js')) return new Worker(url, { workerData: init });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}
