import { describe, expect, it } from 'vitest';
import { runJob } from '../../../src/tui/sim/runJob.js';
import { WorkerSimRunner, type SimHandlers } from '../../../src/tui/sim/runner.js';
import type { SimOutcome } from '../../../src/tui/sim/types.js';
import { scenarioText } from '../fixture.js';

const text = scenarioText('default.yaml', { horizon: '30d', replications: 3 });
const job = { text, fileName: 'default.yaml', whatIfs: [{ kind: 'replicas' as const, service: 'web', replicas: 3 }] };

function collect(): { handlers: SimHandlers; progress: number[]; done: Promise<SimOutcome> } {
  const progress: number[] = [];
  let resolve!: (o: SimOutcome) => void;
  let reject!: (e: Error) => void;
  const done = new Promise<SimOutcome>((res, rej) => ((resolve = res), (reject = rej)));
  return { handlers: { onProgress: (d) => progress.push(d), onDone: resolve, onError: (m) => reject(new Error(m)) }, progress, done };
}

describe('WorkerSimRunner', () => {
  it('runs a job on a worker thread, reports progress, and returns what runJob returns in this thread', async () => {
    const runner = new WorkerSimRunner();
    try {
      const c = collect();
      runner.start(job, c.handlers);
      const out = await c.done;
      // 0 … every replication (the plain ones and the rare stratum's), one step each.
      expect(c.progress.length).toBeGreaterThanOrEqual(4);
      expect(c.progress).toEqual(c.progress.map((_, i) => i));
      const here = runJob({ ...job, id: 0 }, () => {});
      expect(out.results.designs).toEqual(here.results.designs);
      expect(out.replay).toEqual(here.replay);
    } finally {
      await runner.close();
    }
  }, 30_000);

  it('cancels: the cancelled job never reports, and the next job runs on a fresh worker', async () => {
    const runner = new WorkerSimRunner();
    try {
      const calls: string[] = [];
      runner.start(job, { onProgress: () => calls.push('progress'), onDone: () => calls.push('done'), onError: (m) => calls.push(`error ${m}`) });
      expect(runner.cancel()).toBe(true);
      expect(runner.cancel()).toBe(false);
      const c = collect();
      runner.start({ ...job, whatIfs: [] }, c.handlers);
      const out = await c.done;
      expect(out.results.scenario.description).not.toContain('what-if');
      expect(calls).toEqual([]);
    } finally {
      await runner.close();
    }
  }, 30_000);

  it('reports a bad scenario as an error, not a crash', async () => {
    const runner = new WorkerSimRunner();
    try {
      const c = collect();
      runner.start({ text: 'apiVersion: fleetsim/v1\nkind: Scenario\n', fileName: 'bad.yaml', whatIfs: [] }, c.handlers);
      await expect(c.done).rejects.toThrow(/bad\.yaml/);
    } finally {
      await runner.close();
    }
  }, 30_000);
});
