import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/run/pool/workerPool.js';
import { testHandler, type TestInit, type TestJob } from './fixtures/testHandler.js';

const MODULE = new URL('./fixtures/testWorker.ts', import.meta.url);
const pool = (workers: number) =>
  new WorkerPool<TestInit, TestJob, string, number>({ module: MODULE, init: { prefix: 'r' }, workers, name: 'test worker', local: testHandler });

describe('WorkerPool', () => {
  for (const workers of [0, 3]) {
    it(`${workers} workers: results in job order whatever order they finish in; onResult as each finishes; progress from inside a job`, async () => {
      const p = pool(workers);
      try {
        // Early jobs are the slow ones, so with workers they finish last.
        const jobs = Array.from({ length: 8 }, (_, n) => ({ n, busyMs: n < 3 ? 60 : 1, steps: n === 5 ? 3 : 0 }));
        const finished: number[] = [];
        const progress: [number, number][] = [];
        const out = await p.run(jobs, { onResult: (i, r) => (expect(r).toBe(`r${i}`), finished.push(i)), onProgress: (i, s) => progress.push([i, s]) });
        expect(out).toEqual(jobs.map((j) => `r${j.n}`));
        expect([...finished].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        if (workers > 0) expect(finished.slice(0, 3)).not.toEqual([0, 1, 2]);
        expect(progress).toEqual([[5, 1], [5, 2], [5, 3]]);
        // A second run on the same pool.
        expect(await p.run([{ n: 9 }])).toEqual(['r9']);
      } finally {
        await p.close();
      }
    }, 20_000);

    it(`${workers} workers: a job that throws rejects the run with its message`, async () => {
      const p = pool(workers);
      try {
        await expect(p.run([{ n: 0 }, { n: 1, fail: true }, { n: 2 }])).rejects.toThrow(/job 1 refused/);
      } finally {
        await p.close();
      }
    }, 20_000);

    it(`${workers} workers: a callback that throws (a journal that cannot be written) rejects the run`, async () => {
      const p = pool(workers);
      try {
        await expect(p.run([{ n: 0 }, { n: 1 }], { onResult: () => { throw new Error('disk full'); } })).rejects.toThrow(/disk full/);
      } finally {
        await p.close();
      }
    }, 20_000);

    it(`${workers} workers: abort finishes the jobs in flight, starts no more and leaves holes`, async () => {
      const p = pool(workers);
      try {
        const out = await p.run(Array.from({ length: 20 }, (_, n) => ({ n, busyMs: 5 })), { onResult: () => p.abort() });
        expect(p.aborted).toBe(true);
        // The first result aborts: only the jobs then in flight (one per worker) finish.
        const done = out.filter((x) => x !== undefined).length;
        expect(done).toBeGreaterThanOrEqual(1);
        expect(done).toBeLessThanOrEqual(Math.max(1, workers));
        out.forEach((x, i) => x !== undefined && expect(x).toBe(`r${i}`));
        expect(out.length).toBe(20);
      } finally {
        await p.close();
      }
    }, 20_000);
  }

  it('a worker that dies rejects the run, and the pool refuses further runs', async () => {
    const p = pool(2);
    try {
      await expect(p.run([{ n: 0, crash: true }, { n: 1, busyMs: 50 }])).rejects.toThrow(/a test worker exited early \(code 7\)/);
      await expect(p.run([{ n: 2 }])).rejects.toThrow(/exited early/);
    } finally {
      await p.close();
    }
  }, 20_000);

  it('close settles a run in progress (the TUI cancelling) and refuses further runs', async () => {
    const p = pool(1);
    const running = p.run([{ n: 0, busyMs: 2000 }]);
    const settled = expect(running).rejects.toThrow(/the test worker was closed/);
    await new Promise((r) => setTimeout(r, 50));
    await p.close();
    await settled;
    await expect(p.run([{ n: 1 }])).rejects.toThrow(/the pool is closed/);
  }, 20_000);

  it('refuses a pool without workers and without an in-thread handler, and negative counts', () => {
    expect(() => new WorkerPool({ module: MODULE, init: null, workers: 0, name: 'x' })).toThrow(/in-thread handler/);
    expect(() => pool(-1)).toThrow(/non-negative integer/);
  });
});
