import { meanConfidence } from '../engine/stats/confidence.js';
import { COST_CATEGORIES, type CostCategory, type MonthlyCost } from './model.js';

/** A mean over replications with its 95% interval; nulls where it cannot be told (JSON-safe). */
export interface CostInterval {
  readonly n: number;
  readonly mean: number | null;
  readonly halfWidth: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** One design's cost over replications: the shape of results.json's `cost` slot. */
export interface CostSummary {
  readonly monthlyUsd: CostInterval;
  readonly perMillionRequestsUsd: CostInterval | null;
  readonly breakdown: readonly { readonly category: CostCategory; readonly monthlyUsd: number }[];
  readonly idle: { readonly unallocatedUsd: number; readonly allocatedUnusedUsd: number | null };
  readonly catalogAsOf: string;
}

export function interval(values: readonly number[]): CostInterval {
  const ci = meanConfidence(values);
  const f = (x: number) => (Number.isFinite(x) ? x : null);
  return { n: ci.n, mean: f(ci.mean), halfWidth: f(ci.halfWidth), lower: f(ci.lower), upper: f(ci.upper) };
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, x) => a + x, 0) / xs.length);

/** Aggregates one design's per-replication costs (same design, same catalog). */
export function summarizeCosts(costs: readonly MonthlyCost[]): CostSummary {
  if (costs.length === 0) throw new RangeError('no costs to summarize');
  // interval() turns a non-finite mean into null (printed $0.00) while the breakdown keeps its sums.
  const bad = costs.find((c) => !Number.isFinite(c.totalUsd));
  if (bad !== undefined) throw new RangeError(`design "${bad.design}": the monthly cost is not a finite amount ($${bad.totalUsd})`);
  const perMillion = costs.map((c) => c.perMillionRequestsUsd);
  const unused = costs.map((c) => c.idle.allocatedUnusedUsd);
  return {
    monthlyUsd: interval(costs.map((c) => c.totalUsd)),
    perMillionRequestsUsd: perMillion.every((x): x is number => x !== null) ? interval(perMillion) : null,
    breakdown: COST_CATEGORIES.map((category) => ({ category, monthlyUsd: mean(costs.map((c) => c.byCategory[category])) })),
    idle: {
      unallocatedUsd: mean(costs.map((c) => c.idle.unallocatedUsd)),
      allocatedUnusedUsd: unused.every((x): x is number => x !== null) ? mean(unused) : null,
    },
    catalogAsOf: costs[0].catalogVersion,
  };
}
