import { parentPort, workerData } from 'node:worker_threads';
import { prepareRun, type RunOverrides } from './context.js';
import { serializeSummary, simulateReplication } from './replicate.js';
import type { ShowcasePlan } from './types.js';

/** Worker thread: prepares the scenario once, then simulates the replications it is sent. */
export interface WorkerInit {
  readonly text: string;
  readonly fileName: string;
  readonly overrides: RunOverrides;
  readonly showcase: ShowcasePlan | null;
}

export type WorkerReply = { readonly replication: number; readonly json: string } | { readonly replication: number; readonly error: string };

const init = workerData as WorkerInit;
const port = parentPort!;
let ctx: ReturnType<typeof prepareRun> | undefined;
port.on('message', (replication: number) => {
  try {
    ctx ??= prepareRun(init.text, init.fileName, init.overrides);
    port.postMessage({ replication, json: serializeSummary(simulateReplication(ctx, replication, init.showcase)) } satisfies WorkerReply);
  } catch (err) {
    port.postMessage({ replication, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply);
  }
});
