import { toDistribution } from '../../scenario/distributions.js';
import type { LatencyTarget } from '../../scenario/types.js';
import type { SizingContext } from './context.js';
import { sizePool } from './poolSizing.js';
import { ms, needText, when } from './text.js';
import type { PoolNeed, WaitBudget } from './types.js';

/** Every pool's need, and per case, per workload service, the pods each cluster id needs. */
export interface PoolNeeds {
  readonly needs: readonly PoolNeed[];
  readonly pods: readonly (readonly Int32Array[])[];
  /** The need of (case, service, cluster id). */
  at(caseIndex: number, service: number, cluster: number): PoolNeed | undefined;
}

/** The largest arrival rate at pool group g over the candidate instants, and the first instant it happens. */
function peakOf(ctx: SizingContext, k: number, g: number): { peakPerS: number; peakAtS: number } {
  let peakPerS = 0;
  let peakAtS = ctx.times[0];
  ctx.times.forEach((t, ti) => {
    let lambda = 0;
    for (let u = 0; u < ctx.users.length; u++) lambda += ctx.demand[ti][u] * ctx.flows[k][u].perRequest[g];
    if (lambda > peakPerS) {
      peakPerS = lambda;
      peakAtS = t;
    }
  });
  return { peakPerS, peakAtS };
}

/** The p-th percentile of a service's own service time, seconds (cached: every pool asks). */
type ServiceQuantile = (service: string, percentile: number) => number;

function serviceQuantiles(ctx: SizingContext): ServiceQuantile {
  const cache = new Map<string, number>();
  return (service, percentile) => {
    const key = `${service}|${percentile}`;
    let q = cache.get(key);
    if (q === undefined) {
      q = toDistribution(ctx.services.find((s) => s.name === service)!.serviceTime).quantile(percentile / 100);
      cache.set(key, q);
    }
    return q;
  };
}

/**
 * Why a user region cannot meet a latency target whatever the size, or undefined. A request takes
 * at least the user's RTT plus the entry service's own service time, so the target's percentile of
 * latency is at least RTT + that percentile of the service time: a floor, not an estimate. And the
 * budget rule needs a positive slack (target − RTT − mean service and call time).
 */
function unreachable(ctx: SizingContext, ui: number, k: number, target: LatencyTarget, quantile: ServiceQuantile): string | undefined {
  const u = ctx.users[ui];
  const f = ctx.flows[k][ui];
  // Asked for every pool, user region and target: the text is made only for a region that fails.
  const p = () => `p${target.percentile} target of ${ms(target.maxS)}`;
  const floorS = f.userRttS + quantile(u.entryService, target.percentile);
  if (floorS >= target.maxS) return `users ${u.name} wait at least ${ms(floorS)} (RTT plus ${u.entryService}'s own p${target.percentile} service time), above the ${p()}`;
  const fixedS = f.userRttS + f.serviceS + f.networkS;
  if (fixedS >= target.maxS) return `users ${u.name} spend ${ms(fixedS)} in RTT, service and calls alone, above the ${p()}`;
  return undefined;
}

/**
 * Per SLO latency target, the tightest wait budget among the user regions whose requests reach pool
 * group g in case k: (target − user RTT − mean service and call time per request) / pool visits per
 * request. A region that cannot meet the target at any size gets no budget (reported once).
 */
function budgetsOf(ctx: SizingContext, k: number, g: number, reported: Set<string>, quantile: ServiceQuantile): WaitBudget[] {
  const budgets: WaitBudget[] = [];
  for (const target of ctx.scenario.run.slo?.latency ?? []) {
    let tightest: WaitBudget | undefined;
    ctx.users.forEach((u, ui) => {
      const f = ctx.flows[k][ui];
      if (f.perRequest[g] <= 0 || (target.userRegion !== undefined && target.userRegion !== u.name)) return;
      const fixedS = f.userRttS + f.serviceS + f.networkS;
      const slackS = target.maxS - fixedS;
      const why = unreachable(ctx, ui, k, target, quantile);
      if (why !== undefined) {
        const key = `${k}|${u.name}|${target.percentile}|${target.maxS}`;
        if (!reported.has(key)) {
          reported.add(key);
          ctx.problems.push(`${when(ctx.cases[k].label)}: ${why}; no size meets it (sized for utilization only)`);
        }
        return;
      }
      const b: WaitBudget = { percentile: target.percentile, targetS: target.maxS, userRegion: u.name, slackS, visitsPerRequest: f.visits, budgetS: slackS / f.visits };
      if (tightest === undefined || b.budgetS < tightest.budgetS) tightest = b;
    });
    if (tightest !== undefined) budgets.push(tightest);
  }
  return budgets;
}

/** Sizes every pool (service × cluster that runs it) in every case for its peak (docs/sizing.md, Replicas). */
export function poolNeeds(ctx: SizingContext): PoolNeeds {
  const C = ctx.fleet.clusters.length;
  const S = ctx.services.length;
  const needs: PoolNeed[] = [];
  const pods = ctx.cases.map(() => Array.from({ length: S }, () => new Int32Array(C)));
  const byKey = new Map<number, PoolNeed>();
  const reported = new Set<string>();
  const quantile = serviceQuantiles(ctx);
  ctx.cases.forEach((fc, k) => {
    for (let s = 0; s < S; s++) {
      const svc = ctx.services[s];
      for (let c = 0; c < C; c++) {
        if (ctx.ups[k][c] === 0 || ctx.shapes[k][s][c] <= 0) continue;
        const g = s * C + c;
        const peak = peakOf(ctx, k, g);
        // A server is held for the service time, or with held concurrency also for the synchronous calls (the same in every user's flow of a case).
        const holdingS = ctx.flows[k].length > 0 ? ctx.flows[k][0].holdingS[g] : ctx.parts.services.meanServiceS[s];
        const load = { peakPerS: peak.peakPerS, meanServiceS: holdingS, serviceTimeScv: ctx.parts.services.serviceTimeScv[s], concurrencyPerPod: svc.concurrencyPerPod };
        const size = sizePool(load, ctx.spec.headroomRatio, budgetsOf(ctx, k, g, reported, quantile), ctx.spec.minReplicasPerCluster);
        const facts = { service: svc.name, cluster: ctx.fleet.clusters[c].name, failure: fc.label, ...peak, headroomRatio: ctx.spec.headroomRatio, concurrency: svc.concurrencyPerPod };
        const need: PoolNeed = Object.freeze({ service: facts.service, cluster: facts.cluster, failure: facts.failure, ...peak, ...size, text: needText(facts, size) });
        needs.push(need);
        pods[k][s][c] = size.pods;
        byKey.set((k * S + s) * C + c, need);
      }
    }
  });
  return { needs, pods, at: (k, s, c) => byKey.get((k * S + s) * C + c) };
}
