import { describe, expect, it } from 'vitest';
import { applyOverrides, RunInputError } from '../../src/run/context.js';
import { LIMITS, loadScenario, type Scenario } from '../../src/scenario/index.js';

const YEAR_S = 365 * 86400;

function load(name: string): Scenario {
  const r = loadScenario(new URL(`../../scenarios/${name}`, import.meta.url).pathname);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

describe('run size after command-line overrides', () => {
  it('the loader records the file-level estimate, far below the limit for a bundled scenario', () => {
    const s = load('retail-segmented.yaml');
    expect(s.run.estimatedEvents).toBeGreaterThan(0);
    expect(s.run.estimatedEvents).toBeLessThan(LIMITS.runEvents / 100);
  });

  it('scales the estimate with --replications and --horizon', () => {
    const s = load('retail-segmented.yaml');
    const o = applyOverrides(s, { replications: s.run.replications * 3, horizonS: s.run.horizonS * 2 });
    expect(o.run.estimatedEvents).toBeCloseTo(s.run.estimatedEvents * 6, 6);
  });

  it('refuses overrides that push a loadable file far beyond one machine, with the figure', () => {
    const s = load('retail-segmented.yaml');
    // 1000 replications × 100 years: each within its own limit, together ~4e10 events.
    expect(() => applyOverrides(s, { replications: LIMITS.replications, horizonS: 100 * YEAR_S })).toThrow(RunInputError);
    expect(() => applyOverrides(s, { replications: LIMITS.replications, horizonS: 100 * YEAR_S })).toThrow(/simulation events.*lower --replications or --horizon/);
  });
});
