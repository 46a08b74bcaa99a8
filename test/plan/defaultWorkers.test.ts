import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPlanWorkers, planSize, preparePlan } from '../../src/plan/index.js';
import { MIN_START_UPS_PER_THREAD, runSize, WORKER_START_CPU_S } from '../../src/run/runner.js';
import { parseScenario } from '../../src/scenario/index.js';

const FILE = 'scenarios/default.yaml';
const text = readFileSync(FILE, 'utf8');
const loaded = parseScenario(text, FILE);
if (!loaded.ok) throw new Error('the default scenario does not load');
const scenario = loaded.scenario;

describe('a plan without --workers is sized by its work', () => {
  it('counts points × replications.max (grid) at the plan horizon, from the scenario\'s estimate per replication and design', () => {
    const year = preparePlan(text, FILE, scenario, { search: 'grid', maxReplications: 10 });
    const size = planSize(year, scenario);
    expect(size.jobs).toBe(year.space.pointCount * 10);
    // One point at 10 replications for a year costs what one design of the run does.
    const run = runSize(scenario, 10);
    expect(size.estimatedCpuS).toBeCloseTo((run.estimatedCpuS / scenario.designs.length) * year.space.pointCount, 6);
    // A week per replication: 7/365 of it.
    const week = planSize(preparePlan(text, FILE, scenario, { search: 'grid', maxReplications: 10, horizonS: 7 * 86_400 }), scenario);
    expect(week.estimatedCpuS / size.estimatedCpuS).toBeCloseTo(7 / 365, 9);
    // The adaptive search is judged at replications.min.
    const adaptive = preparePlan(text, FILE, scenario, { search: 'adaptive', maxReplications: 10 });
    expect(planSize(adaptive, scenario).jobs).toBe(adaptive.space.pointCount * adaptive.spec.minReplications);
  });

  it('runs a short plan in this thread and a long one on as many workers as have work for four start-ups, one per core at most', () => {
    const perThread = MIN_START_UPS_PER_THREAD * WORKER_START_CPU_S;
    // The bench's grid (100 points of 7 days × 2 replications) is well under two threads' worth.
    const week = planSize(preparePlan(text, FILE, scenario, { search: 'grid', maxReplications: 2, horizonS: 7 * 86_400 }), scenario);
    expect(week.estimatedCpuS).toBeLessThan(2 * perThread);
    expect(defaultPlanWorkers(week, 2)).toBe(0);
    expect(defaultPlanWorkers({ jobs: 1000, estimatedCpuS: 2 * perThread }, 2)).toBe(2);
    expect(defaultPlanWorkers({ jobs: 1000, estimatedCpuS: 3 * perThread }, 8)).toBe(3);
    expect(defaultPlanWorkers({ jobs: 1000, estimatedCpuS: 1e6 }, 128)).toBe(64);
    expect(defaultPlanWorkers({ jobs: 1000, estimatedCpuS: 1e6 }, 1)).toBe(0);
  });
});
