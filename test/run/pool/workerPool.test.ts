import { threadId } from 'node:worker_threads';
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
        // Every worker up and taking jobs first (workers load at their own pace: the first one
        // ready would otherwise take every job in order).
        if (workers > 0) {
          const barrier = { arrived: new SharedArrayBuffer(4), count: workers };
          await p.run(Array.from({ length: workers }, (_, n) => ({ n, barrier })));
        }
        // The first job is the slow one, so with workers it finishes last.
        const jobs = Array.from({ length: 8 }, (_, n) => ({ n, busyMs: n === 0 ? 300 : 1, steps: n === 5 ? 3 : 0 }));
        const finished: number[] = [];
        const progress: [number, number][] = [];
        const out = await p.run(jobs, { onResult: (i, r) => (expect(r).toBe(`r${i}`), finished.push(i)), onProgress: (i, s) => progress.push([i, s]) });
        expect(out).toEqual(jobs.map((j) => `r${j.n}`));
        expect([...finished].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        if (workers > 0) expect(finished.at(-1)).toBe(0);
        expect(progress).toEqual([[5, 1], [5, 2], [5, 3]]);
        // A second run on the same pool.
        expect(await p.run([{ n: 9 }])).toEqual(['r9']);
      } finally {
        await p.close();
      }
    }, 20_000);

    it(`${workers} workers: jobs in groups (longest first) still come back in job order, each once`, async () => {
      const p = pool(workers);
      try {
        const jobs = Array.from({ length: 12 }, (_, n) => ({ n, busyMs: n % 3 === 1 ? 20 : 1 }));
        const finished: number[] = [];
        const out = await p.run(jobs, { onResult: (i) => finished.push(i), groupOf: jobs.map((j) => j.n % 3) });
        expect(out).toEqual(jobs.map((j) => `r${j.n}`));
        expect([...finished].sort((a, b) => a - b)).toEqual(jobs.map((j) => j.n));
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
        // The first result aborts: only the jobs then in flight finish. A worker takes its next job
        // as soon as it has posted a result, before this thread has seen it: at most two per worker.
        const done = out.filter((x) => x !== undefined).length;
        expect(done).toBeGreaterThanOrEqual(1);
        expect(done).toBeLessThanOrEqual(Math.max(1, 2 * workers));
        expect(done).toBeLessThan(20);
        out.forEach((x, i) => x !== undefined && expect(x).toBe(`r${i}`));
        expect(out.length).toBe(20);
      } finally {
        await p.close();
      }
    }, 20_000);
  }

  it('helpHere: this thread takes jobs beside the worker, results in job order', async () => {
    const p = new WorkerPool<TestInit, TestJob, string, number>({ module: MODULE, init: { prefix: 'r' }, workers: 1, helpHere: true, name: 'test worker', local: testHandler });
    try {
      // Two jobs that each wait for the other: they finish only if two threads take them at once.
      const barrier = { arrived: new SharedArrayBuffer(4), count: 2 };
      const out = await p.run([{ n: 0, barrier, who: true }, { n: 1, barrier, who: true }, ...Array.from({ length: 6 }, (_, i) => ({ n: i + 2 }))]);
      const threads = out.slice(0, 2).map((r) => Number(r!.split('@')[1]));
      expect(new Set(threads).size).toBe(2);
      expect(threads).toContain(threadId);
      expect(out.slice(2)).toEqual(['r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
      // A job failing in this thread rejects the run as a worker's would.
      await expect(p.run([{ n: 0, fail: true, busyMs: 50 }, { n: 1, fail: true, busyMs: 50 }])).rejects.toThrow(/job \d refused/);
    } finally {
      await p.close();
    }
  }, 30_000);

  it('a pool made without its init data refuses to run until provide()', async () => {
    const p = new WorkerPool<TestInit, TestJob, string, number>({ module: MODULE, workers: 1, name: 'test worker', local: testHandler });
    try {
      await expect(p.run([{ n: 0 }])).rejects.toThrow(/no init data/);
      p.provide({ prefix: 'late' });
      expect(await p.run([{ n: 0 }, { n: 1 }])).toEqual(['late0', 'late1']);
      expect(() => p.provide({ prefix: 'again' })).toThrow(/already/);
    } finally {
      await p.close();
    }
  }, 30_000);

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
    expect(() => new WorkerPool({ module: MODULE, init: null, workers: 1, helpHere: true, name: 'x' })).toThrow(/in-thread handler/);
    expect(() => pool(-1)).toThrow(/non-negative integer/);
  });
});
