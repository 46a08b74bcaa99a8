import { describe, expect, it } from 'vitest';
import { assertFiniteCost } from '../../src/cost/model.js';
import type { CostLine } from '../../src/cost/index.js';
import { cost, fleetYaml, observe, world } from './fixture.js';

// A non-finite amount would reach results.json as null and the table as $0.00 beside a breakdown
// that sums to something: the cost model refuses it, naming the line.
const line = (item: string, quantityPerMonth: number, monthlyUsd: number, cluster: string | null = 'c1'): CostLine => ({
  category: 'nodes',
  cluster,
  item,
  quantityPerMonth,
  quantityUnit: 'node-hours',
  usdPerUnit: 0.1,
  monthlyUsd,
  priceKey: 'k',
  source: 's',
  asOf: '2026-01',
});

describe('assertFiniteCost', () => {
  it('passes finite lines and a finite total, zero included', () => {
    expect(() => assertFiniteCost([line('a', 730, 73), line('b', 0, 0, null)], 73)).not.toThrow();
    expect(() => assertFiniteCost([], 0)).not.toThrow();
  });

  it.each([
    ['an infinite amount', line('pool on-demand', 730, Infinity), /cost line "pool on-demand" of c1 is not a finite amount \(730 node-hours, \$Infinity\/month\)/],
    ['a NaN amount', line('pool on-demand', 730, NaN), /cost line "pool on-demand" of c1 is not a finite amount/],
    ['an infinite quantity', line('inter-zone', Infinity, 5, null), /cost line "inter-zone" is not a finite amount \(Infinity node-hours/],
  ])('throws on %s, naming the line', (_, bad, message) => {
    expect(() => assertFiniteCost([line('ok', 1, 1), bad], 1)).toThrow(RangeError);
    expect(() => assertFiniteCost([line('ok', 1, 1), bad], 1)).toThrow(message);
  });

  it('throws on a total that overflows although every line is finite', () => {
    const lines = [line('a', 1, Number.MAX_VALUE), line('b', 1, Number.MAX_VALUE)];
    expect(() => assertFiniteCost(lines, lines[0].monthlyUsd + lines[1].monthlyUsd)).toThrow(/the monthly total is not a finite amount \(\$Infinity\)/);
    expect(() => assertFiniteCost([line('a', 1, 1)], NaN)).toThrow(/the monthly total is not a finite amount/);
  });
});

describe('monthlyCost uses the guard', () => {
  const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3 }] }));

  it('an observation with finite quantities gives a finite total', () => {
    const c = cost(w, observe(w, { c1: { nodes: 3, internet: 1e9 } }));
    expect(Number.isFinite(c.totalUsd)).toBe(true);
    expect(c.totalUsd).toBeGreaterThan(0);
  });

  it('infinite node-hours throw, naming the line, instead of a null total', () => {
    expect(() => cost(w, observe(w, { c1: { nodes: Infinity } }))).toThrow(/cost line ".*" of c1 is not a finite amount/);
  });

  it('infinite bytes of egress throw instead of a null total', () => {
    expect(() => cost(w, observe(w, { c1: { nodes: 3, internet: Infinity } }))).toThrow(/is not a finite amount/);
  });
});
