import { describe, expect, it } from 'vitest';
import { allCharts } from '../../src/report/charts.js';
import { renderSvg } from '../../src/report/render.js';
import { FIXED_TIME, runAndAggregate } from '../run/fixture.js';
import { fullResults } from './fixture.js';

const DESIGNS = ['replicated', 'segmented'];
const ALL_IDS = ['availability', 'region-availability', 'cost-vs-availability', 'downtime-by-cause', 'fault-kinds', 'error-budget', 'error-budget-burn', 'latency-cdf', 'latency-breakdown', 'utilization', 'fault-timeline-0', 'cost-breakdown'];
/** Chart ids with the per-fault timelines (fault-timeline-<k>, as many as the picker has) as one. */
const kinds = (ids: readonly string[]) => ids.map((id) => id.replace(/^fault-timeline-\d+$/, 'fault-timeline-*')).filter((id, i, all) => all.indexOf(id) === i);
/** The designs of scenarios/default.yaml. */
const DEFAULT_DESIGNS = ['replicated', 'segmented', 'active-active'];

/** Text drawn in an SVG (vega writes labels as <text> elements). */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

/** A data mark vega drew (a point, bar, rule or line), with its ARIA label and geometry. */
interface Mark {
  readonly kind: string;
  readonly label: string;
  readonly element: string;
}
const DATA_MARKS = new Set(['point', 'bar', 'rule mark', 'line mark', 'text mark']);
function marks(svg: string): Mark[] {
  return [...svg.matchAll(/<(?:path|line|text)\b[^>]*\baria-roledescription="([^"]+)"[^>]*>/g)]
    .filter((m) => DATA_MARKS.has(m[1]))
    .map((m) => ({ kind: m[1], label: /aria-label="([^"]*)"/.exec(m[0])?.[1] ?? '', element: m[0] }));
}

/** True when the mark has geometry: a line through two or more points, a shape with a path, finite numbers. */
function drawn(m: Mark): boolean {
  if (/NaN|Infinity/.test(m.element)) return false;
  if (m.kind === 'line mark') return /\bd="M[^"]*[LC]/.test(m.element); // straight (L) or smoothed (C) segments
  if (m.kind === 'point' || m.kind === 'bar') return /\bd="M[^"]+"/.test(m.element);
  return true;
}

/**
 * The drawn marks of each design. Most charts name the design in each mark's label; the fault
 * timeline facets by design instead (one row, one group of lines, per design, in design order).
 */
function marksByDesign(id: string, svg: string, designs: readonly string[]): Map<string, Mark[]> {
  const out = new Map(designs.map((d) => [d, [] as Mark[]]));
  if (id.startsWith('fault-timeline')) {
    const rows = [...svg.slice(svg.indexOf('role-row-header'), svg.indexOf('role-scope cell')).matchAll(/Title text '([^']*)'/g)].map((m) => m[1]);
    expect(rows, 'one facet row per design').toEqual([...designs]);
    // One cell per row; in each, the lines sit in the line layer's path group (the shaded fault window is a layer before it).
    svg.split('child_layer_1_pathgroup').slice(1).forEach((cell, i) => out.get(rows[i])?.push(...marks(cell)));
    return out;
  }
  for (const m of marks(svg)) {
    const design = /(?:^|; )design: ([^;]+)/.exec(m.label)?.[1];
    if (design !== undefined) out.get(design)?.push(m);
  }
  return out;
}

