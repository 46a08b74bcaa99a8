import { parentPort, workerData } from 'node:worker_threads';
import { PriceCatalog } from '../cost/index.js';
import { ConfigCache, evaluateJob, type EvaluatorInit, type Job } from './evaluator.js';

/** Plan worker: evaluates the jobs it is sent, one at a time, caching prepared configs. */
const init = workerData as EvaluatorInit;
const port = parentPort!;
const cache = new ConfigCache();
const catalog = PriceCatalog.of(init.cost.catalog);
port.on('message', (m: { id: number; job: Job }) => {
  try {
    port.postMessage({ id: m.id, json: evaluateJob(cache, init, catalog, m.job) });
  } catch (err) {
    port.postMessage({ id: m.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
