import { Worker } from 'node:worker_threads';
import { MissingPriceError, PriceCatalog } from '../cost/index.js';
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

/** In this thread: tests, --workers 0. */
export class InThreadEvaluator implements Evaluator {
  private readonly cache = new ConfigCache();
  private readonly catalog: PriceCatalog;
  aborted = false;
  constructor(private readonly init: EvaluatorInit) {
    this.catalog = PriceCatalog.of(init.cost.catalog);
  }
  async run(jobs: readonly Job[], onResult?: (index: number, result: JobResult) => void): Promise<(JobResult | undefined)[]> {
    const out: (JobResult | undefined)[] = new Array(jobs.length).fill(undefined);
    for (let i = 0; i < jobs.length && !this.aborted; i++) {
      out[i] = JSON.parse(evaluateJob(this.cache, this.init, this.catalog, jobs[i])) as JobResult;
      onResult?.(i, out[i]!);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }
  abort(): void {
    this.aborted = true;
  }
  async close(): Promise<void> {}
}

type Reply = { readonly id: number; readonly json: string } | { readonly id: number; readonly error: string };

/** worker_threads pool: jobs are handed out one at a time to whichever worker is free. */
export class WorkerEvaluator implements Evaluator {
  private readonly workers: Worker[] = [];
  aborted = false;
  constructor(init: EvaluatorInit, count: number) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`worker count must be a positive integer, got ${count}`);
    for (let i = 0; i < count; i++) this.workers.push(spawn(init));
  }
  run(jobs: readonly Job[], onResult?: (index: number, result: JobResult) => void): Promise<(JobResult | undefined)[]> {
    const out: (JobResult | undefined)[] = new Array(jobs.length).fill(undefined);
    let next = 0;
    let inFlight = 0;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        for (const w of this.workers) {
          w.removeAllListeners('message');
          w.removeAllListeners('error');
          w.removeAllListeners('exit');
        }
        if (err) reject(err);
        else resolve(out);
      };
      const feed = (w: Worker) => {
        if (this.aborted || next >= jobs.length) return;
        w.postMessage({ id: next, job: jobs[next] });
        next++;
        inFlight++;
      };
      const maybeDone = () => {
        if (inFlight === 0 && (next >= jobs.length || this.aborted)) finish();
      };
      for (const w of this.workers) {
        w.on('message', (m: Reply) => {
          inFlight--;
          if ('error' in m) return finish(new Error(`a plan job failed in a worker: ${m.error}`));
          out[m.id] = JSON.parse(m.json) as JobResult;
          onResult?.(m.id, out[m.id]!);
          feed(w);
          maybeDone();
        });
        w.on('error', (err) => finish(err));
        w.on('exit', (code) => finish(new Error(`a plan worker exited early (code ${code})`)));
      }
      for (const w of this.workers) feed(w);
      maybeDone();
    });
  }
  abort(): void {
    this.aborted = true;
  }
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Compiled tree: plain JS; from sources (tests, tsx): loaded through tsx. */
function spawn(init: EvaluatorInit): Worker {
  const url = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (url.pathname.endsWith('.js')) return new Worker(url, { workerData: init });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}
