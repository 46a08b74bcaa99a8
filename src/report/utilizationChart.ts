import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../run/results.js';
import { CHART_WIDTH, CONFIG, SCHEMA, type Chart } from './chartBase.js';
import { designScale } from './palette.js';

/**
 * Peak utilization per cluster and design (designs[].traffic.peakUtilization): the busiest moment of
 * each replication (mean over replications with its 95% interval, clipped at 0) and the busiest of
 * any replication. Headroom is what the busiest moment left: 1 − max.
 */
export function utilizationRows(r: Results) {
  return r.designs.flatMap((d) =>
    (d.traffic?.peakUtilization ?? []).map((u) => ({
      design: d.name,
      cluster: u.cluster,
      meanPct: (u.mean.mean ?? 0) * 100,
      lowerPct: Math.max(0, u.mean.lower ?? u.mean.mean ?? 0) * 100,
      // Every replication's peak is at most the highest one: their mean cannot be above it either.
      upperPct: Math.min(u.max, Math.max(0, u.mean.upper ?? u.mean.mean ?? 0)) * 100,
      maxPct: u.max * 100,
      headroomPct: (1 - u.max) * 100,
    })),
  );
}

export function utilizationChart(r: Results): Chart {
  const values = utilizationRows(r);
  if (values.length === 0) return { id: 'utilization', title: 'Utilization and headroom per cluster', spec: null, missingReason: 'These results have no traffic model, so no cluster utilization was measured.' };
  const clusters = [...new Set(values.map((v) => v.cluster))];
  const designs = r.designs.map((d) => d.name).filter((d) => values.some((v) => v.design === d));
  const top = Math.max(100, ...values.map((v) => Math.max(v.upperPct, v.maxPct))) * 1.05;
  const y = { field: 'cluster', type: 'nominal', title: null, sort: clusters, scale: { domain: clusters } } as const;
  const yOffset = { field: 'design', type: 'nominal', sort: designs, scale: { domain: designs } } as const;
  const colour = { field: 'design', type: 'nominal', scale: designScale(r), title: 'design' } as const;
  const tooltip = [
    { field: 'cluster' },
    { field: 'design' },
    { field: 'meanPct', title: 'peak utilization % (mean)', format: '.1f' },
    { field: 'lowerPct', title: '95% CI from', format: '.1f' },
    { field: 'upperPct', title: '95% CI to', format: '.1f' },
    { field: 'maxPct', title: 'highest peak %', format: '.1f' },
    { field: 'headroomPct', title: 'headroom at the highest peak %', format: '.1f' },
  ];
  const x = { field: 'meanPct', type: 'quantitative', title: 'peak utilization, % of capacity', scale: { domain: [0, top], nice: false } } as const;
  return {
    id: 'utilization',
    title: 'Utilization and headroom per cluster',
    caption: 'Bars: each replication\'s busiest moment per cluster, averaged over replications, with its 95% interval (clipped to what is possible: between 0 and the highest peak). Black tick: the busiest moment of any replication; the gap from it to the dashed 100% line is the headroom that was left. A cluster a design does not use is absent for it.',
    spec: {
      $schema: SCHEMA,
      title: 'Peak utilization per cluster (95% CI; tick: highest of any replication)',
      config: CONFIG,
      width: CHART_WIDTH,
      height: { step: 16 } as unknown as number,
      data: { values },
      layer: [
        { mark: { type: 'bar', opacity: 0.8 }, encoding: { y, yOffset, x, color: colour, tooltip } },
        { mark: { type: 'rule', color: '#222' }, encoding: { y, yOffset, x: { ...x, field: 'lowerPct' }, x2: { field: 'upperPct' } } },
        { mark: { type: 'tick', color: '#000', thickness: 2 }, encoding: { y, yOffset, x: { ...x, field: 'maxPct' }, tooltip } },
        { data: { values: [{ full: 100 }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#b00' }, encoding: { x: { field: 'full', type: 'quantitative' } } },
      ],
    } as TopLevelSpec,
    missingReason: null,
  };
}
