import { Worker } from 'node:worker_threads';
import { runJob } from './runJob.js';
import type { SimJob, SimMessage, SimOutcome } from './types.js';

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
 * Runs jobs on a worker thread so the terminal stays responsive. Cancelling terminates the thread
 * (a replication is one synchronous loop: there is no safe point to interrupt it from inside); the
 * next job starts a fresh one.
 */
export class WorkerSimRunner implements SimRunner {
  private worker: Worker | null = null;
  private current: { id: number; handlers: SimHandlers } | null = null;
  private nextId = 1;

  start(job: Omit<SimJob, 'id'>, handlers: SimHandlers): void {
    this.cancel();
    const id = this.nextId++;
    this.current = { id, handlers };
    const w = (this.worker ??= this.spawn());
    w.postMessage({ ...job, id } satisfies SimJob);
  }

  cancel(): boolean {
    if (this.current === null) return false;
    this.current = null;
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
    return true;
  }

  async close(): Promise<void> {
    this.current = null;
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private spawn(): Worker {
    const w = spawnWorker();
    w.on('message', (m: SimMessage) => {
      const cur = this.current;
      if (cur === null || m.id !== cur.id || this.worker !== w) return;
      if (m.type === 'progress') cur.handlers.onProgress(m.done, m.total);
      else {
        this.current = null;
        if (m.type === 'done') cur.handlers.onDone(m.outcome);
        else cur.handlers.onError(m.message);
      }
    });
    w.on('error', (err) => this.fail(w, err.message));
    w.on('exit', (code) => this.fail(w, `the simulation worker exited (code ${code})`));
    // The UI's lifetime decides the process's, not an idle worker.
    w.unref();
    return w;
  }

  private fail(w: Worker, message: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    const cur = this.current;
    this.current = null;
    cur?.handlers.onError(message);
  }
}

/** From the compiled tree the worker is plain JS; from sources (tests, tsx) it is loaded through tsx. */
function spawnWorker(): Worker {
  const url = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (url.pathname.endsWith('.js')) return new Worker(url);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true });
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
