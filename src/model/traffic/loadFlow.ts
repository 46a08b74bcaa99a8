import type { RuntimeState } from '../runtime/state.js';
import type { DeadEndpoints } from './deadEndpoints.js';
import { AsyncQueues } from './asyncQueues.js';
import { PoolBacklogs } from './overload.js';
import { TrafficImpairments } from './impairments.js';
import type { FleetNetwork } from './network.js';
import { holdingTimes, MAX_HOLDING_PASSES } from './heldConcurrency.js';
import { poolState, type PoolState } from './pool.js';
import type { TrafficRates } from './rates.js';
import { poolRetryOutcome, type PoolRetryOutcome } from './retryModel.js';
import type { CallRoutes } from './routing.js';
import { callsSucceed, type ServiceModel } from './serviceModel.js';

/** Failed and misplaced requests per second that a flow found, summed in the order it visits pools. */
export interface LoadTally {
  deadEndpoint: number;
  shed: number;
  noReplica: number;
  /** Requests per second served outside their data's allowed regions. */
  residency: number;
  /** Requests per second a pool admitted and failed (a bad change, a brownout). */
  impaired: number;
  /** Requests per second that failed on a timeout (per try with nothing left to retry, or overall). */
  timeout: number;
}

export function emptyTally(): LoadTally {
  return { deadEndpoint: 0, shed: 0, noReplica: 0, residency: 0, impaired: 0, timeout: 0 };
}

/**
 * What a pool that receives no traffic in this evaluation looks like afterwards.
 * - 'reset': as its pods alone make it (no waits, its dead-endpoint share), so that evaluating a
 *   cluster is a function of its pods and entry traffic, which the per-cluster cache relies on.
 * - 'keepWaits': the fleet-wide (mesh) evaluation only zeroes its rates and dead-endpoint share and
 *   leaves its wait parameters as the last evaluation that sent it traffic left them; the latency
 *   fingerprint and Monte Carlo of a user region read them when its answer reaches the pool. Making
 *   it 'reset' would be more consistent but can move results, so it is kept as it always was.
 */
export type IdlePools = 'reset' | 'keepWaits';

/**
 * The one load-flow routine of the fluid model, for a set of clusters: offered load enters at the
 * entry services, each pool (a service's pods in a cluster) is a queue in steady state (pool.ts), and
 * what it admits flows on to its callees along the call routes, callers before callees. Then success
 * probabilities are computed callees first. The fleet-wide evaluation (a mesh can send calls
 * anywhere) runs it over all clusters at once; the per-cluster evaluation (calls stay local) runs it
 * over one cluster at a time. Sums run over services in callers-first order, then over the clusters
 * in the given order: each path keeps the summation order it has always had.
 */
export class LoadFlow {
  private readonly services: ServiceModel;
  private readonly network: FleetNetwork;
  private readonly state: RuntimeState;
  private readonly routes: CallRoutes;
  private readonly deadEndpoints: DeadEndpoints;
  private readonly rates: TrafficRates;
  private readonly impairments: TrafficImpairments;
  private readonly clusterCount: number;
  /** Per group (service × clusterCount + cluster): requests per second offered to the pool. */
  readonly offeredPerS: Float64Array;
  readonly pools: PoolState[];
  /** Per group: share of the pool's requests that dead-but-listed endpoints swallow. */
  readonly deadEndpointShare: Float64Array;
  /** Per group: probability that a request entering the pool succeeds, calls included. */
  readonly successRatio: Float64Array;
  /** Per cluster: its busiest pool's utilization in this evaluation. */
  readonly peakUtilization: Float64Array;
  /**
   * Per group, with retries only: probability that a request entering the pool ends with a
   * successful attempt there, its calls not counted (read by backward()).
   */
  private readonly retriedLocalSuccess: Float64Array;
  /**
   * Per group, with held concurrency only: how long an admitted request holds a server, its own
   * service time plus the time it waits on its calls (heldConcurrency.ts); the pool's queue serves
   * at 1 / this. Without held concurrency pools read the mean service time instead.
   */
  readonly holdingS: Float64Array;
  /** Per group, with held concurrency only: the offered load begin() put in (the passes restart from it). */
  private readonly entrySnapshot: Float64Array;
  /** The queues of asynchronous calls (asyncQueues.ts): what they deliver to the callees. */
  readonly asyncQueues: AsyncQueues;
  /** Backlogs of pools overloaded under a queueing shedding policy (overload.ts). */
  readonly poolBacklogs: PoolBacklogs;
  private readonly retryOutcome: PoolRetryOutcome = { amplification: 1, liveAmplification: 1, success: 1, deadEndpoint: 0, shed: 0, impaired: 0 };

