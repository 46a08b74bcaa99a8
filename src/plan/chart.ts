import type { TopLevelSpec } from 'vega-lite';
import { nines } from '../cost/index.js';
import type { PlanReport, PointRow } from './report.js';

/** Nines shown for availability 1 (no failure seen), so the point still lands on the chart. */
const NINES_CAP = 7;
const ninesOf = (a: number) => Math.min(NINES_CAP, nines(Math.min(1, Math.max(0, a))));

const plotted = (r: PlanReport) => r.points.filter((p): p is PointRow & { monthlyUsd: { mean: number }; availability: { mean: number } } => p.monthlyUsd.mean !== null && p.availability.mean !== null);

/**
 * Cost (x) against availability in nines (y) for a terminal: `*` frontier, `·` other points,
 * `@` the optimum, a dashed line at the SLO target.
 */
export function asciiFrontier(r: PlanReport, width = 64, height = 14): string {
  const pts = plotted(r);
  if (pts.length === 0) return '(no point with results to plot)';
  const xs = pts.map((p) => p.monthlyUsd.mean);
  const ys = pts.map((p) => ninesOf(p.availability.mean));
  const target = ninesOf(r.slo.availabilityRatio);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys, target);
  const y1 = Math.max(...ys, target);
  const col = (x: number) => (x1 > x0 ? Math.round(((x - x0) / (x1 - x0)) * (width - 1)) : Math.floor(width / 2));
  const row = (y: number) => (y1 > y0 ? height - 1 - Math.round(((y - y0) / (y1 - y0)) * (height - 1)) : Math.floor(height / 2));
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const tr = row(target);
  for (let c = 0; c < width; c++) grid[tr][c] = c % 2 === 0 ? '-' : ' ';
  const rank = (p: PointRow) => (r.optimum !== null && p.id === r.optimum.id ? 3 : p.onFrontier ? 2 : 1);
  // Draw low-rank marks first so the optimum and the frontier stay visible where points overlap.
  for (const p of [...pts].sort((a, b) => rank(a) - rank(b))) grid[row(ninesOf(p.availability.mean))][col(p.monthlyUsd.mean)] = ['·', '*', '@'][rank(p) - 1];
  const label = (y: number) => `${y.toFixed(2).padStart(5)} │`;
  const lines = grid.map((cells, i) => {
    const y = y1 - ((y1 - y0) * i) / Math.max(1, height - 1);
    return `${i === 0 || i === height - 1 || i === tr ? label(i === tr ? target : y) : '      │'}${cells.join('').trimEnd()}`;
  });
  const money = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
  const axis = `      └${'─'.repeat(width)}`;
  const ticks = `       ${money(x0)}${money(x1).padStart(width - money(x0).length)}`;
  return [`nines of availability (mean); - - SLO ${(r.slo.availabilityRatio * 100).toString()}%; @ optimum, * frontier, · other`, ...lines, axis, ticks, `${' '.repeat(Math.max(0, Math.floor(width / 2) - 6))}       USD per month`].join('\n');
}

/** The same chart as a vega-lite spec with its data inline (for --chart FILE.svg / .json). */
export function frontierSpec(r: PlanReport): TopLevelSpec {
  const values = plotted(r).map((p) => ({
    point: [...Object.entries(p.values).map(([k, v]) => `${k}=${v}`), p.design].join(', '),
    monthlyUsd: p.monthlyUsd.mean,
    nines: ninesOf(p.availability.mean),
    availabilityPct: p.availability.mean * 100,
    status: p.status,
    role: r.optimum !== null && p.id === r.optimum.id ? 'optimum' : p.onFrontier ? 'frontier' : 'other',
  }));
  const frontier = values.filter((v) => v.role !== 'other').sort((a, b) => a.monthlyUsd - b.monthlyUsd);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Cost versus availability: ${r.scenario} (dashed: SLO ${r.slo.availabilityRatio * 100}%)`,
    width: 480,
    height: 300,
    layer: [
      { data: { values: frontier }, mark: { type: 'line', color: '#888', interpolate: 'step-after' }, encoding: { x: { field: 'monthlyUsd', type: 'quantitative' }, y: { field: 'nines', type: 'quantitative' } } },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'monthlyUsd', type: 'quantitative', title: 'USD per month (730 h)', scale: { zero: false } },
          y: { field: 'nines', type: 'quantitative', title: 'nines of availability', scale: { zero: false } },
          color: { field: 'status', type: 'nominal' },
          shape: { field: 'role', type: 'nominal' },
          tooltip: [{ field: 'point' }, { field: 'monthlyUsd', format: ',.0f' }, { field: 'availabilityPct', format: '.4f' }, { field: 'status' }],
        },
      },
      { data: { values: [{ nines: ninesOf(r.slo.availabilityRatio) }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#b00' }, encoding: { y: { field: 'nines', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
