import type { TopLevelSpec } from 'vega-lite';
import { LogHistogram } from '../engine/stats/logHistogram.js';
import { MONTH_MINUTES, type DesignResult, type Results } from '../run/results.js';
import { downtimeByCauseChart, errorBudgetChart } from './attributionCharts.js';
import { CHART_WIDTH, CONFIG, SCHEMA, paddedDomain, type Chart } from './chartBase.js';
import { faultKindChart } from './faultKindChart.js';
import { latencyBreakdownChart } from './latencyBreakdownChart.js';
import { designScale } from './palette.js';
import { utilizationChart } from './utilizationChart.js';
import { stackedBarsPerDesign } from './stackedBars.js';
import { burnChart } from './burnChart.js';
import { faultTimelineCharts } from './faultPicker.js';
import { regionAvailabilityChart } from './regionAvailability.js';

export type { Chart, ChartId } from './chartBase.js';

/**
 * The report's charts as vega-lite specs with their data inline, so each spec file can be reused
 * (vega-lite editor, notebooks) without fleetsim. A chart whose data does not exist (cost in results
 * written before fleetsim had a cost model, latency without the traffic model) is absent, with the reason, instead of faked.
 */

/** Quantiles at which a latency CDF is drawn: dense in the tail, where SLOs live. */
const CDF_QUANTILES: readonly number[] = [
  ...Array.from({ length: 19 }, (_, i) => 0.05 * (i + 1)),
  0.96, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999,
];

const clip01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * A design's downtime a month with its 95% interval clipped to what is possible: never below 0
 * minutes, never above a whole month (availability within [0, 100%]). Student-t intervals of a mean
 * near 100% can cross 100%; the mean itself is never moved.
 */
export function downtimeRow(d: DesignResult) {
  const a = d.availability;
  const mean = a.mean === null ? null : (1 - a.mean) * MONTH_MINUTES;
  const upperA = clip01(a.upper ?? a.mean ?? 1);
  const lowerA = clip01(a.lower ?? a.mean ?? 1);
  return {
    design: d.name,
    downtimeMin: mean,
    lowerMin: (1 - upperA) * MONTH_MINUTES,
    upperMin: (1 - lowerA) * MONTH_MINUTES,
    availabilityPct: a.mean === null ? null : a.mean * 100,
    lowerPct: lowerA * 100,
    upperPct: upperA * 100,
  };
}

/** The SLO's downtime allowance a month (its error budget), or null without an SLO. */
export function sloBudgetMinutes(r: Results): number | null {
  return r.scenario.slo ? (1 - r.scenario.slo.availabilityRatio) * MONTH_MINUTES : null;
}

