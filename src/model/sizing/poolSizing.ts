import { MAX_UTILIZATION, poolState, type PoolState } from '../traffic/pool.js';
import type { PodConstraint, PoolSize, WaitBudget } from './types.js';

export interface PoolLoad {
  readonly peakPerS: number;
  readonly meanServiceS: number;
  /** Squared coefficient of variation of the service time (1: exponential). */
  readonly serviceTimeScv: number;
  readonly concurrencyPerPod: number;
}

export type { PoolSize } from './types.js';

/** Highest utilization a sized pool may run at: the headroom's, but never where the pool model sheds. */
export function utilizationCap(headroomRatio: number): number {
  return Math.min(1 - headroomRatio, MAX_UTILIZATION);
}

/**
 * The waiting time at `percentile` (99 = p99) of the pool as the fluid model sees it (pool.ts): an
 * arrival waits with the Erlang-C probability C(c, λ/μ), and then an exponential time at rate
 * (cμ − λ)·2/(1 + cs²) (exactly M/M/c for exponential service; Allen–Cunneen otherwise). So
 * P(W > t) = C·e^(−rate·t), and the quantile is 0 when C ≤ 1 − q, else ln(C / (1 − q)) / rate.
 */
export function waitQuantileS(load: PoolLoad, servers: number, percentile: number, scratch?: PoolState): number {
  const p = poolState(load.peakPerS, servers, load.meanServiceS, load.serviceTimeScv, scratch ?? { offeredPerS: 0, admittedPerS: 0, servers: 0, utilization: 0, pWait: 0, waitRatePerS: 0, extraLatencyS: 0 });
  const tail = 1 - percentile / 100;
  if (p.pWait <= tail) return 0;
  return Math.log(p.pWait / tail) / p.waitRatePerS;
}

/** Smallest c ≥ from with ok(c), for ok monotone (false … false true …): doubling, then bisection. */
function smallestOk(from: number, ok: (c: number) => boolean): number {
  if (ok(from)) return from;
  let lo = from;
  let step = 1;
  while (!ok(from + step)) {
    lo = from + step;
    step *= 2;
  }
  let hi = from + step;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The fewest servers (then pods = ⌈servers / concurrency⌉) for a pool's peak: (a) utilization
 * ρ = λ·E[S] / c ≤ utilizationCap(headroom); (b) for every latency budget, the wait at its percentile
 * ≤ its budget (monotone in c, so the smallest c meeting all is found budget by budget). The binding
 * constraint is the one that set the final c; `minPods` (the design's fewest pods per cluster) binds
 * when it asks for more pods than both, and always when no load arrives.
 */
export function sizePool(load: PoolLoad, headroomRatio: number, budgets: readonly WaitBudget[], minPods = 1): PoolSize {
  if (!(load.peakPerS > 0)) return { servers: 0, pods: Math.max(1, minPods), constraint: 'minimum', utilization: 0, waitS: 0, budget: undefined };
  const cap = utilizationCap(headroomRatio);
  const offered = load.peakPerS * load.meanServiceS;
  let servers = Math.max(1, Math.ceil(offered / cap));
  // Float division may land a hair off an exact ratio: settle the boundary by the comparison itself.
  while (offered / servers > cap) servers++;
  while (servers > 1 && offered / (servers - 1) <= cap) servers--;
  let constraint: PodConstraint = 'utilization';
  let binding: WaitBudget | undefined;
  const scratch: PoolState = { offeredPerS: 0, admittedPerS: 0, servers: 0, utilization: 0, pWait: 0, waitRatePerS: 0, extraLatencyS: 0 };
  for (const b of budgets) {
    const need = smallestOk(servers, (c) => waitQuantileS(load, c, b.percentile, scratch) <= b.budgetS);
    if (need > servers) {
      servers = need;
      constraint = 'latency';
      binding = b;
    }
  }
  let pods = Math.ceil(servers / load.concurrencyPerPod);
  if (pods < minPods) {
    pods = minPods;
    constraint = 'minimum';
  }
  const shown = binding ?? tightest(budgets);
  const podServers = pods * load.concurrencyPerPod;
  return {
    servers,
    pods,
    constraint,
    utilization: offered / podServers,
    waitS: shown ? waitQuantileS(load, podServers, shown.percentile, scratch) : 0,
    budget: shown,
  };
}

function tightest(budgets: readonly WaitBudget[]): WaitBudget | undefined {
  let best: WaitBudget | undefined;
  for (const b of budgets) if (best === undefined || b.budgetS < best.budgetS) best = b;
  return best;
}
