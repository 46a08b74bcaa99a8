import type { ErrorBudgetBurnResult } from './results.js';
import { interval } from './intervals.js';
import type { TrafficSummary } from './types.js';

/** Six significant digits: the intervals' widths are far larger, and results.json stays small. */
const sig6 = (x: number) => (x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(6)));

/**
 * The error budget's burn over the horizon: per step, the cumulative failed requests up to its end
 * over the replication's whole budget ((1 − SLO) × its requests), so the last point is the
 * replication's errorBudgetUsedRatio; mean and 95% interval over replications per step. null
 * without an SLO, or when a summary has no burn (made before fleetsim kept one) or the steps differ.
 */
export function errorBudgetBurn(traffic: readonly TrafficSummary[], sloAvailability: number | null): ErrorBudgetBurnResult | null {
  if (sloAvailability === null || traffic.length === 0 || traffic.some((t) => t.burn === undefined)) return null;
  const first = traffic[0].burn!;
  if (traffic.some((t) => t.burn!.stepS !== first.stepS || t.burn!.failed.length !== first.failed.length)) return null;
  const used = traffic.map((t) => {
    const budget = (1 - sloAvailability) * t.requests;
    let cum = 0;
    return t.burn!.failed.map((f) => {
      cum += f;
      return budget > 0 ? cum / budget : 0;
    });
  });
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  first.failed.forEach((_, k) => {
    const i = interval(used.map((u) => u[k]));
    mean.push(sig6(i.mean ?? 0));
    lower.push(sig6(i.lower ?? i.mean ?? 0));
    upper.push(sig6(i.upper ?? i.mean ?? 0));
  });
  return { stepS: first.stepS, endS: [...first.endS], n: traffic.length, mean, lower, upper };
}
