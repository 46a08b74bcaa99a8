import { parentPort } from 'node:worker_threads';
import { runJob } from './runJob.js';
import type { SimJob, SimMessage } from './types.js';

/** Worker thread: runs one job at a time; the UI cancels by terminating the thread. */
const port = parentPort!;
port.on('message', (job: SimJob) => {
  try {
    const outcome = runJob(job, (done, total) => port.postMessage({ type: 'progress', id: job.id, done, total } satisfies SimMessage));
    port.postMessage({ type: 'done', id: job.id, outcome } satisfies SimMessage);
  } catch (err) {
    port.postMessage({ type: 'error', id: job.id, message: err instanceof Error ? err.message : String(err) } satisfies SimMessage);
  }
});
