import { rareOutages } from './pipeline.js';
import type { RunContext } from './context.js';
import { WorkerPool, workerModule } from './pool/workerPool.js';
import { assembleSummaries, portableRun, runJobHandler, runJobs, type PortableRun, type RunJob } from './replicationJobs.js';
import type { ReplicationSummary, ShowcasePlan } from './types.js';

/** How a run's work is spread: worker threads, and whether this thread takes jobs too. */
export interface PoolLayout {
  readonly workers: number;
  /** This thread simulates as well, between the workers' messages (see WorkerPool's helpHere). */
  readonly helpHere: boolean;
}

/**
 * Runs replications as (replication, design) jobs on worker threads, on this thread, or both.
 * The workers start when the pool is made, so they load their modules while this thread prepares
 * the scenario; prepare() then sends them the prepared scenario once, as plain data. Results come
 * back in the order asked for, whatever order the jobs finish in, and every job's summary makes
 * the same trip through JSON: the layout cannot change a single bit of the results.
 */
export class ReplicationPool {
  // null: no worker to send the prepared scenario to (see prepare).
  private readonly pool: WorkerPool<PortableRun | null, RunJob, string>;
  private ctx: RunContext | null = null;
  private showcase: ShowcasePlan | null = null;

  constructor(readonly layout: PoolLayout) {
    this.pool = new WorkerPool({
      module: workerModule(import.meta.url, 'worker'),
      workers: layout.workers,
      helpHere: layout.helpHere,
      name: 'worker',
      // In this thread the context is the caller's, already prepared (not the plain-data copy).
      local: () => runJobHandler(this.ctx!, this.ctx!.cost, this.showcase),
      describeFailure: (job, e) => `replication ${job.replication} (design ${job.design}${job.showcase ? ', showcase replay' : ''}) failed in a worker: ${e.stack ?? e.message}`,
    });
  }

  get size(): number {
    return this.pool.size;
  }

  /**
   * The scenario to simulate, once: sent to every worker now. Without workers nothing is sent, and
   * the plain-data copy is not made: it lists the whole price catalog, ~7,700 items (~40 ms cold)
   * that this thread's own catalog answers without making (issue 18).
   */
  prepare(ctx: RunContext, showcase: ShowcasePlan | null): void {
    this.ctx = ctx;
    this.showcase = showcase;
    this.pool.provide(this.pool.size > 0 ? portableRun(ctx, showcase) : null);
  }

  /** Simulate `replications`; `onDone` is called as each replication completes (for progress). */
  async run(replications: readonly number[], onDone?: (done: number) => void): Promise<ReplicationSummary[]> {
    if (new Set(replications).size !== replications.length) throw new RangeError('replication indices must be distinct');
    if (this.ctx === null) throw new Error('prepare the pool before running it');
    const jobs = runJobs(replications, this.ctx.scenario.designs.length, this.showcase);
    // Progress in replications' worth of jobs: the longest designs' jobs go first (groupOf), so
    // whole replications finish late and counting them would hold the bar still, then jump.
    const jobsPerReplication = jobs.length / replications.length;
    let jobsDone = 0;
    let reported = 0;
    const out = await this.pool.run(jobs, {
      onResult: () => {
        const done = Math.floor(++jobsDone / jobsPerReplication + 1e-9);
        if (done > reported) onDone?.((reported = done));
      },
      // A design's replications cost alike; each showcase replay is a group of its own.
      groupOf: jobs.map((j) => (j.showcase ? -1 - j.design : j.design)),
    });
    const missing = out.findIndex((x) => x === undefined);
    if (missing >= 0) throw new Error(`replication ${jobs[missing].replication} was not simulated (the pool was stopped)`);
    const ctx = this.ctx;
    return assembleSummaries(replications, jobs, out as string[], this.showcase, (r) => rareOutages(ctx, r));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
