import { describe, expect, it } from 'vitest';
import type { Interval, Results } from '../../src/run/results.js';
import { latencyBreakdownChart, latencyBreakdownRows } from '../../src/report/latencyBreakdownChart.js';
import { renderSvg } from '../../src/report/render.js';
import { fullResults } from './fixture.js';

const at = (mean: number): Interval => ({ n: 3, mean, halfWidth: 1, lower: mean - 1, upper: mean + 1 });
const hop = (service: string, networkMs: number, queueingMs: number, serviceMs: number, retriesMs: number) => ({ service, networkMs: at(networkMs), queueingMs: at(queueingMs), serviceMs: at(serviceMs), retriesMs: at(retriesMs) });

function withBreakdown(r: Results): Results {
  const [a, b] = r.designs;
  return { ...r, designs: [a, { ...b, latencyBreakdown: { mean: [hop('web', 30, 1, 20, 0)], p99: [hop('web', 30, 9, 80, 25), hop('api', 2, 40, 60, 0)] } }] };
}

describe('the p99 breakdown chart', () => {
  it('stacks each hop\'s parts of the p99 slice, adding up to the sum of the hops, zero parts left out', async () => {
    const r = withBreakdown(fullResults());
    const rows = latencyBreakdownRows(r);
    expect(rows.every((x) => x.design === 'segmented')).toBe(true);
    expect(rows.reduce((s, x) => s + x.ms, 0)).toBe(30 + 9 + 80 + 25 + 2 + 40 + 60);
    expect(rows.find((x) => x.service === 'api' && x.part === 'retries')).toBeUndefined();
    const chart = latencyBreakdownChart(r);
    const svg = await renderSvg(chart.spec!);
    const bars = [...svg.matchAll(/aria-roledescription="bar"[^>]*>/g)];
    expect(bars.length).toBe(rows.length);
    expect(svg).toMatch(/<title>[^<]*part: queueing; service: api<\/title>/);
  });
});
