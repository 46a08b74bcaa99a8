import { serveJobs } from '../../run/pool/serveJobs.js';
import { runJob } from './runJob.js';
import type { SimJob, SimOutcome, SimProgress } from './types.js';

/** Worker thread: runs one what-if job at a time, reporting each replication; the UI cancels by terminating the thread. */
serveJobs<null, SimJob, SimOutcome, SimProgress>(() => (job, progress) => runJob(job, (done, total) => progress({ done, total })));
