import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/spec.js';
import { locate, parsePath } from '../../src/plan/paths.js';
import { missingAlong, parseDocPath } from '../../src/scenario/docPaths.js';
import { formatPath, parseScenario } from '../../src/scenario/index.js';

/**
 * The scenario loader checks the `plan` section as `fleetsim plan` does (src/plan/spec.ts), so
 * `check` refuses what `plan` would. The two must agree: for each plan section below, the loader
 * refuses it exactly when parsePlan does, and the knob path grammars accept the same paths.
 */
const BASE = readFileSync(new URL('../plan/fixtures/known-optimum.yaml', import.meta.url), 'utf8');
const withPlan = (plan: string) => BASE.replace(/^plan:[\s\S]*$/m, plan);
const doc = (text: string) => Object.fromEntries(Object.entries(parseDocument(text, { merge: true }).toJS() as Record<string, unknown>).filter(([k]) => !k.startsWith('x-')));

const PLANS: readonly string[] = [
  'plan:\n  knobs: []\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].count", values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c2].nodePools[pool].count", values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].count", range: { from: 1, to: 8, step: 2 } }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].count", range: { from: 8, to: 1 } }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].count", range: { from: 1, to: 5000 } }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].count", values: [1], range: { from: 1, to: 2 } }\n',
  'plan:\n  knobs:\n    - { values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1]", values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { path: "clusters[0].nodePools[*].count", values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { path: "clusters[9].nodePools[*].count", values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { path: "1clusters.x", values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].count", values: [2, 2] }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].count", values: [3, 2], monotone: true }\n',
  'plan:\n  knobs:\n    - { path: "clusters[c1].nodePools[pool].instanceType", values: [a, b], monotone: true }\n',
  'plan:\n  knobs:\n    - { clustersPerRegion: { template: c1 }, values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { clustersPerRegion: { template: nope }, values: [1, 2] }\n',
  'plan:\n  knobs:\n    - { clustersPerRegion: { template: c1 }, values: [0.5] }\n',
  'plan:\n  designs: [nope]\n',
  'plan:\n  replications: { min: 8, max: 4 }\n',
  'plan:\n  replications: { min: 20 }\n',
  'plan:\n  replications: { min: 1 }\n',
  'plan:\n  horizon: 30d\n',
  'plan:\n  horizon: "0s"\n',
  'plan:\n  slo: { availability: lots }\n',
  'plan:\n  gridLimit: 0\n',
  'plan:\n  search: exhaustive\n',
  'plan:\n  budget: 3\n',
  'plan:\n  knobs:\n    - { name: n, path: "clusters[c1].nodePools[pool].count", values: [1, 2] }\n    - { name: n, path: "clusters[c1].nodePools[pool].instanceType", values: [a, b] }\n',
];

describe('the plan section in the scenario loader', () => {
  it.each(PLANS.map((p) => [p.replace(/\n/g, ' ')] as const))('agrees with fleetsim plan: %s', (flat) => {
    const text = withPlan(PLANS.find((p) => p.replace(/\n/g, ' ') === flat)!);
    const loaded = parseScenario(text, 'p.yaml');
    const planErrors = loaded.ok ? [] : loaded.errors.filter((e) => e.severity === 'error' && e.path.startsWith('plan'));
    if (!loaded.ok) expect(loaded.errors.filter((e) => e.severity === 'error' && !e.path.startsWith('plan'))).toEqual([]);
    const data = doc(text) as { plan: unknown; designs: { name: string }[]; run: { slo?: { availability: string } } };
    const spec = parsePlan(data.plan, data, { designs: data.designs.map((d) => d.name), slo: { availabilityRatio: 0.99, latency: [] } });
    expect(planErrors.length > 0, planErrors.map((e) => e.message).join('; ')).toBe(!spec.ok);
    // Every field plan names, the loader names too.
    if (!spec.ok) expect(planErrors.map((e) => e.path)).toEqual(expect.arrayContaining(spec.problems.map((q) => formatPath(q.path))));
  });

  it('needs an availability target as plan does', () => {
    const text = withPlan('plan:\n  knobs: []\n').replace('  slo: { availability: 99% }\n', '');
    const r = parseScenario(text, 'p.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => `${e.path}: ${e.message}`)).toContain('plan.slo: planning needs an availability target');
  });

  it('needs an availability target when the file has no run section at all', () => {
    const text = withPlan('plan:\n  knobs: []\n').replace(/^run:\n(  .*\n)*/m, '');
    expect(text).not.toMatch(/^run:/m);
    const r = parseScenario(text, 'p.yaml');
    expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['plan.slo: planning needs an availability target']);
  });

  it('reads knob paths with the grammar of src/plan/paths.ts', () => {
    const data = doc(BASE);
    const step = fc.oneof(fc.constantFrom('clusters', 'nodePools', 'count', 'c1', 'pool', 'instanceType', 'run', 'horizon', 'x-1', '1a', ''), fc.string({ maxLength: 6 }));
    const sel = fc.option(fc.constantFrom('c1', 'pool', '*', '0', '7', 'nope', 'a.b', ''), { nil: undefined });
    const path = fc.array(fc.tuple(step, sel), { minLength: 1, maxLength: 4 }).map((parts) => parts.map(([k, s]) => (s === undefined ? k : `${k}[${s}]`)).join('.'));
    fc.assert(
      fc.property(path, (p) => {
        const mine = parseDocPath(p);
        const theirs = parsePath(p);
        expect(mine).toEqual(theirs);
        if (mine === undefined || theirs === undefined) return;
        let fails: boolean;
        try {
          locate(data, theirs);
          fails = false;
        } catch {
          fails = true;
        }
        expect(missingAlong(data, mine) !== undefined).toBe(fails);
      }),
      { numRuns: 500, seed: 12 },
    );
  });
});
