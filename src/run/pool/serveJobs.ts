import { parentPort, workerData } from 'node:worker_threads';
import type { JobReply, JobRequest } from './protocol.js';
import type { JobHandler } from './workerPool.js';

/**
 * The worker side of WorkerPool: builds its handler from the pool's init data on the first job
 * (a bad scenario then fails that job, with its message, rather than the thread) and answers each
 * job with its result or its error.
 */
export function serveJobs<I, J, R, P = never>(makeHandler: (init: I) => JobHandler<J, R, P>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveJobs runs inside a worker thread');
  let handler: JobHandler<J, R, P> | undefined;
  port.on('message', (m: JobRequest<J>) => {
    try {
      handler ??= makeHandler(workerData as I);
      const result = handler(m.job, (progress) => port.postMessage({ id: m.id, progress } satisfies JobReply<R, P>));
      port.postMessage({ id: m.id, result } satisfies JobReply<R, P>);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ id: m.id, error: e.message, stack: e.stack ?? null } satisfies JobReply<R, P>);
    }
  });
}
