import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MONTH_MINUTES, type Results } from '../../src/run/results.js';
import { downtimeByCause } from '../../src/report/attributionCharts.js';
import { allCharts, availabilityChart, costVsAvailabilityChart, downtimeRow, latencyCdfChart, nines } from '../../src/report/charts.js';
import { CATEGORY_COLOURS, DESIGN_COLOURS, designScale } from '../../src/report/palette.js';
import { renderSvg } from '../../src/report/render.js';
import { utilizationRows } from '../../src/report/utilizationChart.js';
import { fullResults } from './fixture.js';

const golden = (): Results => JSON.parse(readFileSync('test/golden/results/default.json', 'utf8')) as Results;
type Values<T> = { data: { values: T[] }; layer: { encoding: { x?: { scale?: { domain: [number, number] } }; y?: { scale?: { domain: [number, number] } } } }[] };

/** Every object in a spec under the key `key` (encodings nest in layers, concatenations, facets). */
function collect(spec: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(spec)) for (const x of spec) collect(x, key, out);
  else if (spec !== null && typeof spec === 'object') {
    for (const [k, v] of Object.entries(spec)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

describe('the availability chart, on a downtime axis', () => {
  it('holds every CI within its domain, clipped to what is possible', () => {
    const r = golden();
    // The run's own interval for active-active crosses 100% availability: the clipping is needed.
    expect(r.designs.some((d) => d.availability.upper! > 1)).toBe(true);
    const spec = availabilityChart(r).spec as unknown as Values<ReturnType<typeof downtimeRow>>;
    const [lo, hi] = spec.layer[1].encoding.x!.scale!.domain;
    expect(lo).toBe(0);
    for (const v of spec.data.values) {
      expect(v.lowerMin).toBeGreaterThanOrEqual(0);
      expect(v.upperPct).toBeLessThanOrEqual(100);
      expect(v.lowerMin).toBeLessThanOrEqual(v.downtimeMin!);
      expect(v.upperMin).toBeGreaterThanOrEqual(v.downtimeMin!);
      expect(v.upperMin).toBeLessThanOrEqual(hi);
      expect(v.downtimeMin).toBeCloseTo(r.designs.find((d) => d.name === v.design)!.downtimeMinutesPerMonth.mean!, 9);
    }
    // The SLO's budget line is inside too.
    expect((1 - r.scenario.slo!.availabilityRatio) * MONTH_MINUTES).toBeLessThan(hi);
  });

  it('draws each CI as a rule that starts at 0 minutes, not below the axis', async () => {
    const svg = await renderSvg(availabilityChart(golden()).spec!);
    const rules = [...svg.matchAll(/<line[^>]*aria-roledescription="rule mark"[^>]*>/g)].map((m) => m[0]).filter((x) => /design: /.test(x));
    expect(rules.length).toBe(3);
    for (const rule of rules) {
      const x = [...rule.matchAll(/x[12]="(-?[\d.]+)"/g)].map((m) => Number(m[1]));
      const t = /translate\((-?[\d.]+),/.exec(rule);
      const offset = t ? Number(t[1]) : 0;
      for (const v of x.length > 0 ? x : [0]) expect(v + offset).toBeGreaterThanOrEqual(-0.01);
    }
  });
});

describe('cost versus downtime', () => {
  it('spans the costs with air around them, even when the designs cost almost the same', () => {
    const r = fullResults();
    const same = { ...r, designs: r.designs.map((d, i) => ({ ...d, cost: { ...d.cost!, monthlyUsd: { n: 3, mean: 1000 + i * 0.004, halfWidth: 0.001, lower: 999.999 + i * 0.004, upper: 1000.001 + i * 0.004 } } })) };
    const spec = costVsAvailabilityChart(same).spec as unknown as Values<{ monthlyUsd: number }>;
    const [lo, hi] = spec.layer[0].encoding.x!.scale!.domain;
    expect(hi - lo).toBeGreaterThan(50); // not $0.004
    for (const v of spec.data.values) expect(v.monthlyUsd > lo && v.monthlyUsd < hi).toBe(true);
    const real = costVsAvailabilityChart(golden()).spec as unknown as Values<{ costLowerUsd: number; costUpperUsd: number; upperMin: number }>;
    const [a, b] = real.layer[0].encoding.x!.scale!.domain;
    const [, top] = real.layer[0].encoding.y!.scale!.domain;
    for (const v of real.data.values) {
      expect(v.costLowerUsd).toBeGreaterThan(a);
      expect(v.costUpperUsd).toBeLessThan(b);
      expect(v.upperMin).toBeLessThan(top);
    }
  });
});

describe('colours', () => {
  it('give every design the same colour in every chart, and never a design colour to a category', () => {
    for (const r of [golden(), fullResults()]) {
      const scale = designScale(r);
      let designCharts = 0;
      for (const c of allCharts(r).filter((x) => x.spec !== null)) {
        const colours = collect(c.spec, 'color') as { field?: string; scale?: { domain: string[]; range: string[] } }[];
        const byDesign = colours.filter((x) => x.field === 'design');
        if (byDesign.length > 0) designCharts++;
        for (const x of byDesign) expect(x.scale, `${c.id}: design colour scale`).toEqual(scale);
        for (const x of colours.filter((y) => y.field !== undefined && y.field !== 'design')) {
          expect(x.scale, `${c.id}: ${x.field} has an explicit scale`).toBeDefined();
          for (const colour of x.scale!.range) expect(DESIGN_COLOURS, `${c.id}: ${x.field} uses ${colour}`).not.toContain(colour);
        }
      }
      expect(designCharts).toBeGreaterThanOrEqual(6);
    }
    expect(CATEGORY_COLOURS.filter((c) => DESIGN_COLOURS.includes(c))).toEqual([]);
  });

  it('render as the same fill for a design in two different charts', async () => {
    const r = golden();
    const fills = async (id: string) => {
      const svg = await renderSvg(allCharts(r).find((c) => c.id === id)!.spec!);
      const out = new Map<string, Set<string>>();
      for (const m of svg.matchAll(/<path[^>]*aria-label="[^"]*design: ([^;"]+)[^"]*"[^>]*fill="(#[0-9a-f]{6})"/g)) out.set(m[1], (out.get(m[1]) ?? new Set()).add(m[2]));
      return out;
    };
    const a = await fills('availability');
    const b = await fills('cost-vs-availability');
    for (const d of r.designs) {
      expect([...a.get(d.name)!]).toEqual([designScale(r).range[r.designs.indexOf(d)]]);
      expect([...b.get(d.name)!]).toEqual([...a.get(d.name)!]);
    }
  });
});

describe('downtime attribution and utilization', () => {
  it('splits each design\'s downtime by cause in proportion to failedBy, adding up to the downtime', () => {
    for (const d of golden().designs) {
      const parts = downtimeByCause(d);
      const total = parts.reduce((s, p) => s + p.minutes, 0);
      expect(total).toBeCloseTo((1 - d.availability.mean!) * MONTH_MINUTES, 9);
      const failed = Object.values(d.traffic!.failedBy).reduce((s, x) => s + x, 0);
      const dead = parts.find((p) => p.cause === 'dead endpoint')!;
      expect(dead.share).toBeCloseTo(d.traffic!.failedBy.deadEndpoint / failed, 12);
      expect(parts.every((p) => p.minutes > 0)).toBe(true);
    }
  });

  it('keeps each utilization interval between 0 and the highest peak seen', () => {
    const r = golden();
    // The run's own interval for us-1 goes below 0 and above its highest peak.
    expect(r.designs[0].traffic!.peakUtilization[1].mean.lower!).toBeLessThan(0);
    for (const u of utilizationRows(r)) {
      expect(u.lowerPct).toBeGreaterThanOrEqual(0);
      expect(u.upperPct).toBeLessThanOrEqual(u.maxPct + 1e-9);
      expect(u.headroomPct).toBeCloseTo(100 - u.maxPct, 9);
    }
  });
});

describe('latency CDF', () => {
  it('draws on a nines axis, one panel per user region, with the SLO target where it applies', () => {
    const r = golden();
    const spec = latencyCdfChart(r).spec as unknown as { concat: { layer: { data?: { values: { sloMs: number; sloNines: number }[] } }[] }[]; data: { values: { nines: number; fraction: number }[] } };
    expect(spec.concat.length).toBe(r.scenario.userRegions.length);
    for (const v of spec.data.values) expect(v.nines).toBeCloseTo(-Math.log10(1 - v.fraction), 12);
    expect(nines(0.999)).toBeCloseTo(3, 12);
    for (const panel of spec.concat) {
      const slo = panel.layer.find((l) => l.data)!.data!.values;
      expect(slo).toEqual([expect.objectContaining({ sloMs: 300, sloNines: nines(0.99) })]);
    }
  });
});

describe('tooltips', () => {
  it('every data point carries a <title> naming its design', async () => {
    const svg = await renderSvg(availabilityChart(golden()).spec!);
    const points = [...svg.matchAll(/<path[^>]*aria-roledescription="point"[^>]*>(<title>[^<]*<\/title>)?/g)];
    expect(points.length).toBe(3);
    for (const p of points) expect(p[1]).toMatch(/<title>[^<]*design: (replicated|segmented|active-active)/);
  });
});

describe('fault timeline', () => {
  it('without fault timelines (older results): the showcased fault, its duration shaded, naming the recovery table row', async () => {
    const r = { ...golden(), faultTimelines: undefined };
    const p = r.showcase!.plan;
    const chart = allCharts(r).find((c) => c.id === 'fault-timeline')!;
    const band = (collect(chart.spec, 'transform') as { calculate?: string; as?: string }[][]).flat().find((t) => t.as === 'to')!;
    expect(Number(band.calculate)).toBeCloseTo((p.endS - p.startS) / 60, 9);
    expect(chart.caption).toContain(`"${p.kind}" row`);
    for (const d of r.designs) expect(d.recovery.byKind.map((k) => k.kind)).toContain(p.kind);
    const svg = await renderSvg(chart.spec!);
    const bands = svg.match(/aria-label="from: 0; to: [\d.]+" role="graphics-symbol" aria-roledescription="rect mark"/g)!;
    expect(bands.length).toBe(r.designs.length);
  });

  it('with fault timelines: one chart per picked fault, its band the fault\'s own duration and its recovery line the fault list\'s figure', async () => {
    const r = golden();
    const ft = r.faultTimelines!;
    const charts = allCharts(r).filter((c) => c.id.startsWith('fault-timeline-'));
    expect(charts.length).toBe(ft.faults.filter((f) => f.timeline !== null).length);
    expect(charts.length).toBeGreaterThan(1);
    // Variety: the picker is not one kind of fault over and over.
    expect(new Set(charts.map((c) => ft.faults[Number(c.id.slice('fault-timeline-'.length))].kind)).size).toBeGreaterThan(1);
    for (const c of charts) {
      const f = ft.faults[Number(c.id.slice('fault-timeline-'.length))];
      const band = (collect(c.spec, 'transform') as { calculate?: string; as?: string }[][]).flat().find((t) => t.as === 'to')!;
      const steps = f.timeline!.designs.find((d) => d !== null)!.readyCapacity.length;
      const windowEndMin = (f.timeline!.windowStartS + steps * f.timeline!.stepS - f.startS) / 60;
      expect(Number(band.calculate)).toBeCloseTo(Math.min((f.endS! - f.startS) / 60, windowEndMin), 9);
      const values = (c.spec as unknown as { data: { values: { row: string; design: string; minutes: number }[] } }).data.values;
      for (const [i, d] of f.designs.entries()) {
        if (d === null || f.timeline!.designs[i] === null || d.recoveryS === null || d.censored || d.recoveryS / 60 > windowEndMin) continue;
        const rule = values.find((v) => v.row === 'recovered' && v.design === r.designs[i].name)!;
        expect(rule.minutes).toBeCloseTo(d.recoveryS / 60, 12);
      }
    }
    const svg = await renderSvg(charts[0].spec!);
    expect(svg.match(/aria-roledescription="line mark"/g)!.length).toBeGreaterThanOrEqual(2 * r.designs.length);
  });
});

describe('error budget burn', () => {
  it('each design\'s line ends at the total the error-budget chart shows, rises, and the 100% line is drawn', async () => {
    const r = golden();
    const { burnChart, burnRows } = await import('../../src/report/burnChart.js');
    const { errorBudgetChart } = await import('../../src/report/attributionCharts.js');
    const rows = burnRows(r);
    const totals = (errorBudgetChart(r).spec as unknown as { data: { values: { design: string; usedPct: number }[] } }).data.values;
    for (const d of r.designs) {
      const own = rows.filter((x) => x.design === d.name);
      expect(own.length).toBe(365);
      for (let k = 1; k < own.length; k++) expect(own[k].usedPct).toBeGreaterThanOrEqual(own[k - 1].usedPct);
      expect(own.at(-1)!.usedPct).toBeCloseTo(totals.find((t) => t.design === d.name)!.usedPct, 3);
      expect(own.at(-1)!.day).toBeCloseTo((r.scenario.horizonS - r.scenario.warmupS) / 86_400, 9);
    }
    const svg = await renderSvg(burnChart(r).spec!);
    expect(svg).toMatch(/aria-label="full: 100[^"]*" role="graphics-symbol" aria-roledescription="rule mark"/);
  });
});