describe('charts', () => {
  it('with traffic and cost, every chart but the latency breakdown renders to non-empty SVG that names every design', async () => {
    const charts = allCharts(fullResults());
    expect(charts.map((c) => c.id)).toEqual(ALL_IDS);
    // The fixture has no latency breakdown: that chart is absent, saying how to get one.
    expect(charts.filter((c) => c.spec === null).map((c) => [c.id, c.missingReason])).toEqual([['latency-breakdown', expect.stringMatching(/run\.latencyBreakdown: true/)]]);
    for (const c of charts.filter((x) => x.spec !== null)) {
      expect(c.spec, c.id).not.toBeNull();
      const svg = await renderSvg(c.spec!);
      expect(svg.startsWith('<svg'), c.id).toBe(true);
      expect(svg.match(/<path|<line|<rect/g)!.length, c.id).toBeGreaterThan(5);
      for (const d of DESIGNS) expect(texts(svg), `${c.id} names ${d}`).toContain(d);
    }
  });

  it('every chart draws data for every design, not just axes and a legend', async () => {
    // What each chart must show per design: availability a point and its CI rule; latency one line
    // per user region; the fault timeline a ready-capacity and a success-ratio line; cost a bar per
    // category; cost versus availability a point and its label.
    const expected: Record<string, Record<string, number>> = {
      availability: { point: 1, 'rule mark': 1 },
      'region-availability': { point: 2, 'rule mark': 2 },
      'error-budget-burn': { 'line mark': 1 },
      'downtime-by-cause': { bar: 4 },
      'fault-kinds': { bar: 0 },
      'error-budget': { bar: 1, 'rule mark': 1 },
      utilization: { bar: 1 },
      'latency-cdf': { 'line mark': 2 },
      'fault-timeline-0': { 'line mark': 2, bar: 0, 'rule mark': 1 },
      'cost-breakdown': { bar: 3 },
      'cost-vs-availability': { point: 1 },
    };
    for (const c of allCharts(fullResults()).filter((x) => x.spec !== null)) {
      const byDesign = marksByDesign(c.id, await renderSvg(c.spec!), DESIGNS);
      for (const d of DESIGNS) {
        const ms = byDesign.get(d)!;
        expect(ms.every(drawn), `${c.id}: every mark of ${d} has geometry`).toBe(true);
        for (const [kind, n] of Object.entries(expected[c.id])) {
          expect(ms.filter((m) => m.kind === kind).length, `${c.id}: ${kind}s of ${d}`).toBeGreaterThanOrEqual(n);
        }
      }
    }
  });

  it('a run of one design: every chart renders without NaN or Infinity in its SVG', async () => {
    // An ordinal scale of a continuous channel (the latency CDF's stroke widths) given a one-value
    // range interpolates to NaN: vega then writes stroke-width="NaN".
    for (const c of allCharts(fullResults(['replicated'])).filter((x) => x.spec !== null)) {
      const svg = await renderSvg(c.spec!);
      expect(svg, c.id).not.toMatch(/NaN|Infinity/);
      expect(texts(svg), `${c.id} names replicated`).toContain('replicated');
    }
  });

  it('the mark check sees a design whose data is missing', async () => {
    const chart = allCharts(fullResults())[0];
    const spec = chart.spec as unknown as { data: { values: { design: string }[] } };
    const thinned = { ...spec, data: { values: spec.data.values.filter((v) => v.design !== 'segmented') } };
    const byDesign = marksByDesign(chart.id, await renderSvg(thinned as unknown as typeof chart.spec & object), DESIGNS);
    expect(byDesign.get('replicated')!.length).toBeGreaterThan(0);
    expect(byDesign.get('segmented')).toEqual([]);
  });

  it('the latency CDF covers each user region, rising to the tail', () => {
    const spec = allCharts(fullResults()).find((c) => c.id === 'latency-cdf')!.spec as unknown as { data: { values: { design: string; userRegion: string; latencyMs: number; fraction: number }[] } };
    const rows = spec.data.values.filter((v) => v.design === 'replicated' && v.userRegion === 'eu');
    expect(new Set(spec.data.values.map((v) => v.userRegion))).toEqual(new Set(['eu', 'us']));
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].fraction).toBeGreaterThan(rows[i - 1].fraction);
      expect(rows[i].latencyMs).toBeGreaterThanOrEqual(rows[i - 1].latencyMs);
    }
    // Uniform latencies on (0, 80 ms]: the median is near 40 ms (1% histogram accuracy + one sample of 200).
    expect(rows.find((r) => r.fraction === 0.5)!.latencyMs).toBeCloseTo(40, -0.5);
  });

  it('on the default scenario: every chart but the latency breakdown is real (cost included), each SVG names every design', async () => {
    const r = await runAndAggregate({ overrides: { horizonS: 60 * 86_400, replications: 4 }, workers: 0 });
    expect(r.createdAt).toBe(FIXED_TIME);
    const charts = allCharts(r);
    expect(kinds(charts.filter((c) => c.spec !== null).map((c) => c.id))).toEqual(kinds(ALL_IDS.filter((id) => id !== 'latency-breakdown')));
    for (const c of charts.filter((x) => x.spec !== null)) {
      const svg = await renderSvg(c.spec!);
      for (const d of DEFAULT_DESIGNS) expect(texts(svg), `${c.id} names ${d}`).toContain(d);
      const byDesign = marksByDesign(c.id, svg, DEFAULT_DESIGNS);
      for (const d of DEFAULT_DESIGNS) {
        const ms = byDesign.get(d)!;
        expect(ms.length, `${c.id} draws data for ${d}`).toBeGreaterThan(0);
        expect(ms.every(drawn), `${c.id}: every mark of ${d} has geometry`).toBe(true);
      }
    }
  });
});
