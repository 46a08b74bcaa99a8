import { MissingPriceError, PriceCatalog } from '../cost/index.js';
import { WorkerPool, workerModule } from '../run/pool/workerPool.js';
import type { LatencyTarget } from '../scenario/types.js';
import { evaluateSample, prepareConfig, type CostData, type PreparedConfig, type Sample } from './evaluate.js';

/** One replication of one config under one design. */
export interface Job {
  readonly configKey: string;
  readonly text: string;
  readonly design: string;
  readonly replication: number;
}

export type JobResult = { readonly sample: Sample } | { readonly invalid: string };

/** Runs jobs; results come back in job order. Implementations must not let scheduling change a result. */
export interface Evaluator {
  /** `onResult` fires as each job finishes (journal, progress). Stops early, leaving holes, after abort(). */
  run(jobs: readonly Job[], onResult?: (index: number, result: JobResult) => void): Promise<(JobResult | undefined)[]>;
  /** Finish the jobs in flight, start no more. */
  abort(): void;
  readonly aborted: boolean;
  /** Worker threads (0: jobs run in this thread). */
  readonly workers: number;
  close(): Promise<void>;
}

export interface EvaluatorInit {
  readonly fileName: string;
  readonly cost: CostData;
  readonly latency: readonly LatencyTarget[];
}

/** Prepared configs by key, a bounded few (the search revisits recent configs most). */
export class ConfigCache {
  private readonly map = new Map<string, PreparedConfig>();
  constructor(private readonly limit = 64) {}
  get(key: string, text: string, fileName: string): PreparedConfig {
    let c = this.map.get(key);
    if (c === undefined) {
      c = prepareConfig(text, fileName);
      if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
      this.map.set(key, c);
    }
    return c;
  }
}

/** Evaluates one job; every result makes the same JSON round trip whichever thread computed it. */
export function evaluateJob(cache: ConfigCache, init: EvaluatorInit, catalog: PriceCatalog, job: Job): string {
  const cfg = cache.get(job.configKey, job.text, init.fileName);
  let result: JobResult;
  if (!cfg.ok) result = { invalid: cfg.error };
  else {
    try {
      result = { sample: evaluateSample(cfg, job.design, job.replication, { catalog, usage: init.cost.usage }, init.latency) };
    } catch (err) {
      // A knob value the catalog cannot price (an instance type in a region) rules out that config, not the plan.
      if (!(err instanceof MissingPriceError)) throw err;
      result = { invalid: err.message };
    }
  }
  return JSON.stringify(result);
}

/** A job handler with its own config cache and catalog: one per thread. */
export function jobEvaluator(init: EvaluatorInit): (job: Job) => string {
  const cache = new ConfigCache();
  const catalog = PriceCatalog.of(init.cost.catalog);
  return (job) => evaluateJob(cache, init, catalog, job);
}

/** A thread's handler of chunks: a run of jobs, answered with one JSON result per job. */
export function chunkEvaluator(init: EvaluatorInit): (chunk: readonly Job[]) => string[] {
  const one = jobEvaluator(init);
  return (chunk) => chunk.map(one);
}

/** Jobs per pool job at most: a Ctrl-C waits for the chunks in flight. */
export const MAX_CHUNK = 8;

/**
 * How a batch is handed to `threads` threads: as chunks of consecutive jobs of one config (the
 * search lists a config's jobs together), so a thread prepares (parses, validates, sizes) each
 * config it is given once, rather than every thread preparing nearly every config, which on a
 * grid of short replications cost more than the simulation. Chunks hold at most MAX_CHUNK jobs
 * and the largest are halved until every thread has about three to take, so the threads still
 * finish together. Only the split depends on the thread count; no result does.
 */
export function chunkJobs(jobs: readonly Job[], threads: number): number[][] {
  if (threads <= 1) return jobs.map((_, i) => [i]);
  const chunks: number[][] = [];
  jobs.forEach((job, i) => {
    const last = chunks.at(-1);
    if (last !== undefined && last.length < MAX_CHUNK && jobs[last[0]].configKey === job.configKey) last.push(i);
    else chunks.push([i]);
  });
  while (chunks.length > 0 && chunks.length < 3 * threads) {
    let big = 0;
    chunks.forEach((c, k) => c.length > chunks[big].length && (big = k));
    const c = chunks[big];
    if (c.length < 2) break;
    chunks.splice(big, 1, c.slice(0, c.length >> 1), c.slice(c.length >> 1));
  }
  return chunks;
}

/**
 * The plan's evaluator on run/'s worker pool: `workers` threads, or this thread with 0 (tests,
 * --workers 0). Results are parsed from the same JSON whichever thread made them.
 */
export class PoolEvaluator implements Evaluator {
  private readonly pool: WorkerPool<EvaluatorInit, readonly Job[], string[]>;
  constructor(init: EvaluatorInit, workers: number) {
    this.pool = new WorkerPool({
      module: workerModule(import.meta.url, 'worker'),
      init,
      workers,
      name: 'plan worker',
      local: chunkEvaluator,
      describeFailure: (_chunk, e) => `a plan job failed in a worker: ${e.stack ?? e.message}`,
    });
  }
  /** Threads evaluating jobs (0: this one). */
  get workers(): number {
    return this.pool.size;
  }
  get aborted(): boolean {
    return this.pool.aborted;
  }
  async run(jobs: readonly Job[], onResult?: (index: number, result: JobResult) => void): Promise<(JobResult | undefined)[]> {
    const parsed: (JobResult | undefined)[] = new Array(jobs.length).fill(undefined);
    const chunks = chunkJobs(jobs, this.pool.size);
    await this.pool.run(
      chunks.map((c) => c.map((i) => jobs[i])),
      {
        onResult: (k, json) => {
          chunks[k].forEach((i, j) => {
            parsed[i] = JSON.parse(json[j]) as JobResult;
            onResult?.(i, parsed[i]!);
          });
        },
      },
    );
    return parsed;
  }
  abort(): void {
    this.pool.abort();
  }
  close(): Promise<void> {
    return this.pool.close();
  }
}

/** In this thread: tests, --workers 0. */
export class InThreadEvaluator extends PoolEvaluator {
  constructor(init: EvaluatorInit) {
    super(init, 0);
  }
}

/** On `count` worker threads (at least one). */
export class WorkerEvaluator extends PoolEvaluator {
  constructor(init: EvaluatorInit, count: number) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`worker count must be a positive integer, got ${count}`);
    super(init, count);
  }
}
