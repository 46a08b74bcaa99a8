import { serveJobs } from './pool/serveJobs.js';
import { portableJobHandler, type PortableRun, type RunJob } from './replicationJobs.js';

/** What every run worker is sent once: the prepared scenario as plain data (no parsing, validating or sizing again). */
export type WorkerInit = PortableRun;

/** Worker thread: simulates the (replication, design) jobs it takes; each reply is the summary's JSON. */
serveJobs<WorkerInit, RunJob, string>(portableJobHandler);
