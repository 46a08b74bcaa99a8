import { parentPort } from 'node:worker_threads';
import { jobDone, STOP, takeJob, type FromWorker, type ToWorker } from './protocol.js';
import type { JobHandler } from './workerPool.js';

/**
 * The worker side of WorkerPool: builds its handler as soon as the pool's init data arrives (while
 * the main thread is still busy, not on the first job; a bad init then fails the first job taken,
 * with its message, rather than the thread), then for each run takes jobs from the shared counter
 * until none is left, answering each with its result or its error.
 */
export function serveJobs<I, J, R, P = never>(makeHandler: (init: I) => JobHandler<J, R, P>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveJobs runs inside a worker thread');
  let handler: JobHandler<J, R, P> | undefined;
  let initError: Error | undefined;
  port.on('message', (m: ToWorker<I, J>) => {
    if ('init' in m) {
      try {
        handler = makeHandler(m.init);
      } catch (err) {
        initError = err instanceof Error ? err : new Error(String(err));
      }
      return;
    }
    const counters = new Int32Array(m.counters);
    const post = (reply: FromWorker<R, P>) => port.postMessage(reply);
    for (let id = takeJob(counters, m.groups); id >= 0; id = takeJob(counters, m.groups, id)) {
      try {
        if (handler === undefined) throw initError ?? new Error('the worker was started without its init data');
        const startMs = performance.now();
        const result = handler(m.jobs[id], (progress) => post({ run: m.run, id, progress }));
        jobDone(counters, m.groups, id, performance.now() - startMs);
        post({ run: m.run, id, result });
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        // The run fails with this error: the other threads need not start anything else.
        Atomics.store(counters, STOP, 1);
        post({ run: m.run, id, error: e.message, stack: e.stack ?? null });
        break;
      }
    }
    post({ run: m.run, idle: true });
  });
}
