import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../run/results.js';
import { CHART_WIDTH, CONFIG, SCHEMA } from './chartBase.js';
import { categoryScale } from './palette.js';

/** One stacked bar per design (rows in design order), split into categories in muted colours. */
export interface StackedBarsInput {
  readonly title: string;
  /** Rows with `design`, the category field and the value field (and whatever the tooltip names). */
  readonly values: readonly Record<string, unknown>[];
  readonly valueField: string;
  readonly valueTitle: string;
  readonly categoryField: string;
  readonly categoryTitle?: string;
  /** The categories in stacking and legend order. */
  readonly categories: readonly string[];
  /** A numeric field giving each row's place in the stack (default: the data's order). */
  readonly orderField?: string;
  readonly tooltip: readonly Record<string, unknown>[];
}

/** The spec the cost breakdown and the downtime by cause share: a bar per design, stacked by category. */
export function stackedBarsPerDesign(r: Results, i: StackedBarsInput): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: i.title,
    config: CONFIG,
    width: CHART_WIDTH,
    height: Math.max(90, 34 * r.designs.length),
    data: { values: i.values },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      y: { field: 'design', type: 'nominal', title: null, sort: null, scale: { domain: r.designs.map((d) => d.name) } },
      x: { field: i.valueField, type: 'quantitative', title: i.valueTitle, stack: 'zero' },
      color: { field: i.categoryField, type: 'nominal', ...(i.categoryTitle !== undefined ? { title: i.categoryTitle } : {}), scale: categoryScale(i.categories), sort: [...i.categories] },
      ...(i.orderField !== undefined ? { order: { field: i.orderField, sort: 'ascending' } } : {}),
      tooltip: [...i.tooltip],
    },
  } as TopLevelSpec;
}
