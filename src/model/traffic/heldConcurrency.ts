import type { FleetNetwork } from './network.js';
import type { PoolState } from './pool.js';
import type { CallRoutes } from './routing.js';
import type { ServiceModel } from './serviceModel.js';

/**
 * Held concurrency: a synchronous handler keeps its slot (a thread, a worker, one unit of
 * concurrencyPerPod) while it waits on its downstream calls, so a pool's slots are held for
 *   H = own mean service time + added latency (an impairment's) + Σ over calls of callsPerRequest ×
 *       Σ over the route's clusters of weight × (RTT to the callee's cluster + the callee's mean wait + the callee's H),
 * and by Little's law its busy slots are (admitted rate) × H: slow or remote dependencies take
 * capacity. H of a pool needs its callees' H and waits, so it is computed callees first over the
 * pools of the last pass; the load flow repeats its pass with the new H until they settle.
 *
 * Approximations: a failed call is taken to last as long as a successful one (failures here are
 * mostly fast: dead endpoints, shedding, so this overstates H a little while they happen); the
 * waiting time of the pool keeps the service time's squared coefficient of variation.
 */

/** At most this many passes of the load flow (the call graph's depth plus one settles it without shedding). */
export const MAX_HOLDING_PASSES = 12;

/** Relative change below which a holding time has settled. */
const SETTLED = 1e-12;

/** Mean wait for a server at a pool: P(wait) × mean conditional wait. */
export function meanWaitS(pool: PoolState): number {
  return pool.pWait > 0 && Number.isFinite(pool.waitRatePerS) ? pool.pWait / pool.waitRatePerS : 0;
}

/**
 * Set `holdingS` (per group) of the clusters' pools, callees first, from the pools' current waits.
 * Returns whether any holding time moved.
 */
export function holdingTimes(services: ServiceModel, network: FleetNetwork, routes: CallRoutes, pools: readonly PoolState[], clusters: ArrayLike<number>, holdingS: Float64Array): boolean {
  const clusterCount = network.clusterCount;
  const order = services.callersFirst;
  let moved = false;
  for (let ti = order.length - 1; ti >= 0; ti--) {
    const s = order[ti];
    const calls = services.calls[s];
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      const group = s * clusterCount + c;
      let h = services.meanServiceS[s] + pools[group].extraLatencyS;
      for (let j = 0; j < calls.length; j++) {
        const call = calls[j];
        if (call.mode === 'async') continue; // not waited for
        const route = routes.routeOf(call.service, c);
        let perCallS = 0;
        for (let i = 0; i < route.clusters.length; i++) {
          const to = route.clusters[i];
          const callee = call.service * clusterCount + to;
          const pool = pools[callee];
          perCallS += route.weights[i] * (network.rttMs(c, to) / 1000 + meanWaitS(pool) + holdingS[callee]);
        }
        h += call.callsPerRequest * perCallS;
      }
      if (Math.abs(h - holdingS[group]) > SETTLED * h) moved = true;
      holdingS[group] = h;
    }
  }
  return moved;
}
