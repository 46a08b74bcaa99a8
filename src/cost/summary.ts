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
  /** The clusters the design is billed for (the ones it can put pods on), fleet order. */
  readonly clusters: readonly string[];
  /**
   * Mean monthly cost per billed cluster and category; cluster null holds the provider-wide lines
   * (internet egress tiers, log ingestion). Sums to monthlyUsd.mean. Tells why two designs differ.
   */
  readonly byCluster: readonly ClusterCost[];
  readonly idle: { readonly unallocatedUsd: number; readonly allocatedUnusedUsd: number | null };
  readonly catalogAsOf: string;
}

export interface ClusterCost {
  readonly cluster: string | null;
  readonly monthlyUsd: number;
  readonly breakdown: readonly { readonly category: CostCategory; readonly monthlyUsd: number }[];
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
    clusters: billedClusters(costs[0]),
    byCluster: byCluster(costs),
    idle: {
      unallocatedUsd: mean(costs.map((c) => c.idle.unallocatedUsd)),
      allocatedUnusedUsd: unused.every((x): x is number => x !== null) ? mean(unused) : null,
    },
    catalogAsOf: costs[0].catalogVersion,
  };
}

/** Mean per cluster and category over replications, billed clusters first, provider-wide last. */
function byCluster(costs: readonly MonthlyCost[]): ClusterCost[] {
  const keys: (string | null)[] = [...billedClusters(costs[0])];
  if (costs.some((c) => c.lines.some((l) => l.cluster === null))) keys.push(null);
  return keys.map((cluster) => {
    const breakdown = COST_CATEGORIES.map((category) => ({
      category,
      monthlyUsd: mean(costs.map((c) => c.lines.reduce((a, l) => (l.cluster === cluster && l.category === category ? a + l.monthlyUsd : a), 0))),
    }));
    return { cluster, monthlyUsd: breakdown.reduce((a, b) => a + b.monthlyUsd, 0), breakdown };
  });
}

/** Bills from before designs owned their clusters carry no list: their lines name the clusters. */
function billedClusters(c: MonthlyCost): readonly string[] {
  return (c.clusters as readonly string[] | undefined) ?? [...new Set(c.lines.flatMap((l) => (l.cluster === null ? [] : [l.cluster])))];
}
