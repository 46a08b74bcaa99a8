import { TrafficImpairments } from './impairments.js';
import type { PoolState } from './pool.js';
import type { FleetNetwork } from './network.js';
import { pickCluster, type CallRoutes, type Route } from './routing.js';
import type { ServiceModel } from './serviceModel.js';

/** Draws per estimate (each with its own fixed seed) and quantile points kept of each. */
export const LATENCY_SAMPLES = 8192;
export const LATENCY_POINTS = 256;

export interface LatencyResult {
  /** Unique per replication: the ledger keys accumulated weights by it. */
  readonly id: number;
  /** Quantile points of the latency of successful requests, seconds, ascending. */
  readonly points: Float64Array;
  readonly meanS: number;
}

/** Where the sampled requests start. */
export type RequestOrigin =
  /** Server-side latency of requests entering one cluster: no draw for the cluster, no user RTT. */
  | { readonly kind: 'cluster'; readonly cluster: number }
  /** A user region's requests: each draw picks a cluster of its answer and adds the user's RTT to it. */
  | { readonly kind: 'userRegion'; readonly userRegion: number; readonly answer: Route };

/** mulberry32: seeded per sample from a named stream, allocation-free (module state: one sampler runs at a time). */
let rngState = 1;
function rand(): number {
  rngState = (rngState + 0x6d2b79f5) | 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
}

/** Per-sample seeds for a Monte Carlo, drawn once from a named stream (same draws for every state and design). */
export function sampleSeeds(next: () => number): Uint32Array {
  return Uint32Array.from({ length: LATENCY_SAMPLES }, () => (next() * 0x100000000) >>> 0 || 1);
}

/**
 * The one latency Monte Carlo of the fluid model: end-to-end latency of requests through the call
 * tree under the pools' current waits and the current call routes. Each draw is one request: the
 * entry pool's service time and wait (exponential, with probability P(wait)), then each call (N = ⌊n⌋
 * plus one with probability n − ⌊n⌋) made one after another, each paying the RTT to the callee's
 * cluster and the callee's own latency, recursively.
 */
export class LatencyMonteCarlo {
  private readonly services: ServiceModel;
  private readonly network: FleetNetwork;
  private readonly pools: readonly PoolState[];
  private readonly routes: CallRoutes;
  private readonly clusterCount: number;
  private readonly impairments: TrafficImpairments;
  private readonly samplesS = new Float64Array(LATENCY_SAMPLES);

  constructor(services: ServiceModel, network: FleetNetwork, pools: readonly PoolState[], routes: CallRoutes, impairments: TrafficImpairments = new TrafficImpairments(services.indexByName, network.clusterCount)) {
    this.services = services;
    this.impairments = impairments;
    this.network = network;
    this.pools = pools;
    this.routes = routes;
    this.clusterCount = network.clusterCount;
  }

  /** Quantile points and mean of the latency of requests entering `entryService` from `origin`; null when no draw reaches a cluster. */
  run(seeds: Uint32Array, entryService: number, origin: RequestOrigin): { points: Float64Array; meanS: number } | null {
    const samples = this.samplesS;
    let n = 0;
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      rngState = seeds[i];
      if (origin.kind === 'cluster') samples[n++] = this.sampleStage(entryService, origin.cluster, 0);
      else {
        const c = pickCluster(origin.answer, rand());
        if (c < 0) continue;
        samples[n++] = this.network.userRttMs(origin.userRegion, c) / 1000 + this.impairments.ingressExtraLatencyS[c] + this.sampleStage(entryService, c, 0);
      }
    }
    if (n === 0) return null;
    const sorted = samples.subarray(0, n).sort();
    const points = new Float64Array(LATENCY_POINTS);
    let sumS = 0;
    for (let i = 0; i < n; i++) sumS += sorted[i];
    for (let j = 0; j < LATENCY_POINTS; j++) points[j] = sorted[Math.min(n - 1, Math.floor(((j + 0.5) / LATENCY_POINTS) * n))];
    return { points, meanS: sumS / n };
  }

  /** One request's time in (service, cluster) and everything it calls, sequentially. */
  private sampleStage(service: number, cluster: number, depth: number): number {
    const pool = this.pools[service * this.clusterCount + cluster];
    let t = this.services.serviceTimeQuantilesS[service].at(rand()) + pool.extraLatencyS;
    if (pool.pWait > 0 && rand() < pool.pWait) t += -Math.log(1 - rand()) / pool.waitRatePerS;
    if (depth > 32) return t; // the call graph is acyclic; this only bounds pathological depth
    for (const call of this.services.calls[service]) {
      if (call.mode === 'async') continue; // not waited for
      const whole = Math.floor(call.callsPerRequest);
      const count = whole + (rand() < call.callsPerRequest - whole ? 1 : 0);
      if (count === 0) continue;
      const route = this.routes.routeOf(call.service, cluster);
      for (let j = 0; j < count; j++) {
        const to = pickCluster(route, rand());
        t += this.network.rttMs(cluster, to) / 1000 + this.sampleStage(call.service, to, depth + 1);
      }
    }
    return t;
  }
}
