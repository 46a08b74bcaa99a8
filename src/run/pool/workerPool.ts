import { Worker } from 'node:worker_threads';
import { groupJobs, jobDone, runCounters, singleGroup, STOP, takeJob, type FromWorker, type ToWorker } from './protocol.js';

/** One job's work; `progress` reports from inside a long job (the TUI's replications). */
export type JobHandler<J, R, P> = (job: J, progress: (p: P) => void) => R;

export interface WorkerPoolOptions<I, J, R, P> {
  /** The worker module (it calls serveJobs); see workerModule(). */
  readonly module: URL;
  /**
   * Handed to every worker once, and to `local` for the jobs this thread takes. Absent: the
   * workers start now (loading their modules) and get it later from provide(), so the caller can
   * prepare it meanwhile.
   */
  readonly init?: I;
  /** Worker threads; 0 runs the jobs in this thread with `local`. */
  readonly workers: number;
  /** The in-thread handler (required with 0 workers or with `helpHere`). */
  readonly local?: (init: I) => JobHandler<J, R, P>;
  /**
   * This thread takes jobs too, between the workers' messages (a worker's start-up is then paid
   * on a core this thread would leave idle, and this thread, already warm, starts at once).
   */
  readonly helpHere?: boolean;
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
  /**
   * Per job, a group of jobs of alike cost (a design's replications). With workers, the groups
   * whose jobs take longest are taken first (protocol.ts takeJob); default: the jobs in order.
   */
  readonly groupOf?: readonly number[];
}