  constructor(services: ServiceModel, network: FleetNetwork, state: RuntimeState, routes: CallRoutes, deadEndpoints: DeadEndpoints, rates: TrafficRates, impairments: TrafficImpairments = new TrafficImpairments(services.indexByName, network.clusterCount)) {
    this.services = services;
    this.network = network;
    this.state = state;
    this.routes = routes;
    this.deadEndpoints = deadEndpoints;
    this.rates = rates;
    this.impairments = impairments;
    this.clusterCount = network.clusterCount;
    const groups = services.serviceCount * this.clusterCount;
    this.offeredPerS = new Float64Array(groups);
    this.pools = Array.from({ length: groups }, () => ({ offeredPerS: 0, admittedPerS: 0, servers: 0, utilization: 0, pWait: 0, waitRatePerS: Infinity, extraLatencyS: 0 }));
    this.deadEndpointShare = new Float64Array(groups);
    this.successRatio = new Float64Array(groups);
    this.peakUtilization = new Float64Array(this.clusterCount);
    this.retriedLocalSuccess = new Float64Array(services.retry === undefined ? 0 : groups);
    this.holdingS = new Float64Array(services.heldConcurrency ? groups : 0);
    this.entrySnapshot = new Float64Array(services.heldConcurrency ? groups : 0);
    this.asyncQueues = new AsyncQueues(services, this.clusterCount);
    this.poolBacklogs = new PoolBacklogs();
  }

