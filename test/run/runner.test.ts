import { describe, expect, it } from 'vitest';
import { resolveWithOverrides, RunInputError, validateRun } from '../../src/run/context.js';
import { validateScenario } from '../../src/run/pipeline.js';
import { autoLayout, MIN_POOLED_JOBS, MIN_START_UPS_PER_THREAD, runScenario, runSize, WORKER_START_CPU_S } from '../../src/run/runner.js';
import { DEFAULT_SCENARIO, defaultText } from './fixture.js';

describe('the worker layout a run chooses without --workers', () => {
  const scenario = validateRun(defaultText(), DEFAULT_SCENARIO);

  it('the main job (3 designs × 10 replications × a year) stays in this thread: each thread would start cold for little work', () => {
    const size = runSize(scenario, 10);
    expect(size.jobs).toBe(30);
    // ~2.5 estimated CPU s: under two threads' worth of MIN_START_UPS_PER_THREAD start-ups.
    expect(size.estimatedCpuS).toBeLessThan(2 * MIN_START_UPS_PER_THREAD * WORKER_START_CPU_S);
    expect(autoLayout(size, 2)).toEqual({ workers: 0, helpHere: false });
    expect(autoLayout(size, 8)).toEqual({ workers: 0, helpHere: false });
  });

  it('long runs pool: as many threads as the work gives enough start-ups each, one per core at most, this thread helping', () => {
    const perThread = MIN_START_UPS_PER_THREAD * WORKER_START_CPU_S;
    // 100 replications of the main job: ~25 estimated CPU s, work for 5 threads.
    const big = runSize(scenario, 100);
    expect(Math.floor(big.estimatedCpuS / perThread)).toBe(5);
    expect(autoLayout(big, 2)).toEqual({ workers: 1, helpHere: true });
    expect(autoLayout(big, 8)).toEqual({ workers: 4, helpHere: true });
    // Never more workers than jobs to share with this thread, nor than cores but one.
    expect(autoLayout({ jobs: 9, estimatedCpuS: 1000 }, 64)).toEqual({ workers: 8, helpHere: true });
    expect(autoLayout({ jobs: 300, estimatedCpuS: 1000 }, 4)).toEqual({ workers: 3, helpHere: true });
    // Just under two threads' worth: one thread.
    expect(autoLayout({ jobs: 300, estimatedCpuS: 2 * perThread - 0.01 }, 8)).toEqual({ workers: 0, helpHere: false });
    expect(autoLayout({ jobs: 300, estimatedCpuS: 2 * perThread }, 8)).toEqual({ workers: 1, helpHere: true });
  });

  it('small runs stay in this thread: few jobs, little estimated CPU, or one core', () => {
    expect(MIN_POOLED_JOBS).toBe(8);
    // 2 replications × 3 designs: 6 jobs, however long.
    expect(autoLayout({ ...runSize(scenario, 2), estimatedCpuS: 1000 }, 2)).toEqual({ workers: 0, helpHere: false });
    // 30 jobs of a day each: well under the workers' start-up.
    const day = validateRun(defaultText(), DEFAULT_SCENARIO, { horizonS: 86_400 });
    expect(runSize(day, 10).estimatedCpuS).toBeLessThan(WORKER_START_CPU_S);
    expect(autoLayout(runSize(day, 10), 2)).toEqual({ workers: 0, helpHere: false });
    expect(autoLayout(runSize(scenario, 100), 1)).toEqual({ workers: 0, helpHere: false });
  });

  it('runScenario reports the layout it used; --workers N is obeyed as given', async () => {
    const small = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, overrides: { horizonS: 86_400, replications: 3 } });
    expect(small.layout).toEqual({ workers: 0, helpHere: false });
    const given = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, overrides: { horizonS: 86_400, replications: 3 }, workers: 2 });
    expect(given.layout).toEqual({ workers: 2, helpHere: false });
    expect(JSON.stringify(given.summaries)).toBe(JSON.stringify(small.summaries));
  }, 60_000);
});

describe('a run given the resolved scenario (the CLI resolves it once, for its warnings and the run)', () => {
  it('simulates that one, overrides applied, without resolving it again, and agrees with a run that resolves its own', async () => {
    const overrides = { horizonS: 86_400, replications: 2, seed: 'resolved-once' };
    const validated = validateScenario(defaultText(), DEFAULT_SCENARIO);
    const resolved = resolveWithOverrides(validated, overrides);
    if (resolved instanceof RunInputError) throw resolved;
    const given = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, validated, overrides, resolved, workers: 0 });
    // The very objects it was given: the fleet and every design's view are not made again.
    expect(given.ctx.fleet).toBe(resolved.fleet);
    expect(given.ctx.views).toBe(resolved.views);
    expect(given.ctx.scenario.run).toMatchObject({ horizonS: 86_400, replications: 2, seed: 'resolved-once' });
    const own = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, overrides, workers: 0 });
    expect(JSON.stringify(given.summaries)).toBe(JSON.stringify(own.summaries));
  }, 60_000);

  it('an override the scenario cannot take comes back as the error, for the command to print after the warnings', () => {
    const validated = validateScenario(defaultText(), DEFAULT_SCENARIO);
    const got = resolveWithOverrides(validated, { replications: 0 });
    expect(got).toBeInstanceOf(RunInputError);
    expect((got as RunInputError).message).toMatch(/replications must be a positive integer/);
  });
});
