import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario } from '../../src/scenario/index.js';
import { PlanInputError, preparePlan } from '../../src/plan/index.js';

const base = readFileSync(new URL('./fixtures/known-optimum.yaml', import.meta.url), 'utf8');
const withPlan = (plan: string) => base.replace(/^plan:[\s\S]*$/m, plan);
const prepare = (text: string) => {
  const r = parseScenario(text, 'p.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return preparePlan(text, 'p.yaml', r.scenario);
};
/**
 * preparePlan's own checks, for callers that bypass the scenario loader (which now reports the same
 * plan problems, so that `check` shows them): the scenario is loaded without its plan section and
 * handed the raw section.
 */
const errorOf = (text: string) => {
  const r = parseScenario(text.replace(/^plan:[\s\S]*$/m, ''), 'p.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const raw = (parse(text) as { plan?: unknown }).plan;
  try {
    preparePlan(text, 'p.yaml', { ...r.scenario, plan: raw as never });
  } catch (e) {
    expect(e).toBeInstanceOf(PlanInputError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('the plan section', () => {
  it('expands ranges and counts the space', () => {
    const p = prepare(base);
    expect(p.spec.knobs.map((k) => k.values)).toEqual([[1, 2, 3, 4, 5, 6], ['m6i.xlarge', 'c6i.xlarge', 'm6i.2xlarge']]);
    expect(p.space.pointCount).toBe(18);
    expect(p.spec.slo.availabilityRatio).toBe(0.99);
  });
  it('points at a path the scenario does not have, with file:line:col', () => {
    const msg = errorOf(withPlan('plan:\n  knobs:\n    - { path: "clusters[c2].nodePools[pool].count", values: [1, 2] }\n'));
    expect(msg).toMatch(/^p\.yaml:\d+:\d+: plan\.knobs\[0\]\.path: the scenario has no clusters\[c2\]: no item named "c2"/);
    const line = Number(msg.split(':')[1]);
    expect(base.replace(/^plan:[\s\S]*$/m, '').split('\n').length).toBe(line - 2);
  });
  it('rejects unknown designs, non-numeric monotone knobs and unknown keys', () => {
    const msg = errorOf(
      withPlan(`plan:
  designs: [nope]
  knobs:
    - { path: "clusters[c1].nodePools[pool].instanceType", values: [a, b], monotone: true }
`),
    );
    expect(msg).toMatch(/plan\.designs\[0\]: no design "nope" \(expected only\)/);
    expect(msg).toMatch(/plan\.knobs\[0\]\.monotone: only a numeric knob can be monotone/);
    expect(errorOf(withPlan('plan:\n  knobs: []\n  budget: 3\n'))).toMatch(/^p\.yaml:44:3: plan\.budget: unknown field "budget"/);
  });
  it('needs an availability target from run.slo or plan.slo', () => {
    const text = withPlan('plan:\n  knobs: []\n').replace('  slo: { availability: 99% }\n', '');
    expect(errorOf(text)).toMatch(/plan\.slo: planning needs an availability target/);
  });
  it('bounds replications, gridLimit and horizon (issue 12)', () => {
    expect(errorOf(withPlan('plan:\n  knobs: []\n  replications: { min: 2, max: 1000000000000 }\n'))).toMatch(/plan\.replications\.max: .*\b1000\b/);
    expect(errorOf(withPlan('plan:\n  knobs: []\n  gridLimit: 1000000000\n'))).toMatch(/plan\.gridLimit: .*100000/);
    expect(errorOf(withPlan('plan:\n  knobs: []\n  horizon: 100000d\n'))).toMatch(/plan\.horizon: 100000d is longer than fleetsim simulates \(expected at most 100y\)/);
  });
});
