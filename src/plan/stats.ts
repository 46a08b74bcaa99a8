import { COST_CATEGORIES, interval, type CostCategory, type CostInterval } from '../cost/index.js';
import { minRequestsToShow } from '../run/verdict.js';
import type { Sample } from './evaluate.js';
import type { PlanSpec } from './spec.js';

export type PointStatus = 'met' | 'not met' | 'uncertain' | 'invalid';

/** One point's estimates over its replications so far, and its standing against the SLO. */
export interface PointStats {
  readonly n: number;
  readonly status: PointStatus;
  readonly invalid: string | null;
  readonly availability: CostInterval;
  readonly latencyS: readonly CostInterval[];
  readonly monthlyUsd: CostInterval;
  readonly byCategory: Readonly<Record<CostCategory, number>> | null;
  readonly perMillionRequestsUsd: number | null;
  /** Why it misses (empty when met): "availability ≤ 99.912% (upper bound) < 99.95%". */
  readonly misses: readonly string[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
const ms = (x: number) => `${(x * 1000).toFixed(1)} ms`;

/**
 * Met at 95% confidence: the availability interval's lower end is at or above the target and every
 * latency interval's upper end at or below its bound. Not met: some interval lies wholly on the
 * wrong side. Anything else is uncertain (more replications would tell).
 */
export function pointStats(samples: readonly Sample[], invalid: string | null, slo: PlanSpec['slo']): PointStats {
  const empty = interval([]);
  if (invalid !== null) return { n: 0, status: 'invalid', invalid, availability: empty, latencyS: [], monthlyUsd: empty, byCategory: null, perMillionRequestsUsd: null, misses: [invalid] };
  const n = samples.length;
  const availability = interval(samples.map((s) => s.availability));
  const monthlyUsd = interval(samples.map((s) => s.monthlyUsd));
  const misses: string[] = [];
  let fail = false;
  let unsure = n < 2;
  const target = slo.availabilityRatio;
  if (availability.upper !== null && availability.upper < target) {
    fail = true;
    misses.push(`availability ≤ ${pct(availability.upper)} (upper bound) < ${pct(target)}`);
  } else if (availability.lower === null || availability.lower < target) {
    unsure = true;
    if (availability.lower !== null) misses.push(`availability lower bound ${pct(availability.lower)} < ${pct(target)}`);
  }
  // A window too short to carry enough requests cannot show the target, however clean: a 1 ns horizon
  // once came out as "met".
  const requests = samples.every((s) => s.requests !== undefined) ? samples.reduce((a, s) => a + s.requests!, 0) : null;
  if (!fail && n > 0 && requests !== null && requests < minRequestsToShow(target)) {
    unsure = true;
    misses.push(`${Math.round(requests)} requests measured: too few to show ${pct(target)} at 95% confidence (at least ${Math.ceil(minRequestsToShow(target))}); lengthen the horizon`);
  }
  const latencyS = slo.latency.map((l, j) => {
    const xs = samples.map((s) => s.latencyS[j]);
    const what = `p${l.percentile}${l.userRegion !== undefined ? ` ${l.userRegion}` : ''}`;
    if (xs.some((x) => x === null)) {
      fail = true;
      misses.push(`${what}: no successful request in some replication`);
      return interval([]);
    }
    const ci = interval(xs as number[]);
    if (ci.lower !== null && ci.lower > l.maxS) {
      fail = true;
      misses.push(`${what} ≥ ${ms(ci.lower)} (lower bound) > ${ms(l.maxS)}`);
    } else if (ci.upper === null || ci.upper > l.maxS) {
      unsure = true;
      if (ci.upper !== null) misses.push(`${what} upper bound ${ms(ci.upper)} > ${ms(l.maxS)}`);
    }
    return ci;
  });
  const perM = samples.map((s) => s.perMillionRequestsUsd);
  return {
    n,
    status: fail ? 'not met' : unsure ? 'uncertain' : 'met',
    invalid: null,
    availability,
    latencyS,
    monthlyUsd,
    byCategory: n > 0 ? (Object.fromEntries(COST_CATEGORIES.map((k) => [k, mean(samples.map((s) => s.byCategory[k]))])) as Record<CostCategory, number>) : null,
    perMillionRequestsUsd: n > 0 && perM.every((x): x is number => x !== null) ? mean(perM) : null,
    misses: fail || unsure ? misses : [],
  };
}

/**
 * Cost–availability Pareto frontier: points no other point beats on both (cheaper or equal and at
 * least as available, one of them strictly). Sorted by cost.
 */
export function paretoFrontier<T extends { readonly costUsd: number; readonly availability: number }>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => a.costUsd - b.costUsd || b.availability - a.availability);
  const out: T[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const p of sorted) {
    if (p.availability > best) {
      out.push(p);
      best = p.availability;
    }
  }
  return out;
}
