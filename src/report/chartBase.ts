import type { TopLevelSpec } from 'vega-lite';

/**
 * What every chart of the report shares: the spec's schema and look, and the Chart record. A chart
 * whose data does not exist is absent with the reason, never faked.
 */
export type ChartId =
  | 'fleet-map'
  | 'availability'
  | 'cost-vs-availability'
  | 'downtime-by-cause'
  | 'fault-kinds'
  | 'error-budget'
  | 'latency-cdf'
  | 'latency-breakdown'
  | 'utilization'
  | 'fault-timeline'
  | `fault-timeline-${number}`
  | 'region-availability'
  | 'error-budget-burn'
  | 'cost-breakdown';

export interface Chart {
  readonly id: ChartId;
  readonly title: string;
  readonly spec: TopLevelSpec | null;
  /** Why the chart is missing (spec null). */
  readonly missingReason: string | null;
  /** What the chart shows and how to read it, under the chart. */
  readonly caption?: string;
}

/** Plot width in px: the page scales SVGs down on narrow screens, never up. */
export const CHART_WIDTH = 640;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const CONFIG = {
  font: 'sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom', direction: 'horizontal', columns: 4 },
  title: { anchor: 'start', fontSize: 13 },
};

/** A domain that holds every value with some air, never one that spans a rounding error. */
export function paddedDomain(values: readonly number[], opts: { floor?: number; ceiling?: number; minSpanRatio?: number } = {}): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [opts.floor ?? 0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  // A span below a few percent of the values (equal costs) is noise: widen it to that.
  const minSpan = Math.max(Math.abs(hi), Math.abs(lo), 1e-9) * (opts.minSpanRatio ?? 0.1);
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pad = (hi - lo) * 0.12;
  lo -= pad;
  hi += pad;
  if (opts.floor !== undefined) lo = Math.max(opts.floor, lo);
  if (opts.ceiling !== undefined) hi = Math.min(opts.ceiling, hi);
  return [lo, hi];
}
