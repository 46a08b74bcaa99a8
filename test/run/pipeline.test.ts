import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateSample, prepareConfig } from '../../src/plan/index.js';
import { prepareRun } from '../../src/run/context.js';
import { replicate, ScenarioInvalidError, validateScenario } from '../../src/run/pipeline.js';

const FIXTURE = fileURLToPath(new URL('../plan/fixtures/known-optimum.yaml', import.meta.url));
const TEXT = readFileSync(FIXTURE, 'utf8').replace('horizon: 2d', 'horizon: 12h').replace('count: 2 }', 'count: 1 }');
const SRC = fileURLToPath(new URL('../../src', import.meta.url));

describe('the simulation pipeline', () => {
  it('plan and run compute the same replication: same availability and bill for the same (scenario, design, replication)', () => {
    const ctx = prepareRun(TEXT, FIXTURE);
    const cfg = prepareConfig(TEXT, FIXTURE);
    if (!cfg.ok) throw new Error(cfg.error);
    for (const r of [0, 1, 2]) {
      const run = replicate(ctx, r, ctx.cost).designs[0];
      const plan = evaluateSample(cfg, 'only', r, ctx.cost, []);
      expect(plan.availability).toBe(run.availability);
      expect(plan.monthlyUsd).toBe(run.cost!.totalUsd);
      expect(plan.requests).toBe(run.traffic!.requests);
    }
    // One node of four vCPUs holds 3 of the 6 pods: the replications are not trivially perfect.
    expect(replicate(ctx, 0, ctx.cost).designs[0].availability).toBeLessThan(0.99);
  });

  it('an invalid scenario is one typed error carrying every problem', () => {
    try {
      validateScenario(TEXT.replace('replicas: 6', 'replicas: -1'), 'bad.yaml');
      throw new Error('expected an error');
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioInvalidError);
      expect((err as ScenarioInvalidError).errors.length).toBeGreaterThan(0);
      expect((err as Error).message).toMatch(/bad\.yaml:\d+:\d+/);
    }
  });

  it('is the only code outside the model that builds a replication input (calls runReplication or draws a fault schedule)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) {
          const file = relative(SRC, path);
          if (file.startsWith('model/') || file === 'run/pipeline.ts') continue;
          if (/\b(runReplication|generateFaultSchedule)\s*\(/.test(readFileSync(path, 'utf8'))) offenders.push(file);
        }
      }
    };
    walk(SRC);
    expect(offenders).toEqual([]);
  });
});
