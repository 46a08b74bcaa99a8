import { prepareRun, type RunOverrides } from './context.js';
import { replicate, serializeSummary } from './pipeline.js';
import { serveJobs } from './pool/serveJobs.js';
import type { ShowcasePlan } from './types.js';

/** What every run worker is started with: it prepares the scenario once, as the main thread did. */
export interface WorkerInit {
  readonly text: string;
  readonly fileName: string;
  readonly overrides: RunOverrides;
  readonly showcase: ShowcasePlan | null;
}

/** Worker thread: simulates the replications it is sent; each reply is the summary's JSON. */
serveJobs<WorkerInit, number, string>((init) => {
  const ctx = prepareRun(init.text, init.fileName, init.overrides);
  return (replication) => serializeSummary(replicate(ctx, replication, ctx.cost, init.showcase));
});
