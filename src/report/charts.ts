import type { TopLevelSpec } from 'vega-lite';
import { LogHistogram } from '../engine/stats/logHistogram.js';
import type { Results } from '../run/results.js';

/**
 * The report's charts as vega-lite specs with their data inline, so each spec file can be reused
 * (vega-lite editor, notebooks) without fleetsim. A chart whose data does not exist (cost in results
 * written before fleetsim had a cost model, latency without the traffic model) is absent, with the reason, instead of faked.
 */
export interface Chart {
  readonly id: 'availability' | 'latency-cdf' | 'fault-timeline' | 'cost-breakdown' | 'cost-vs-availability';
  readonly title: string;
  readonly spec: TopLevelSpec | null;
  /** Why the chart is missing (spec null). */
  readonly missingReason: string | null;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = { font: 'sans-serif', view: { stroke: '#ddd' }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } };
/** Quantiles at which a latency CDF is drawn: dense in the tail, where SLOs live. */
const CDF_QUANTILES: readonly number[] = [
  ...Array.from({ length: 19 }, (_, i) => 0.05 * (i + 1)),
  0.96, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999,
];

const pct = (x: number | null) => (x === null ? null : x * 100);

export function availabilityChart(r: Results): Chart {
  const values = r.designs.map((d) => ({
    design: d.name,
    availabilityPct: pct(d.availability.mean),
    lowerPct: pct(d.availability.lower ?? d.availability.mean),
    upperPct: pct(d.availability.upper ?? d.availability.mean),
  }));
  const proxy = r.designs.some((d) => d.availabilitySource === 'capacity') ? ' (capacity proxy)' : '';
  const target = r.scenario.slo ? r.scenario.slo.availabilityRatio * 100 : null;
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: { x: { field: 'design', type: 'nominal', title: 'design', sort: null, axis: { labelAngle: 0 } }, y: { field: 'lowerPct', type: 'quantitative', title: 'availability %', scale: { zero: false } }, y2: { field: 'upperPct' } },
    },
    {
      mark: { type: 'point', filled: true, size: 80 },
      encoding: {
        x: { field: 'design', type: 'nominal', sort: null },
        y: { field: 'availabilityPct', type: 'quantitative' },
        color: { field: 'design', type: 'nominal', sort: null, legend: null },
        tooltip: [{ field: 'design' }, { field: 'availabilityPct', format: '.5f' }, { field: 'lowerPct', format: '.5f' }, { field: 'upperPct', format: '.5f' }],
      },
    },
  ];
  if (target !== null) {
    layers.push({ data: { values: [{ targetPct: target }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#b00' }, encoding: { y: { field: 'targetPct', type: 'quantitative' } } });
  }
  return {
    id: 'availability',
    title: `Availability per design, 95% CI${proxy}`,
    spec: { $schema: SCHEMA, title: `Availability (95% CI)${proxy}${target !== null ? `; dashed: SLO ${target}%` : ''}`, width: Math.max(160, 90 * values.length), height: 240, config: CONFIG, data: { values }, layer: layers } as TopLevelSpec,
    missingReason: null,
  };
}

export function latencyCdfChart(r: Results): Chart {
  const values: { design: string; userRegion: string; latencyMs: number; fraction: number }[] = [];
  for (const d of r.designs) {
    for (const region of d.latency?.byUserRegion ?? []) {
      if (region.histogram === null) continue;
      const h = LogHistogram.from(region.histogram);
      for (const q of CDF_QUANTILES) values.push({ design: d.name, userRegion: region.name, latencyMs: h.quantile(q) * 1000, fraction: q });
    }
  }
  if (values.length === 0) {
    return { id: 'latency-cdf', title: 'Latency CDF per user region', spec: null, missingReason: 'Latency is not measured: this build has no traffic model, so there is no latency distribution to draw.' };
  }
  return {
    id: 'latency-cdf',
    title: 'Latency CDF per user region',
    spec: {
      $schema: SCHEMA,
      title: 'Latency of successful requests, all replications pooled',
      config: CONFIG,
      data: { values },
      facet: { column: { field: 'userRegion', type: 'nominal', title: 'user region' } },
      spec: {
        width: 260,
        height: 200,
        mark: { type: 'line', point: false, interpolate: 'monotone' },
        encoding: {
          x: { field: 'latencyMs', type: 'quantitative', title: 'latency (ms, log scale)', scale: { type: 'log' } },
          y: { field: 'fraction', type: 'quantitative', title: 'fraction of requests ≤ latency', scale: { domain: [0, 1] } },
          color: { field: 'design', type: 'nominal', sort: null },
          tooltip: [{ field: 'design' }, { field: 'userRegion' }, { field: 'latencyMs', format: '.1f' }, { field: 'fraction', format: '.4f' }],
        },
      },
    } as TopLevelSpec,
    missingReason: null,
  };
}

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
  const title = `${p.kind} outage of ${p.target} (replication ${p.replication}, ${p.source}) at minute 0, lasting ${((p.endS - p.startS) / 60).toFixed(1)} min`;
  return {
    id: 'fault-timeline',
    title: 'Fault timeline: ready capacity and success ratio',
    spec: {
      $schema: SCHEMA,
      title,
      config: CONFIG,
      data: { values },
      // An explicit order: vega-lite sorts facet rows by name otherwise, whatever sort: null says.
      facet: { row: { field: 'design', type: 'nominal', title: null, sort: s.designs.map((d) => d.design) } },
      spec: {
        width: 560,
        height: 130,
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'minutes', type: 'quantitative', title: 'minutes since the fault started' },
          y: { field: 'ratio', type: 'quantitative', title: 'ratio', scale: { domain: [0, 1] } },
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
    } as TopLevelSpec,
    missingReason: null,
  };
}

const NO_COST = 'These results carry no cost (made before the cost model existed), so there is no cost chart.';

export function costBreakdownChart(r: Results): Chart {
  if (r.designs.some((d) => d.cost === null)) return { id: 'cost-breakdown', title: 'Cost per month by category', spec: null, missingReason: NO_COST };
  const values = r.designs.flatMap((d) => d.cost!.breakdown.map((b) => ({ design: d.name, category: b.category, monthlyUsd: b.monthlyUsd })));
  return {
    id: 'cost-breakdown',
    title: 'Cost per month by category',
    spec: {
      $schema: SCHEMA,
      title: 'Cost per month (USD, month = 730 h)',
      config: CONFIG,
      width: Math.max(160, 90 * r.designs.length),
      height: 240,
      data: { values },
      mark: 'bar',
      encoding: {
        x: { field: 'design', type: 'nominal', sort: null },
        y: { field: 'monthlyUsd', type: 'quantitative', title: 'USD per month', stack: 'zero' },
        color: { field: 'category', type: 'nominal' },
        tooltip: [{ field: 'design' }, { field: 'category' }, { field: 'monthlyUsd', format: ',.2f' }],
      },
    } as TopLevelSpec,
    missingReason: null,
  };
}

export function costVsAvailabilityChart(r: Results): Chart {
  if (r.designs.some((d) => d.cost === null)) return { id: 'cost-vs-availability', title: 'Cost versus availability', spec: null, missingReason: NO_COST };
  const values = r.designs.map((d) => ({ design: d.name, monthlyUsd: d.cost!.monthlyUsd.mean, availabilityPct: pct(d.availability.mean), lowerPct: pct(d.availability.lower ?? d.availability.mean), upperPct: pct(d.availability.upper ?? d.availability.mean) }));
  return {
    id: 'cost-vs-availability',
    title: 'Cost versus availability',
    spec: {
      $schema: SCHEMA,
      title: 'Cost versus availability (95% CI on availability)',
      config: CONFIG,
      width: 360,
      height: 240,
      data: { values },
      layer: [
        { mark: 'rule', encoding: { x: { field: 'monthlyUsd', type: 'quantitative', title: 'USD per month', scale: { zero: false } }, y: { field: 'lowerPct', type: 'quantitative', title: 'availability %', scale: { zero: false } }, y2: { field: 'upperPct' } } },
        { mark: { type: 'point', filled: true, size: 80 }, encoding: { x: { field: 'monthlyUsd', type: 'quantitative' }, y: { field: 'availabilityPct', type: 'quantitative' }, color: { field: 'design', type: 'nominal', sort: null } } },
        { mark: { type: 'text', dy: -10 }, encoding: { x: { field: 'monthlyUsd', type: 'quantitative' }, y: { field: 'availabilityPct', type: 'quantitative' }, text: { field: 'design' } } },
      ],
    } as TopLevelSpec,
    missingReason: null,
  };
}

export function allCharts(r: Results): Chart[] {
  return [availabilityChart(r), latencyCdfChart(r), faultTimelineChart(r), costBreakdownChart(r), costVsAvailabilityChart(r)];
}
