import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meanConfidence, tCritical } from '../../src/engine/stats/confidence.js';
import { MONTH_MINUTES, type Interval, type Results } from '../../src/run/results.js';
import { headline, welchDifference } from '../../src/report/deltas.js';
import { deltaCell, headlineHtml } from '../../src/report/headlineHtml.js';

/** A real run's results (the golden default scenario: three designs, rare-outage stratification, cost). */
const golden = (): Results => JSON.parse(readFileSync('test/golden/results/default.json', 'utf8')) as Results;
const interval = (xs: number[]): Interval => {
  const c = meanConfidence(xs);
  return { n: c.n, mean: c.mean, halfWidth: c.halfWidth, lower: c.lower, upper: c.upper };
};

describe('the Δ headline', () => {
  it('takes downtime and the all-users p99 from results.json\'s paired differences against the first design', () => {
    const r = golden();
    const h = headline(r)!;
    expect(h.baseline).toBe(r.designs[0].name);
    expect(h.designs.map((d) => d.design)).toEqual(r.designs.slice(1).map((d) => d.name));
    for (const [k, c] of r.comparisons.entries()) {
      const d = h.designs[k];
      // Downtime falls as availability rises: Δdowntime = −Δavailability × 43,800 min, ends swapped.
      expect(d.downtimeMinutesPerMonth.mean).toBeCloseTo(-c.availability.mean! * MONTH_MINUTES, 9);
      expect(d.downtimeMinutesPerMonth.lower).toBeCloseTo(-c.availability.upper! * MONTH_MINUTES, 9);
      expect(d.downtimeMinutesPerMonth.upper).toBeCloseTo(-c.availability.lower! * MONTH_MINUTES, 9);
      expect(d.downtimeMinutesPerMonth.significant).toBe(c.availability.lower! > 0 || c.availability.upper! < 0);
      expect(d.downtimeMinutesPerMonth.method).toBe('paired');
      expect(d.p99Ms!.mean).toBeCloseTo(c.p99S!.mean! * 1000, 9);
      expect([d.p99Ms!.lower, d.p99Ms!.upper]).toEqual([c.p99S!.lower! * 1000, c.p99S!.upper! * 1000]);
      expect(d.p99MsByRegion.map((x) => x.region)).toEqual(r.scenario.userRegions);
      expect(d.costUsdPerMonth!.mean).toBeCloseTo(r.designs[k + 1].cost!.monthlyUsd.mean! - r.designs[0].cost!.monthlyUsd.mean!, 9);
    }
    // The golden run: segmented is significantly more available (less downtime), active-active is not.
    expect(h.designs.map((d) => d.downtimeMinutesPerMonth.significant)).toEqual([true, false]);
  });

  it('takes cost and per-region p99 from the paired differences too, and falls back to Welch (marked u) for results without them', () => {
    const r = golden();
    const paired = headline(r)!;
    for (const [k, c] of r.comparisons.entries()) {
      const d = paired.designs[k];
      expect(d.costUsdPerMonth!.method).toBe('paired');
      expect([d.costUsdPerMonth!.mean, d.costUsdPerMonth!.lower, d.costUsdPerMonth!.upper]).toEqual([c.monthlyUsd!.mean, c.monthlyUsd!.lower, c.monthlyUsd!.upper]);
      for (const [j, x] of d.p99MsByRegion.entries()) {
        const p = c.byUserRegion![j].p99S;
        expect(x.delta.method).toBe('paired');
        expect(x.delta.mean).toBeCloseTo(p.mean! * 1000, 9);
        expect(x.delta.lower).toBeCloseTo(p.lower! * 1000, 9);
      }
    }
    // Paired is tighter than Welch here: the designs share the same faults, so their costs move together.
    const older = { ...r, comparisons: r.comparisons.map(({ monthlyUsd: _m, byUserRegion: _u, ...c }) => c) };
    const welch = headline(older)!;
    expect(welch.designs.every((d) => d.costUsdPerMonth!.method === 'unpaired' && d.p99MsByRegion.every((x) => x.delta.method === 'unpaired'))).toBe(true);
    const width = (d: { lower: number | null; upper: number | null }) => d.upper! - d.lower!;
    expect(width(paired.designs[0].costUsdPerMonth!)).toBeLessThan(width(welch.designs[0].costUsdPerMonth!));
    expect(headlineHtml(r)).not.toContain('<sup title="unpaired');
    expect(headlineHtml(older)).toContain('<sup title="unpaired');
  });

  it('Welch\'s interval from two Student-t intervals equals the one computed from the raw values', () => {
    const a = [10, 12, 9, 14, 11, 13];
    const b = [7, 7.5, 8, 6.5, 7.2, 7.1, 7.9, 6.8];
    const d = welchDifference(interval(a), interval(b));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = (xs: number[]) => xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1);
    const va = variance(a) / a.length;
    const vb = variance(b) / b.length;
    const dof = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
    expect(dof).toBeGreaterThan(5);
    const hw = (d.upper! - d.lower!) / 2;
    expect(d.mean).toBeCloseTo(mean(a) - mean(b), 12);
    expect(hw).toBeCloseTo(tCritical(dof) * Math.sqrt(va + vb), 9);
    // Between the t table's 5 (2.571) and 6 (2.447) degrees of freedom: Welch's, not a pooled 12.
    expect(hw / Math.sqrt(va + vb)).toBeGreaterThan(2.447);
    expect(hw / Math.sqrt(va + vb)).toBeLessThan(2.571);
    expect(d.significant).toBe(true);
    expect(d.method).toBe('unpaired');
    // Overlapping samples: not significant.
    expect(welchDifference(interval([1, 2, 3]), interval([1.5, 2.5, 3.5])).significant).toBe(false);
  });

  it('renders each delta with its interval and a word saying whether it is significant, lower being better', () => {
    expect(deltaCell({ mean: -432.6, lower: -436.3, upper: -428.9, significant: true, method: 'unpaired' }, { prefix: '$', max: 2 })).toMatch(/class="num delta better">−\$432\.6 .*\[.*−\$436\.3.*−\$428\.9.*\].*lower, significant/);
    expect(deltaCell({ mean: 45, lower: -15, upper: 105, significant: false, method: 'paired' }, { suffix: ' ms', max: 2 })).toMatch(/delta same">\+45 ms .*not significant/);
    expect(deltaCell({ mean: 0.1037, lower: 0.0953, upper: 0.1122, significant: true, method: 'paired' }, { suffix: ' ms', max: 3 })).toMatch(/delta worse/);
    const html = headlineHtml(golden());
    expect(html).toContain('against replicated');
    // Metrics down (cost, downtime, p99 of all users, p99 per user region), designs across.
    const r = golden();
    const rows = [...html.matchAll(/<tr><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)];
    expect(rows.map((m) => m[1])).toEqual(['Δ cost / month', 'Δ downtime, min / month', 'Δ p99, all users', ...r.scenario.userRegions.map((u) => `Δ p99, users in ${u}`)]);
    for (const m of rows) expect(m[2].match(/<td/g)!.length).toBe(r.designs.length);
    expect(html).toMatch(/replicated <small>\(baseline, absolute\)<\/small>/);
    expect(html).toContain('<th class="num">segmented − replicated</th>');
    // segmented's downtime cell: significantly lower (the golden paired availability difference excludes 0).
    expect(rows[1][2]).toMatch(/<td class="num delta better">−3\.7 min/);
  });

  it('has nothing to compare with one design', () => {
    const r = golden();
    expect(headline({ ...r, designs: r.designs.slice(0, 1), comparisons: [] })).toBeNull();
    expect(headlineHtml({ ...r, designs: r.designs.slice(0, 1), comparisons: [] })).toBe('');
  });
});