/** A worker module next to `from` (an import.meta.url): .ts when running from sources, .js when compiled. */
export function workerModule(from: string, baseName: string): URL {
  return new URL(`./${baseName}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, from);
}

interface Active<R, P> {
  readonly run: number;
  readonly counters: Int32Array;
  readonly onMessage: (m: FromWorker<R, P>) => void;
  readonly fail: (err: Error) => void;
}

const NO_INIT = Symbol('no init yet');

/**
 * The one worker pool of fleetsim (run, plan and the TUI): every thread of a run takes the next
 * job from a shared counter as soon as it is free (no thread waits for another to hand out work)
 * and results come back in job order, whatever order they finish in. A failing job, a crashed
 * worker or a throwing callback rejects the run; abort() lets the jobs in flight finish, starts no
 * more and leaves holes; close() terminates the workers.
 */
export class WorkerPool<I, J, R, P = never> {
  private readonly workers: Worker[] = [];
  private active: Active<R, P> | null = null;
  /** A worker died between runs: the pool cannot be trusted with another. */
  private broken: Error | null = null;
  private localHandler: JobHandler<J, R, P> | null = null;
  private init: I | typeof NO_INIT = NO_INIT;
  private runs = 0;
  private closed = false;
  private abortRequested = false;

  constructor(private readonly o: WorkerPoolOptions<I, J, R, P>) {
    if (!Number.isInteger(o.workers) || o.workers < 0) throw new RangeError(`worker count must be a non-negative integer, got ${o.workers}`);
    if ((o.workers === 0 || o.helpHere) && o.local === undefined) throw new RangeError('a pool without workers, or whose caller helps, needs an in-thread handler');
    for (let i = 0; i < o.workers; i++) this.workers.push(this.spawn());
    if ('init' in o) this.provide(o.init as I);
  }

  get size(): number {
    return this.workers.length;
  }

  get aborted(): boolean {
    return this.abortRequested;
  }

  /** The init data, once (with a pool made without it): posted to every worker now. */
  provide(init: I): void {
    if (this.init !== NO_INIT) throw new Error('the pool already has its init data');
    this.init = init;
    for (const w of this.workers) w.postMessage({ init } satisfies ToWorker<I, J>);
  }

  /** Finish the jobs in flight, start no more. */
  abort(): void {
    this.abortRequested = true;
    if (this.active !== null) Atomics.store(this.active.counters, STOP, 1);
  }

  async run(jobs: readonly J[], h: RunHandlers<R, P> = {}): Promise<(R | undefined)[]> {
    if (this.closed) throw new Error('the pool is closed');
    if (this.active !== null) throw new Error('the pool is already running jobs');
    if (this.broken !== null) throw this.broken;
    if (this.init === NO_INIT) throw new Error('the pool has no init data yet (provide it first)');
    return this.workers.length === 0 ? this.runHere(jobs, h) : this.runOnWorkers(jobs, h);
  }

  async close(): Promise<void> {
    this.closed = true;
    // A run cut short by close (the TUI cancelling) settles rather than hanging forever.
    this.active?.fail(new Error(`the ${this.o.name} was closed`));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private handlerHere(): JobHandler<J, R, P> {
    return (this.localHandler ??= this.o.local!(this.init as I));
  }

  private async runHere(jobs: readonly J[], h: RunHandlers<R, P>): Promise<(R | undefined)[]> {
    const handler = this.handlerHere();
    const out: (R | undefined)[] = new Array(jobs.length).fill(undefined);
    for (let i = 0; i < jobs.length && !this.abortRequested; i++) {
      out[i] = handler(jobs[i], (p) => h.onProgress?.(i, p));
      h.onResult?.(i, out[i]!);
      // Let a progress bar repaint and Ctrl-C be seen between jobs.
      await yieldToEvents();
    }
    return out;
  }

  private runOnWorkers(jobs: readonly J[], h: RunHandlers<R, P>): Promise<(R | undefined)[]> {
    const out: (R | undefined)[] = new Array(jobs.length).fill(undefined);
    const groups = h.groupOf !== undefined ? groupJobs(h.groupOf) : singleGroup(jobs.length);
    const counters = runCounters(groups);
    if (this.abortRequested) Atomics.store(counters, STOP, 1);
    const run = ++this.runs;
    let idle = 0;
    let hereDone = !this.o.helpHere;
    return new Promise((resolve, reject) => {
      const settle = (err?: Error) => {
        if (this.active !== active) return;
        this.active = null;
        // Stop the others: a failed run's leftovers must not keep the cores busy.
        Atomics.store(counters, STOP, 1);
        if (err) reject(err);
        else resolve(out);
      };
      const maybeDone = () => {
        if (idle === this.workers.length && hereDone) settle();
      };
      const deliver = (id: number, result: R) => {
        out[id] = result;
        h.onResult?.(id, result);
      };
      const active: Active<R, P> = {
        run,
        counters,
        fail: (err) => settle(err),
        onMessage: (m) => {
          if (m.run !== run) return; // a reply of an earlier run that failed: nobody waits for it
          try {
            if ('idle' in m) {
              idle++;
              maybeDone();
            } else if ('progress' in m) h.onProgress?.(m.id, m.progress);
            else if ('error' in m) {
              const describe = this.o.describeFailure ?? ((_job: J, e: { message: string; stack: string | null }) => `a ${this.o.name} job failed: ${e.stack ?? e.message}`);
              settle(new Error(describe(jobs[m.id], { message: m.error, stack: m.stack })));
            } else deliver(m.id, m.result);
          } catch (err) {
            // A callback that throws (a journal that cannot be written) ends the run, not the process.
            settle(err instanceof Error ? err : new Error(String(err)));
          }
        },
      };
      this.active = active;
      for (const w of this.workers) w.postMessage({ run, jobs, counters: counters.buffer as SharedArrayBuffer, groups } satisfies ToWorker<I, J>);
      if (this.o.helpHere) {
        void (async () => {
          const handler = this.handlerHere();
          for (let id = takeJob(counters, groups); id >= 0 && this.active === active; id = takeJob(counters, groups, id)) {
            try {
              const startMs = performance.now();
              const result = handler(jobs[id], (p) => h.onProgress?.(id, p));
              jobDone(counters, groups, id, performance.now() - startMs);
              deliver(id, result);
            } catch (err) {
              settle(err instanceof Error ? err : new Error(String(err)));
              return;
            }
            // The workers' results and progress are handled here, between this thread's jobs.
            await yieldToEvents();
          }
          hereDone = true;
          maybeDone();
        })();
      }
    });
  }

  private spawn(): Worker {
    const url = this.o.module;
    let w: Worker;
    if (url.pathname.endsWith('.js')) w = new Worker(url);
    else {
      // From sources (tests, tsx) the worker loads its TypeScript through tsx.
      const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
      w = new Worker(bootstrap, { eval: true });
    }
    w.on('message', (m: FromWorker<R, P>) => this.active?.onMessage(m));
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

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
