import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preparePlan, runPlanMeasured, type PlanReport, type PlanSpeed } from '../../src/plan/index.js';
import { chunkJobs, MAX_CHUNK, type Job } from '../../src/plan/evaluator.js';
import { parseScenario } from '../../src/scenario/index.js';

// The default scenario's own plan (headroom × 3 designs, sizing re-run per config), shortened to
// two days and 4 replications so both searches and three thread counts fit in a test.
const FILE = 'scenarios/default.yaml';
const text = readFileSync(FILE, 'utf8');
const loaded = parseScenario(text, FILE);
if (!loaded.ok) throw new Error('the default scenario does not load');
const plan = preparePlan(text, FILE, loaded.scenario, { horizonS: 2 * 86_400, maxReplications: 4 });


describe('plan on 0, 1 and 2 worker threads', () => {
  for (const search of ['adaptive', 'grid'] as const) {
    it(`${search}: the same points, replications and results whatever the thread count`, async () => {
      const p = { ...plan, spec: { ...plan.spec, search } };
      const reports: PlanReport[] = [];
      const speeds: PlanSpeed[] = [];
      for (const workers of [0, 1, 2]) {
        const { report, speed } = await runPlanMeasured(p, 'two-regions', { workers, journalPath: null });
        reports.push(report);
        speeds.push(speed);
      }
      expect(reports[0].strategy).toBe(search);
      expect(speeds.map((s) => s.workers)).toEqual([0, 1, 2]);
      speeds.forEach((s, i) => {
        expect(s.pointsPerSecond).toBeCloseTo(reports[i].evaluatedPoints / s.wallS, 9);
        expect(s.jobsPerSecond).toBeCloseTo(reports[i].jobsRun / s.wallS, 9);
      });
      // The whole answer, byte for byte (the report has no wall-clock field).
      expect(JSON.stringify(reports[1])).toBe(JSON.stringify(reports[0]));
      expect(JSON.stringify(reports[2])).toBe(JSON.stringify(reports[0]));
      // Not vacuous: points were evaluated, with replications, and some decided.
      expect(reports[0].evaluatedPoints).toBeGreaterThan(3);
      expect(reports[0].jobsRun).toBeGreaterThan(reports[0].evaluatedPoints);
    }, 240_000);
  }
});

describe('chunkJobs: a batch as runs of one config for the threads', () => {
  const job = (config: string, replication: number): Job => ({ configKey: config, text: '', design: 'd', replication });
  const batch = [...Array.from({ length: 20 }, (_, r) => job('a', r)), ...Array.from({ length: 3 }, (_, r) => job('b', r)), job('c', 0)];

  it('every job once, in order; one config per chunk; at most MAX_CHUNK; about three chunks per thread', () => {
    for (const threads of [2, 3, 8]) {
      const chunks = chunkJobs(batch, threads);
      expect(chunks.flat()).toEqual(batch.map((_, i) => i));
      for (const c of chunks) {
        expect(c.length).toBeLessThanOrEqual(MAX_CHUNK);
        expect(new Set(c.map((i) => batch[i].configKey)).size).toBe(1);
      }
      expect(chunks.length).toBeGreaterThanOrEqual(Math.min(batch.length, 3 * threads));
    }
    // Two threads: config a in chunks of 8, 8 and 4 jobs, then the largest halved for a sixth chunk
    // (each thread prepares a a few times, not 20).
    expect(chunkJobs(batch, 2).map((c) => c.length)).toEqual([4, 4, 8, 4, 3, 1]);
    // 8 threads need 24 chunks: split down to single jobs where needed.
    expect(chunkJobs(batch, 8)).toHaveLength(24);
  });

  it('one thread (or this one): a job per chunk, nothing to share', () => {
    expect(chunkJobs(batch, 1)).toEqual(batch.map((_, i) => [i]));
    expect(chunkJobs(batch, 0)).toEqual(batch.map((_, i) => [i]));
    expect(chunkJobs([], 2)).toEqual([]);
  });
});