export function availabilityChart(r: Results): Chart {
  const values = r.designs.map(downtimeRow);
  const proxy = r.designs.some((d) => d.availabilitySource === 'capacity') ? ' (capacity proxy)' : '';
  const budget = sloBudgetMinutes(r);
  const domain: [number, number] = [0, Math.max(1e-3, ...values.map((v) => v.upperMin), budget ?? 0) * 1.1];
  const x = { field: 'downtimeMin', type: 'quantitative', title: 'downtime, minutes per 730-h month (lower is better)', scale: { domain, nice: false, zero: true } } as const;
  const y = { field: 'design', type: 'nominal', title: null, sort: null, scale: { domain: values.map((v) => v.design) } } as const;
  const tooltip = [
    { field: 'design', title: 'design' },
    { field: 'downtimeMin', title: 'downtime min/month', format: '.2f' },
    { field: 'lowerMin', title: '95% CI from', format: '.2f' },
    { field: 'upperMin', title: '95% CI to', format: '.2f' },
    { field: 'availabilityPct', title: 'availability %', format: '.4f' },
  ];
  const layers: unknown[] = [
    { mark: { type: 'rule', strokeWidth: 3 }, encoding: { y, x: { ...x, field: 'lowerMin' }, x2: { field: 'upperMin' }, color: { field: 'design', type: 'nominal', scale: designScale(r), legend: null }, tooltip } },
    { mark: { type: 'point', filled: true, size: 110, stroke: 'white', strokeWidth: 1, opacity: 1 }, encoding: { y, x, color: { field: 'design', type: 'nominal', scale: designScale(r), legend: null }, tooltip } },
  ];
  if (budget !== null) {
    const slo = { budgetMin: budget, label: `SLO ${(r.scenario.slo!.availabilityRatio * 100).toFixed(3).replace(/0+$/, '').replace(/\.$/, '')}%: ${budget.toFixed(1)} min` };
    layers.push({ data: { values: [slo] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#b00', strokeWidth: 1.5 }, encoding: { x: { field: 'budgetMin', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'error budget' }] } });
    layers.push({ data: { values: [slo] }, mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 2, color: '#b00', fontSize: 11 }, encoding: { x: { field: 'budgetMin', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } });
  }
  return {
    id: 'availability',
    title: `Downtime per month, 95% CI${proxy}`,
    caption: `Downtime = (1 − availability) × 43,800 minutes; each bar is the 95% interval, clipped to what is possible (never below 0 minutes, never above 100% availability).${budget !== null ? ' Dashed red: the SLO\'s error budget, the most downtime a month it allows.' : ''}`,
    spec: {
      $schema: SCHEMA,
      title: `Downtime per month (95% CI)${proxy}`,
      width: CHART_WIDTH,
      height: Math.max(90, 34 * values.length),
      config: CONFIG,
      data: { values },
      layer: layers,
    } as TopLevelSpec,
    missingReason: null,
  };
}

/** A fraction q on the "nines" axis: 0.9 → 1, 0.99 → 2, 0.999 → 3; tails get the room the body gets on a linear axis. */
export const nines = (q: number) => -Math.log10(1 - q);
const NINES_TICKS = [nines(0.5), 1, 2, 3, 4];

export function latencyCdfChart(r: Results): Chart {
  const values: { design: string; userRegion: string; latencyMs: number; fraction: number; nines: number }[] = [];
  for (const d of r.designs) {
    for (const region of d.latency?.byUserRegion ?? []) {
      if (region.histogram === null) continue;
      const h = LogHistogram.from(region.histogram);
      for (const q of CDF_QUANTILES) values.push({ design: d.name, userRegion: region.name, latencyMs: h.quantile(q) * 1000, fraction: q, nines: nines(q) });
    }
  }
  if (values.length === 0) {
    return { id: 'latency-cdf', title: 'Latency CDF per user region', spec: null, missingReason: 'Latency is not measured: this build has no traffic model, so there is no latency distribution to draw.' };
  }
  const regions = [...new Set(values.map((v) => v.userRegion))];
  // SLO latency targets as a point (target, percentile) per region they apply to: a design's curve
  // must pass left of it (faster) to meet the target.
  const slo = (r.scenario.slo?.latency ?? []).flatMap((t) =>
    regions.filter((u) => t.userRegion === null || t.userRegion === u).map((u) => ({ userRegion: u, sloMs: t.maxS * 1000, sloNines: nines(t.percentile / 100), label: `SLO p${t.percentile} ≤ ${t.maxS * 1000} ms` })),
  );
  const allMs = [...values.map((v) => v.latencyMs), ...slo.map((x) => x.sloMs)].filter((x) => x > 0);
  const xDomain: [number, number] = [Math.min(...allMs) / 1.3, Math.max(...allMs) * 1.3];
  const x = { field: 'latencyMs', type: 'quantitative', title: 'latency, ms (log scale)', scale: { type: 'log', domain: xDomain, nice: false } } as const;
  const y = {
    field: 'nines',
    type: 'quantitative',
    title: 'share of requests ≤ latency',
    scale: { domain: [0, 4.2], nice: false },
    axis: { values: NINES_TICKS, labelExpr: "format(1 - pow(10, -datum.value), datum.value > 3.5 ? '.2%' : datum.value > 2.5 ? '.1%' : '.0%')" },
  } as const;
  const designsSeen = r.designs.map((d) => d.name);
  const layers: unknown[] = [
    {
      mark: { type: 'line', interpolate: 'monotone' },
      encoding: {
        x,
        y,
        // Earlier designs drawn wider: a later design's curve on top of an identical one leaves a rim of the first's colour.
        strokeWidth: { field: 'design', type: 'ordinal', sort: designsSeen, title: 'design', scale: { domain: designsSeen, range: strokeWidths(designsSeen.length) } },
        color: { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' },
        strokeDash: { field: 'design', type: 'nominal', title: 'design', scale: { domain: designsSeen, range: designsSeen.map((_, i) => DASHES[i % DASHES.length]) } },
        tooltip: [{ field: 'design' }, { field: 'userRegion', title: 'user region' }, { field: 'fraction', title: 'share', format: '.4f' }, { field: 'latencyMs', title: 'ms', format: '.1f' }],
      },
    },
    {
      // The p99 of each design marked on its curve: where overlapping curves part, if anywhere.
      transform: [{ filter: 'datum.fraction === 0.99' }],
      mark: { type: 'point', filled: true, size: 45 },
      encoding: { x, y, color: { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' }, shape: { field: 'design', type: 'nominal', title: 'design', scale: { domain: designsSeen } }, tooltip: [{ field: 'design' }, { field: 'userRegion', title: 'user region' }, { field: 'latencyMs', title: 'p99 ms', format: '.1f' }] },
    },
  ];
  if (slo.length > 0) {
    layers.push({ data: { values: slo }, mark: { type: 'rule', strokeDash: [5, 4], color: '#b00' }, encoding: { x: { field: 'sloMs', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'SLO' }] } });
    layers.push({ data: { values: slo }, mark: { type: 'point', shape: 'cross', size: 90, color: '#b00', filled: true }, encoding: { x: { field: 'sloMs', type: 'quantitative' }, y: { field: 'sloNines', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'SLO' }] } });
  }
  // One small chart per user region (vega-lite cannot facet layers with their own data, so the
  // regions are a concatenation of filtered layers).
  const perRegion = regions.map((u) => ({
    title: { text: `users in ${u}`, fontSize: 12 },
    width: 300,
    height: 210,
    layer: layers.map((l) => {
      const layer = l as { data?: { values: { userRegion: string }[] }; transform?: unknown[] };
      if (layer.data) return { ...layer, data: { values: layer.data.values.filter((v) => v.userRegion === u) } };
      return { ...layer, transform: [{ filter: { field: 'userRegion', equal: u } }, ...(layer.transform ?? [])] };
    }),
  }));
  return {
    id: 'latency-cdf',
    title: 'Latency CDF per user region',
    caption: `Share of successful requests answered within a latency, all replications pooled. The vertical axis is in "nines" (50%, 90%, 99%, 99.9%, 99.99% equally spaced) so the tail, where the SLO lives, is as visible as the median. Each design has its own colour, dash and width (earlier designs wider, so identical curves still show both colours); dots mark each design's p99.${slo.length > 0 ? ' Red cross and dashed line: the SLO latency target — a curve passing left of the cross meets it.' : ''}`,
    spec: { $schema: SCHEMA, title: 'Latency of successful requests, all replications pooled', config: CONFIG, data: { values }, concat: perRegion, columns: 2 } as TopLevelSpec,
    missingReason: null,
  };
}

/** Dash patterns per design: overlapping curves stay visible as distinct strokes. */
const DASHES: readonly number[][] = [[1, 0], [7, 3], [2, 2], [9, 3, 2, 3], [4, 4], [12, 4]];

export function faultTimelineChart(r: Results): Chart {
  const s = r.showcase;
  if (s === null) return { id: 'fault-timeline', title: 'Fault timeline', spec: null, missingReason: 'No fault started after warm-up in the replications: there is no fault to show.' };
  const values: { design: string; minutes: number; series: string; ratio: number }[] = [];
  for (const d of s.designs) {
    d.tS.forEach((t, k) => {
      values.push({ design: d.design, minutes: t / 60, series: 'ready capacity', ratio: d.readyCapacity[k] });
      const ok = d.successRatio?.[k];
      if (ok !== undefined && ok !== null) values.push({ design: d.design, minutes: t / 60, series: 'success ratio', ratio: ok });
    });
  }
  const p = s.plan;
  const faultMin = (p.endS - p.startS) / 60;
  const title = `${p.kind} fault on ${p.target} (replication ${p.replication}, ${p.source}): active for ${faultMin.toFixed(1)} min from minute 0 (shaded)`;
  const lineEncoding = {
    x: { field: 'minutes', type: 'quantitative', title: 'minutes since the fault started' },
    y: { field: 'ratio', type: 'quantitative', title: 'ratio', scale: { domain: [0, 1] } },
    color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['ready capacity', 'success ratio'], range: SERIES_COLOURS } },
    strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: ['ready capacity', 'success ratio'], range: [[1, 0], [6, 3]] } },
    tooltip: [{ field: 'design' }, { field: 'series' }, { field: 'minutes', title: 'minute', format: '.1f' }, { field: 'ratio', format: '.3f' }],
  };
  const windowEnd = Math.min(faultMin, Math.max(...values.map((v) => v.minutes)));
  return {
    id: 'fault-timeline',
    title: 'Fault timeline: ready capacity and success ratio',
    caption: `One fault replayed in every design: the ${p.kind} fault on ${p.target} in replication ${p.replication}, from the midnight before it. The shaded band is the time the fault itself was active (${faultMin.toFixed(1)} min); recovery — what the fault recovery table's "${p.kind}" row measures, over every ${p.kind} fault of every replication — runs from its start until every service has its required ready replicas again, so it can end after the band. results.json holds this one fault's timeline only.`,
    spec: {
      $schema: SCHEMA,
      title,
      config: CONFIG,
      data: { values },
      // An explicit order: vega-lite sorts facet rows by name otherwise, whatever sort: null says.
      facet: { row: { field: 'design', type: 'nominal', title: null, sort: s.designs.map((d) => d.design) } },
      spec: {
        width: CHART_WIDTH - 80,
        height: 130,
        layer: [
          {
            // One band per panel: the rows reduced to one before the rectangle is drawn.
            transform: [{ aggregate: [{ op: 'count', as: 'rows' }], groupby: ['design'] }, { calculate: '0', as: 'from' }, { calculate: String(windowEnd), as: 'to' }],
            mark: { type: 'rect', color: '#f1c0c0', opacity: 0.45 },
            encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } },
          },
          { mark: { type: 'line', interpolate: 'step-after' }, encoding: lineEncoding },
        ],
      },
    } as TopLevelSpec,
    missingReason: null,
  };
}

