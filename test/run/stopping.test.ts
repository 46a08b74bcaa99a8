import { describe, expect, it } from 'vitest';
import { halfWidths, nextCheckpoint, parseTargetCi } from '../../src/run/stopping.js';
import { runScenario } from '../../src/run/runner.js';
import { resultsJson } from '../../src/report/write.js';
import { DEFAULT_SCENARIO, defaultText, runAndAggregate } from './fixture.js';

const overrides = { horizonS: 30 * 86_400, replications: 4 };

describe('--target-ci parsing', () => {
  it('reads ratios, percentages and durations', () => {
    expect(parseTargetCi('availability:0.0001')).toEqual({ metric: 'availability', targetHalfWidth: 0.0001 });
    expect(parseTargetCi('availability:0.01%').targetHalfWidth).toBeCloseTo(0.0001, 15);
    expect(parseTargetCi('p99:5ms')).toEqual({ metric: 'p99', targetHalfWidth: 0.005 });
    expect(parseTargetCi('capacity:0.001').metric).toBe('capacity');
  });
  it('says what it expected', () => {
    expect(() => parseTargetCi('availability')).toThrow(/METRIC:HALF_WIDTH/);
    expect(() => parseTargetCi('latency:5ms')).toThrow(/unknown metric "latency"; use one of availability, capacity, p99/);
    expect(() => parseTargetCi('availability:-1')).toThrow(/positive/);
    expect(() => parseTargetCi('p99:5')).toThrow(/not a duration/);
  });
});

describe('checkpoints', () => {
  it('aims at n·(h/target)² with 10% spare, growing by at least half and at most four times', () => {
    expect(nextCheckpoint(10, 2, 1, 1000)).toBe(40); // (2/1)² · 10 · 1.1 = 44 → capped at 4n
    expect(nextCheckpoint(10, 1.2, 1, 1000)).toBe(16); // 15.84 → 16
    expect(nextCheckpoint(10, 1.01, 1, 1000)).toBe(15); // at least n + n/2
    expect(nextCheckpoint(10, 5, 1, 25)).toBe(25); // the cap
    expect(nextCheckpoint(4, Infinity, 1, 100)).toBe(8);
  });
});

describe('sequential stopping on the default scenario (30 days)', () => {
  it('adds replications until every design is under the target, the same with any worker count', async () => {
    const target = 0.0001; // over 30 days: above it after 4 replications, under it in about 20 (bad deploys dominate the spread)
    const stopping = { metric: 'availability' as const, targetHalfWidth: target, maxReplications: 40 };
    const out = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, overrides, workers: 0, stopping });
    expect(out.stopping).toEqual({ ...stopping, met: true });
    // The rule reads the plain replications (0, 1, …); the rare stratum's (−1, −2, …) are added once it is met.
    const plain = out.summaries.filter((s) => s.replication >= 0);
    expect(plain.length).toBe(out.replications);
    expect(plain.length).toBeGreaterThan(4);
    expect(plain.length).toBeLessThanOrEqual(40);
    expect(plain.map((s) => s.replication)).toEqual(plain.map((_, i) => i));
    expect(out.summaries.slice(plain.length).every((s) => s.replication < 0)).toBe(true);
    expect(Math.max(...halfWidths('availability', plain))).toBeLessThanOrEqual(target);
    // The initial replications alone were not enough: stopping really added some.
    expect(Math.max(...halfWidths('availability', plain.slice(0, 4)))).toBeGreaterThan(target);
    const pooled = await runAndAggregate({ overrides, workers: 2, stopping });
    const inThread = await runAndAggregate({ overrides, workers: 0, stopping });
    expect(resultsJson(pooled)).toBe(resultsJson(inThread));
    expect(pooled.run.replications).toBe(out.replications);
  });

  it('stops at the cap and says the target was not met', async () => {
    const out = await runScenario({ text: defaultText(), fileName: DEFAULT_SCENARIO, overrides, workers: 0, stopping: { metric: 'availability', targetHalfWidth: 1e-12, maxReplications: 9 } });
    expect(out.replications).toBe(9);
    expect(out.summaries.filter((s) => s.replication >= 0).length).toBe(9);
    expect(out.stopping!.met).toBe(false);
  });
});
