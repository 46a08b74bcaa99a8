import type { FleetView } from './fleetView.js';
import type { ReadRoute, StoreTimes } from './routes.js';
import { clientReaches, type StoreState } from './storeState.js';

/**
 * Hit ratio of a cache member `sinceS` seconds after it came back empty (docs/state.md, "Caches"):
 * hitRatio × (1 − e^(−t/warmup)). A member never lost is warm (sinceS = +Infinity).
 */
export function warmHitRatio(hitRatio: number, warmupS: number, sinceS: number): number {
  if (!(sinceS < Number.POSITIVE_INFINITY)) return hitRatio;
  if (!(warmupS > 0)) return hitRatio;
  return hitRatio * (1 - Math.exp(-Math.max(0, sinceS) / warmupS));
}

/** The cache member a client in `cluster` uses: its own cluster's (perCluster), else the nearest that runs and is reachable; −1: none. */
export function cacheMemberFor(st: StoreState, view: FleetView, cluster: number): number {
  const members = st.layout.members;
  if (st.layout.placement.perCluster) {
    const m = members.findIndex((x) => x.cluster === cluster);
    return m >= 0 && st.up[m] === 1 ? m : -1;
  }
  let best = -1;
  let bestRtt = Number.POSITIVE_INFINITY;
  for (let m = 0; m < members.length; m++) {
    if (!clientReaches(st, view, cluster, m)) continue;
    const r = view.clusterRttS(cluster, members[m].zone);
    if (r < bestRtt) (bestRtt = r), (best = m);
  }
  return best;
}

/**
 * A read through the cache: a hit costs the round trip to the cache member and its read; a miss
 * adds a read of the backing store (`backing`: that read's route from the same client). Without a
 * cache member every read goes to the backing store.
 */
export function cacheReadRoute(st: StoreState, view: FleetView, cluster: number, times: StoreTimes, backing: ReadRoute, nowS: number): ReadRoute {
  const cache = st.layout.spec.cache;
  const m = cacheMemberFor(st, view, cluster);
  if (cache === undefined || m < 0) return backing;
  const hit = warmHitRatio(cache.hitRatio, cache.warmupS, nowS - st.refillAtS[m]);
  const own = view.clusterRttS(cluster, st.layout.members[m].zone) + times.readMeanS;
  const missFail = (1 - hit) * backing.failShare;
  // Mean over the reads that succeed: hits, and misses the backing store answers.
  const okShare = 1 - missFail;
  const missOk = (1 - hit) * (1 - backing.failShare);
  const latencyS = okShare > 0 ? own + (missOk > 0 ? (missOk * backing.latencyS) / okShare : 0) : Number.NaN;
  return { failShare: missFail, latencyS, member: -1 };
}

/** Whether some member of the cache is still refilling (so its effect keeps changing): within 5 warm-up times of its return. */
export function cacheWarming(st: StoreState, nowS: number): boolean {
  const cache = st.layout.spec.cache;
  if (cache === undefined || !(cache.warmupS > 0)) return false;
  for (let m = 0; m < st.refillAtS.length; m++) if (st.up[m] === 1 && nowS - st.refillAtS[m] < 5 * cache.warmupS) return true;
  return false;
}
