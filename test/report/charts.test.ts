import { describe, expect, it } from 'vitest';
import { allCharts } from '../../src/report/charts.js';
import { renderSvg } from '../../src/report/render.js';
import { FIXED_TIME, runAndAggregate } from '../run/fixture.js';
import { fullResults } from './fixture.js';

const DESIGNS = ['replicated', 'segmented'];

/** Text drawn in an SVG (vega writes labels as <text> elements). */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('charts', () => {
  it('with traffic and cost, all five render to non-empty SVG that names every design', async () => {
    const charts = allCharts(fullResults());
    expect(charts.map((c) => c.id)).toEqual(['availability', 'latency-cdf', 'fault-timeline', 'cost-breakdown', 'cost-vs-availability']);
    for (const c of charts) {
      expect(c.spec, c.id).not.toBeNull();
      const svg = await renderSvg(c.spec!);
      expect(svg.startsWith('<svg'), c.id).toBe(true);
      expect(svg.match(/<path|<line|<rect/g)!.length, c.id).toBeGreaterThan(5);
      for (const d of DESIGNS) expect(texts(svg), `${c.id} names ${d}`).toContain(d);
    }
  });

  it('the latency CDF covers each user region, rising to the tail', () => {
    const spec = allCharts(fullResults())[1].spec as unknown as { data: { values: { design: string; userRegion: string; latencyMs: number; fraction: number }[] } };
    const rows = spec.data.values.filter((v) => v.design === 'replicated' && v.userRegion === 'eu');
    expect(new Set(spec.data.values.map((v) => v.userRegion))).toEqual(new Set(['eu', 'us']));
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].fraction).toBeGreaterThan(rows[i - 1].fraction);
      expect(rows[i].latencyMs).toBeGreaterThanOrEqual(rows[i - 1].latencyMs);
    }
    // Uniform latencies on (0, 80 ms]: the median is near 40 ms (1% histogram accuracy + one sample of 200).
    expect(rows.find((r) => r.fraction === 0.5)!.latencyMs).toBeCloseTo(40, -0.5);
  });

  it('on the default scenario: all five charts are real (cost included), each SVG names every design', async () => {
    const r = await runAndAggregate({ overrides: { horizonS: 60 * 86_400, replications: 4 }, workers: 0 });
    expect(r.createdAt).toBe(FIXED_TIME);
    const charts = allCharts(r);
    expect(charts.filter((c) => c.spec !== null).map((c) => c.id)).toEqual(['availability', 'latency-cdf', 'fault-timeline', 'cost-breakdown', 'cost-vs-availability']);
    for (const c of charts.filter((x) => x.spec !== null)) {
      const svg = await renderSvg(c.spec!);
      for (const d of DESIGNS) expect(texts(svg), `${c.id} names ${d}`).toContain(d);
    }
  });
});