/** Series of the fault timeline: neutral inks, never a design's colour (the rows name the designs). */
const SERIES_COLOURS = ['#343a40', '#c08a00'];

const NO_COST = 'These results carry no cost (made before the cost model existed), so there is no cost chart.';

export function costBreakdownChart(r: Results): Chart {
  if (r.designs.some((d) => d.cost === null)) return { id: 'cost-breakdown', title: 'Cost per month by category', spec: null, missingReason: NO_COST };
  const values = r.designs.flatMap((d) => d.cost!.breakdown.map((b) => ({ design: d.name, category: b.category, monthlyUsd: b.monthlyUsd })));
  return {
    id: 'cost-breakdown',
    title: 'Cost per month by category',
    spec: stackedBarsPerDesign(r, {
      title: 'Cost per month (USD, month = 730 h)',
      values,
      valueField: 'monthlyUsd',
      valueTitle: 'USD per month',
      categoryField: 'category',
      categories: [...new Set(values.map((v) => v.category))],
      tooltip: [{ field: 'design' }, { field: 'category' }, { field: 'monthlyUsd', format: ',.2f' }],
    }),
    missingReason: null,
  };
}

export function costVsAvailabilityChart(r: Results): Chart {
  if (r.designs.some((d) => d.cost === null)) return { id: 'cost-vs-availability', title: 'Cost versus downtime', spec: null, missingReason: NO_COST };
  const values = r.designs.map((d) => {
    const c = d.cost!.monthlyUsd;
    return { ...downtimeRow(d), monthlyUsd: c.mean, costLowerUsd: c.lower ?? c.mean, costUpperUsd: c.upper ?? c.mean, labelBelow: false };
  });
  // In cost order, every other label goes below its point.
  [...values].sort((a, b) => (a.monthlyUsd ?? 0) - (b.monthlyUsd ?? 0)).forEach((v, i) => (v.labelBelow = i % 2 === 1));
  const xDomain = paddedDomain(values.flatMap((v) => [v.costLowerUsd ?? NaN, v.costUpperUsd ?? NaN]), { floor: 0 });
  const budget = sloBudgetMinutes(r);
  const yDomain: [number, number] = [0, Math.max(1e-3, ...values.map((v) => v.upperMin), budget ?? 0) * 1.12];
  const colour = { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' } as const;
  const tooltip = [{ field: 'design' }, { field: 'monthlyUsd', title: 'USD / month', format: ',.2f' }, { field: 'downtimeMin', title: 'downtime min/month', format: '.2f' }, { field: 'availabilityPct', title: 'availability %', format: '.4f' }];
  const x = { field: 'monthlyUsd', type: 'quantitative', title: 'USD per month (lower is better)', scale: { domain: xDomain, nice: false, zero: false } } as const;
  const y = { field: 'downtimeMin', type: 'quantitative', title: 'downtime min / month', scale: { domain: yDomain, nice: false, zero: true } } as const;
  const layers: unknown[] = [
    { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'lowerMin' }, y2: { field: 'upperMin' }, color: colour } },
    { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { ...x, field: 'costLowerUsd' }, x2: { field: 'costUpperUsd' }, y, color: colour } },
    { mark: { type: 'point', filled: true, size: 110, stroke: 'white', strokeWidth: 1, opacity: 1 }, encoding: { x, y, color: colour, tooltip } },
    // Labels alternate above and below their points: neighbours of near-equal cost and downtime stay readable.
    { transform: [{ filter: 'datum.labelBelow === false' }], mark: { type: 'text', align: 'left', dx: 8, dy: -9, fontSize: 11 }, encoding: { x, y, text: { field: 'design' }, color: { ...colour, legend: null } } },
    { transform: [{ filter: 'datum.labelBelow === true' }], mark: { type: 'text', align: 'left', dx: 8, dy: 12, fontSize: 11 }, encoding: { x, y, text: { field: 'design' }, color: { ...colour, legend: null } } },
  ];
  if (budget !== null) layers.push({ data: { values: [{ budgetMin: budget }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#b00' }, encoding: { y: { field: 'budgetMin', type: 'quantitative' } } });
  return {
    id: 'cost-vs-availability',
    title: 'Cost versus downtime',
    caption: `Bottom left is best: cheaper and less downtime. Lines are 95% intervals (downtime clipped at 0); axes span the data with some air, so a small difference looks small only when it is.${budget !== null ? ' Dashed red: the SLO\'s downtime budget.' : ''}`,
    spec: { $schema: SCHEMA, title: 'Cost versus downtime (95% CIs)', config: CONFIG, width: CHART_WIDTH, height: 300, data: { values }, layer: layers } as TopLevelSpec,
    missingReason: null,
  };
}

export function allCharts(r: Results): Chart[] {
  return [
    availabilityChart(r),
    regionAvailabilityChart(r),
    costVsAvailabilityChart(r),
    downtimeByCauseChart(r),
    faultKindChart(r),
    errorBudgetChart(r),
    burnChart(r),
    latencyCdfChart(r),
    latencyBreakdownChart(r),
    utilizationChart(r),
    // One per fault of the picker; the single showcase fault for results made before fault timelines.
    ...faultTimelineCharts(r, () => faultTimelineChart(r)),
    costBreakdownChart(r),
  ];
}

/**
 * The latency CDF's stroke widths, widest first. vega interpolates an ordinal scale of a continuous
 * channel over its range, and a one-value range gives NaN: one design gets its width twice.
 */
function strokeWidths(designs: number): number[] {
  const widths = Array.from({ length: designs }, (_, i) => Math.max(1.2, 5 - (3.5 * i) / Math.max(1, designs - 1)));
  return widths.length === 1 ? [widths[0], widths[0]] : widths;
}
