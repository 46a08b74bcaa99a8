import { WorkerPool, workerModule } from '../../run/pool/workerPool.js';
import { runJob } from './runJob.js';
import type { SimJob, SimOutcome, SimProgress } from './types.js';

export interface SimHandlers {
  onProgress(done: number, total: number): void;
  onDone(outcome: SimOutcome): void;
  onError(message: string): void;
}

/** How the UI runs simulations; components see only this, so tests can drive them with a fake. */
export interface SimRunner {
  /** Starts a job, cancelling the one in flight (its handlers are never called again). */
  start(job: Omit<SimJob, 'id'>, handlers: SimHandlers): void;
  /** True if a job was running. */
  cancel(): boolean;
  close(): Promise<void>;
}

/**
 * Runs jobs on run/'s worker pool (one thread) so the terminal stays responsive. Cancelling
 * terminates the thread (a replication is one synchronous loop: there is no safe point to interrupt
 * it from inside); the next job starts a fresh one.
 */
export class WorkerSimRunner implements SimRunner {
  private pool: WorkerPool<null, SimJob, SimOutcome, SimProgress> | null = null;
  private current: { id: number; handlers: SimHandlers } | null = null;
  private nextId = 1;

  start(job: Omit<SimJob, 'id'>, handlers: SimHandlers): void {
    this.cancel();
    const id = this.nextId++;
    const cur = { id, handlers };
    this.current = cur;
    const pool = (this.pool ??= new WorkerPool<null, SimJob, SimOutcome, SimProgress>({
      module: workerModule(import.meta.url, 'worker'),
      init: null,
      workers: 1,
      name: 'simulation worker',
      describeFailure: (_job, e) => e.message,
      // The UI's lifetime decides the process's, not an idle worker.
      unref: true,
    }));
    const mine = () => this.current === cur && this.pool === pool;
    pool.run([{ ...job, id }], { onProgress: (_i, p) => mine() && handlers.onProgress(p.done, p.total) }).then(
      ([outcome]) => {
        if (!mine()) return;
        this.current = null;
        handlers.onDone(outcome!);
      },
      (err: Error) => {
        if (!mine()) return;
        this.current = null;
        // A crashed worker cannot be reused: the next job gets a fresh one.
        this.pool = null;
        void pool.close();
        handlers.onError(err.message);
      },
    );
  }

  cancel(): boolean {
    if (this.current === null) return false;
    this.current = null;
    const pool = this.pool;
    this.pool = null;
    void pool?.close();
    return true;
  }

  async close(): Promise<void> {
    this.current = null;
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
}

/**
 * Runs jobs in this thread after the current tick (for tests and `--workers 0`): progress is
 * reported, but the UI freezes while a job runs and cancel only drops the result.
 */
export class InlineSimRunner implements SimRunner {
  private token = 0;
  private running = false;

  start(job: Omit<SimJob, 'id'>, handlers: SimHandlers): void {
    const token = ++this.token;
    this.running = true;
    setImmediate(() => {
      if (token !== this.token) return;
      try {
        const outcome = runJob({ ...job, id: token }, (d, t) => token === this.token && handlers.onProgress(d, t));
        if (token !== this.token) return;
        this.running = false;
        handlers.onDone(outcome);
      } catch (err) {
        if (token !== this.token) return;
        this.running = false;
        handlers.onError(err instanceof Error ? err.message : String(err));
      }
    });
  }

  cancel(): boolean {
    const was = this.running;
    this.token++;
    this.running = false;
    return was;
  }

  async close(): Promise<void> {
    this.cancel();
  }
}
