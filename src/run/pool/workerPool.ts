import { Worker } from 'node:worker_threads';
import type { JobReply, JobRequest } from './protocol.js';

/** One job's work; `progress` reports from inside a long job (the TUI's replications). */
export type JobHandler<J, R, P> = (job: J, progress: (p: P) => void) => R;

export interface WorkerPoolOptions<I, J, R, P> {
  /** The worker module (it calls serveJobs); see workerModule(). */
  readonly module: URL;
  /** Handed to every worker once (workerData), and to `local` for the in-thread mode. */
  readonly init: I;
  /** Worker threads; 0 runs the jobs in this thread with `local`. */
  readonly workers: number;
  /** The in-thread handler (required with 0 workers). */
  readonly local?: (init: I) => JobHandler<J, R, P>;
  /** Names the workers in errors ("a plan worker exited early"). */
  readonly name: string;
  /** The message a job that threw in a worker rejects with. Default: the error's stack. */
  readonly describeFailure?: (job: J, error: { readonly message: string; readonly stack: string | null }) => string;
  /** Let the process exit while workers idle (the TUI: the UI decides the process's lifetime). */
  readonly unref?: boolean;
}

export interface RunHandlers<R, P> {
  /** As each job finishes, in completion order (journal, progress). */
  readonly onResult?: (index: number, result: R) => void;
  readonly onProgress?: (index: number, progress: P) => void;
}

/** A worker module next to `from` (an import.meta.url): .ts when running from sources, .js when compiled. */
export function workerModule(from: string, baseName: string): URL {
  return new URL(`./${baseName}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, from);
}

interface Active<R, P> {
  readonly onMessage: (w: Worker, m: JobReply<R, P>) => void;
  readonly fail: (err: Error) => void;
}

/**
 * The one worker pool of fleetsim (run, plan and the TUI): jobs are handed out one at a time to
 * whichever worker is free and results come back in job order, whatever order the workers finish
 * in. A failing job, a crashed worker or a throwing callback rejects the run; abort() lets the jobs
 * in flight finish, starts no more and leaves holes; close() terminates the workers.
 */
export class WorkerPool<I, J, R, P = never> {
  private readonly workers: Worker[] = [];
  private active: Active<R, P> | null = null;
  /** A worker died between runs: the pool cannot be trusted with another. */
  private broken: Error | null = null;
  private localHandler: JobHandler<J, R, P> | null = null;
  private closed = false;
  private abortRequested = false;

  constructor(private readonly o: WorkerPoolOptions<I, J, R, P>) {
    if (!Number.isInteger(o.workers) || o.workers < 0) throw new RangeError(`worker count must be a non-negative integer, got ${o.workers}`);
    if (o.workers === 0 && o.local === undefined) throw new RangeError('a pool without workers needs an in-thread handler');
    for (let i = 0; i < o.workers; i++) this.workers.push(this.spawn());
  }

  get size(): number {
    return this.workers.length;
  }

  get aborted(): boolean {
    return this.abortRequested;
  }

  /** Finish the jobs in flight, start no more. */
  abort(): void {
    this.abortRequested = true;
  }

  async run(jobs: readonly J[], h: RunHandlers<R, P> = {}): Promise<(R | undefined)[]> {
    if (this.closed) throw new Error('the pool is closed');
    if (this.active !== null) throw new Error('the pool is already running jobs');
    if (this.broken !== null) throw this.broken;
    return this.workers.length === 0 ? this.runHere(jobs, h) : this.runOnWorkers(jobs, h);
  }

  async close(): Promise<void> {
    this.closed = true;
    // A run cut short by close (the TUI cancelling) settles rather than hanging forever.
    this.active?.fail(new Error(`the ${this.o.name} was closed`));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async runHere(jobs: readonly J[], h: RunHandlers<R, P>): Promise<(R | undefined)[]> {
    const handler = (this.localHandler ??= this.o.local!(this.o.init));
    const out: (R | undefined)[] = new Array(jobs.length).fill(undefined);
    for (let i = 0; i < jobs.length && !this.abortRequested; i++) {
      out[i] = handler(jobs[i], (p) => h.onProgress?.(i, p));
      h.onResult?.(i, out[i]!);
      // Let a progress bar repaint and Ctrl-C be seen between jobs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }

  private runOnWorkers(jobs: readonly J[], h: RunHandlers<R, P>): Promise<(R | undefined)[]> {
    const out: (R | undefined)[] = new Array(jobs.length).fill(undefined);
    let next = 0;
    let inFlight = 0;
    return new Promise((resolve, reject) => {
      const settle = (err?: Error) => {
        if (this.active !== active) return;
        this.active = null;
        if (err) reject(err);
        else resolve(out);
      };
      const feed = (w: Worker) => {
        if (this.abortRequested || next >= jobs.length) return;
        w.postMessage({ id: next, job: jobs[next] } satisfies JobRequest<J>);
        next++;
        inFlight++;
      };
      const maybeDone = () => {
        if (inFlight === 0 && (next >= jobs.length || this.abortRequested)) settle();
      };
      const active: Active<R, P> = {
        fail: (err) => settle(err),
        onMessage: (w, m) => {
          try {
            if ('progress' in m) {
              h.onProgress?.(m.id, m.progress);
              return;
            }
            inFlight--;
            if ('error' in m) {
              const describe = this.o.describeFailure ?? ((_job: J, e: { message: string; stack: string | null }) => `a ${this.o.name} job failed: ${e.stack ?? e.message}`);
              settle(new Error(describe(jobs[m.id], { message: m.error, stack: m.stack })));
              return;
            }
            out[m.id] = m.result;
            h.onResult?.(m.id, m.result);
            feed(w);
            maybeDone();
          } catch (err) {
            // A callback that throws (a journal that cannot be written) ends the run, not the process.
            settle(err instanceof Error ? err : new Error(String(err)));
          }
        },
      };
      this.active = active;
      for (const w of this.workers) feed(w);
      maybeDone();
    });
  }

  private spawn(): Worker {
    const url = this.o.module;
    let w: Worker;
    if (url.pathname.endsWith('.js')) w = new Worker(url, { workerData: this.o.init });
    else {
      // From sources (tests, tsx) the worker loads its TypeScript through tsx.
      const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
      w = new Worker(bootstrap, { eval: true, workerData: this.o.init });
    }
    w.on('message', (m: JobReply<R, P>) => this.active?.onMessage(w, m));
    w.on('error', (err) => this.lost(err));
    w.on('exit', (code) => {
      if (!this.closed) this.lost(new Error(`a ${this.o.name} exited early (code ${code})`));
    });
    if (this.o.unref) w.unref();
    return w;
  }

  private lost(err: Error): void {
    if (this.closed) return;
    this.broken ??= err;
    this.active?.fail(err);
  }
}
