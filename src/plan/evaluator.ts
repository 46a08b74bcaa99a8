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

/**
 * The plan's evaluator on run/'s worker pool: `workers` threads, or this thread with 0 (tests,
 * --workers 0). Results are parsed from the same JSON whichever thread made them.
 */
export class PoolEvaluator implements Evaluator {
  private readonly pool: WorkerPool<EvaluatorInit, Job, string>;
  constructor(init: EvaluatorInit, workers: number) {
    this.pool = new WorkerPool({
      module: workerModule(import.meta.url, 'worker'),
      init,
      workers,
      name: 'plan worker',
      local: jobEvaluator,
      describeFailure: (_job, e) => `a plan job failed in a worker: ${e.stack ?? e.message}`,
    });
  }
  get aborted(): boolean {
    return this.pool.aborted;
  }
  async run(jobs: readonly Job[], onResult?: (index: number, result: JobResult) => void): Promise<(JobResult | undefined)[]> {
    const parsed: (JobResult | undefined)[] = new Array(jobs.length).fill(undefined);
    await this.pool.run(jobs, {
      onResult: (i, json) => {
        parsed[i] = JSON.parse(json) as JobResult;
        onResult?.(i, parsed[i]!);
      },
    });
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