  /** Clear the clusters' loads and rates, and put the entry traffic (per group, requests/s) in. */
  begin(clusters: ArrayLike<number>, entryPerS: Float64Array, entryServices: readonly number[]): void {
    const { clusterCount, offeredPerS } = this;
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      for (let s = 0; s < this.services.serviceCount; s++) offeredPerS[s * clusterCount + c] = 0;
      for (const e of entryServices) offeredPerS[e * clusterCount + c] = entryPerS[e * clusterCount + c];
      this.clearRates(c);
    }
  }

  private clearRates(c: number): void {
    const rates = this.rates;
    rates.servedPerS[c] = 0;
    rates.logBytesPerS[c] = 0;
    rates.interZoneBytesPerS[c] = 0;
    rates.interRegionBytesPerS[c] = 0;
    rates.crossClusterBytesPerS[c] = 0;
    this.peakUtilization[c] = 0;
  }

  /**
   * Offered load, callers first: each pool's state, its failures (into `tally`), served requests,
   * log and call bytes, and what it sends its callees. `dataplaneUp` is per cluster (1 = up).
   * With held concurrency the pass is repeated: each one sets the holding times, callees first,
   * from the waits the last one found, until they settle (one pass per level of the call graph
   * without shedding); only the last pass counts.
   */
  forward(clusters: ArrayLike<number>, dataplaneUp: Uint8Array, tally: LoadTally, idlePools: IdlePools): void {
    if (!this.services.heldConcurrency) {
      this.pass(clusters, dataplaneUp, tally, idlePools);
      this.asyncQueues.settle(clusters, this.pools, this.offeredPerS);
      return;
    }
    const { clusterCount, offeredPerS, entrySnapshot, holdingS, services } = this;
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      for (let s = 0; s < services.serviceCount; s++) {
        entrySnapshot[s * clusterCount + c] = offeredPerS[s * clusterCount + c];
        // Start from the service times: an evaluation depends on its inputs only, not on the last one.
        holdingS[s * clusterCount + c] = services.meanServiceS[s];
      }
    }
    for (let i = 0; i < MAX_HOLDING_PASSES; i++) {
      this.pass(clusters, dataplaneUp, emptyTally(), idlePools);
      const settled = !holdingTimes(services, this.network, this.routes, this.pools, clusters, holdingS);
      for (let k = 0; k < clusters.length; k++) {
        const c = clusters[k];
        for (let s = 0; s < services.serviceCount; s++) offeredPerS[s * clusterCount + c] = entrySnapshot[s * clusterCount + c];
        this.clearRates(c);
      }
      if (settled) break;
    }
    this.pass(clusters, dataplaneUp, tally, idlePools);
    this.asyncQueues.settle(clusters, this.pools, this.offeredPerS);
  }

  private pass(clusters: ArrayLike<number>, dataplaneUp: Uint8Array, tally: LoadTally, idlePools: IdlePools): void {
    const { services, network, state, clusterCount, offeredPerS, rates, impairments } = this;
    const held = services.heldConcurrency;
    const order = services.callersFirst;
    for (let ti = 0; ti < order.length; ti++) {
      const s = order[ti];
      const calls = services.calls[s];
      for (let k = 0; k < clusters.length; k++) {
        const c = clusters[k];
        const group = s * clusterCount + c;
        const offered = offeredPerS[group];
        const pool = this.pools[group];
        const up = dataplaneUp[c] === 1;
        // Crash-looping pods of a bad change are not ready: they leave the pool (none in normal running).
        const servers = up ? impairments.servingPods(group, state.ready[group]) * services.serversPerPod[s] : 0;
        pool.extraLatencyS = impairments.extraLatencyS[group];
        if (offered <= 0 && idlePools === 'keepWaits') {
          pool.offeredPerS = 0;
          pool.admittedPerS = 0;
          pool.servers = servers;
          this.deadEndpointShare[group] = 0;
          continue;
        }
        const deadShare = up && state.lost[group] > 0 ? this.deadEndpoints.share(group) : 0;
        this.deadEndpointShare[group] = deadShare;
        // With retries the pool's load and failures follow its requests' attempts (retryingPool).
        const retrying = services.retry !== undefined;
        if (retrying) this.retryingPool(group, s, offered, deadShare, servers, tally);
        else poolState(offered * (1 - deadShare), servers, held ? this.holdingS[group] : services.meanServiceS[s], services.serviceTimeScv[s], pool);
        if (offered <= 0) continue;
        if (!retrying) {
          if (servers === 0) tally.noReplica += offered;
          else {
            tally.deadEndpoint += offered * deadShare;
            tally.shed += offered * (1 - deadShare) - pool.admittedPerS;
            tally.impaired += pool.admittedPerS * impairments.errorRatio[group];
          }
        }
        if (pool.utilization > this.peakUtilization[c]) this.peakUtilization[c] = pool.utilization;
        rates.servedPerS[c] += pool.admittedPerS;
        rates.logBytesPerS[c] += pool.admittedPerS * services.logBytesPerRequest[s];
        if (services.residencyAllowed[group] === 0) tally.residency += pool.admittedPerS;
        for (let j = 0; j < calls.length; j++) {
          const call = calls[j];
          const route = this.routes.routeOf(call.service, c);
          const callsPerS = pool.admittedPerS * call.callsPerRequest;
          const targets = route.clusters;
          for (let i = 0; i < targets.length; i++) {
            const to = targets[i];
            const toPerS = callsPerS * route.weights[i];
            // An async call's messages reach the callee as its queue delivers them (asyncQueues.ts).
            offeredPerS[call.service * clusterCount + to] += call.mode === 'async' ? this.asyncQueues.delivered(s, j, c, to, toPerS) : toPerS;
            if (to !== c && impairments.clientErrorRatio[c] > 0) tally.impaired += toPerS * impairments.clientErrorRatio[c];
            const bytesPerS = toPerS * call.bytesPerCall;
            if (to === c) rates.interZoneBytesPerS[c] += bytesPerS * (1 - 1 / network.zonesInCluster[c]);
            else {
              // Another cluster: the call leaves through an east-west gateway, whichever region it is in.
              rates.crossClusterBytesPerS[c] += bytesPerS;
              if (network.regionOfCluster[to] === network.regionOfCluster[c]) rates.interZoneBytesPerS[c] += bytesPerS;
              else rates.interRegionBytesPerS[c] += bytesPerS;
            }
          }
        }
      }
    }
  }

  /**
   * A pool whose requests are retried (to another endpoint of the pool, services.retry): its pods see
   * the attempts, offered × attempts per request × (1 − dead share); its failures are the requests'
   * final outcomes (retryModel.ts). The attempts per request follow from the retried share before
   * shedding is known; when the pool sheds and impaired attempts are retried, a second pass reads
   * the shed share of the first (the load is then approximate, the outcome probabilities exact).
   */
  private retryingPool(group: number, s: number, offered: number, deadShare: number, servers: number, tally: LoadTally): void {
    const { services, impairments } = this;
    const retry = services.retry!;
    const pool = this.pools[group];
    const out = this.retryOutcome;
    const error = impairments.errorRatio[group];
    const serviceS = services.heldConcurrency ? this.holdingS[group] : services.meanServiceS[s];
    // Endpoints listed: the ones a retry that avoids previous hosts chooses among.
    const listed = this.state.ready[group] + this.state.lost[group];
    poolRetryOutcome(retry, deadShare, 0, error, out, listed);
    poolState(offered * out.liveAmplification, servers, serviceS, services.serviceTimeScv[s], pool);
    let shedShare = pool.offeredPerS > 0 ? 1 - pool.admittedPerS / pool.offeredPerS : 0;
    if (shedShare > 0 && retry.retryImpaired && error > 0) {
      poolRetryOutcome(retry, deadShare, shedShare, error, out, listed);
      poolState(offered * out.liveAmplification, servers, serviceS, services.serviceTimeScv[s], pool);
      shedShare = pool.offeredPerS > 0 ? 1 - pool.admittedPerS / pool.offeredPerS : 0;
    }
    poolRetryOutcome(retry, deadShare, shedShare, error, out, listed);
    if (offered <= 0) return;
    if (servers === 0) {
      // No endpoint to retry to: every attempt fails alike.
      tally.noReplica += offered;
      this.retriedLocalSuccess[group] = 0;
      return;
    }
    this.retriedLocalSuccess[group] = out.success;
    tally.deadEndpoint += offered * out.deadEndpoint;
    tally.shed += offered * out.shed;
    tally.impaired += offered * out.impaired;
  }

  /**
   * Success probability of a request entering each pool, callees first: the pool's own (not a dead
   * endpoint, not shed) times, for each call, E[q^N] with q the route's delivered-and-succeeded share.
   */
  backward(clusters: ArrayLike<number>): void {
    const { services, network, clusterCount } = this;
    const errorRatio = this.impairments.errorRatio;
    const clientError = this.impairments.clientErrorRatio;
    const order = services.callersFirst;
    const success = this.successRatio;
    for (let ti = order.length - 1; ti >= 0; ti--) {
      const s = order[ti];
      const calls = services.calls[s];
      for (let k = 0; k < clusters.length; k++) {
        const c = clusters[k];
        const group = s * clusterCount + c;
        const pool = this.pools[group];
        if (pool.servers === 0) {
          success[group] = 0;
          continue;
        }
        let p: number;
        if (services.retry !== undefined) p = this.offeredPerS[group] > 0 ? this.retriedLocalSuccess[group] : this.idleRetriedSuccess(group);
        else {
          const offered = pool.offeredPerS;
          p = (1 - this.deadEndpointShare[group]) * (offered > 0 ? pool.admittedPerS / offered : 1);
          if (errorRatio[group] > 0) p *= 1 - errorRatio[group];
        }
        for (let j = 0; j < calls.length; j++) {
          const call = calls[j];
          if (call.mode === 'async') continue; // the caller does not wait for it: its outcome is not the request's
          const route = this.routes.routeOf(call.service, c);
          let q = 0;
          const targets = route.clusters;
          for (let t = 0; t < targets.length; t++) {
            const to = targets[t];
            const delivered = to !== c && clientError[c] > 0 ? network.deliveredRatio(c, to) * (1 - clientError[c]) : network.deliveredRatio(c, to);
            q += route.weights[t] * delivered * success[call.service * clusterCount + to];
          }
          p *= callsSucceed(q, call.callsPerRequest);
        }
        success[group] = p;
      }
    }
  }

  /** A pool that receives no traffic: what a request would meet there, retries included (nothing shed). */
  private idleRetriedSuccess(group: number): number {
    const listed = this.state.ready[group] + this.state.lost[group];
    return poolRetryOutcome(this.services.retry!, this.deadEndpointShare[group], 0, this.impairments.errorRatio[group], this.retryOutcome, listed).success;
  }
}
