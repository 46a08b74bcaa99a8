import type { RuntimeState } from '../runtime/state.js';
import { StateFingerprint } from './fingerprint.js';
import type { LatencyResult } from './latencyMonteCarlo.js';
import type { FleetNetwork } from './network.js';
import type { ServiceModel } from './serviceModel.js';

/** What one cluster does with the traffic entering it, when calls stay inside it (no mesh). Rates per second. */
export interface ClusterEvaluation {
  /** Per service: success probability of a request entering its pool here. */
  readonly successRatio: Float64Array;
  readonly servedPerS: number;
  readonly logBytesPerS: number;
  readonly interZoneBytesPerS: number;
  readonly residencyViolationsPerS: number;
  readonly deadEndpointPerS: number;
  readonly shedPerS: number;
  readonly noReplicaPerS: number;
  readonly peakUtilization: number;
  /** Per service: server-side latency of requests entering it here (null where nothing enters). */
  readonly latency: (LatencyResult | null)[];
}

/** Evaluations kept before the cache is emptied (a bound on memory). */
const MAX_CACHED_EVALUATIONS = 200_000;

/**
 * Per-cluster evaluations, cached by content. Without a mesh a cluster's evaluation depends only on
 * its pods (ready and lost counts per service), its entry traffic and its static traits (own RTT,
 * zones, which services' data may live there). The key is a fingerprint of exactly those: an
 * order-independent hash of the pod counts kept up to date in O(1) per change, a static signature,
 * and the entry rates. A pod change costs one cluster; a repeated state (yesterday's healthy 3 pm,
 * an identical sibling cluster) costs a lookup.
 */
export class ClusterEvaluationCache {
  private readonly serviceCount: number;
  private readonly clusterCount: number;
  /** Per cluster: two lanes of the XOR-combined hashes of its (service, ready, lost) triples. */
  private readonly podHash1: Int32Array;
  private readonly podHash2: Int32Array;
  /** Per group: the counts currently hashed in (to XOR them out on a change). */
  private readonly hashedReady: Int32Array;
  private readonly hashedLost: Int32Array;
  /** Per cluster: hash of its static traits, as a float64 (see the constructor). */
  private readonly signature: Float64Array;
  /** Per cluster: its evaluation, while still valid (null: re-evaluate or look up). */
  private readonly current: (ClusterEvaluation | null)[];
  /** Per group of an entry service: the entry rate of the current evaluation (NaN: none yet). */
  private readonly currentEntryPerS: Float64Array;
  private readonly cache = new Map<number, ClusterEvaluation>();
  private readonly fingerprint = new StateFingerprint();

  constructor(services: ServiceModel, network: FleetNetwork, state: RuntimeState) {
    const serviceCount = (this.serviceCount = services.serviceCount);
    const clusterCount = (this.clusterCount = network.clusterCount);
    this.podHash1 = new Int32Array(clusterCount);
    this.podHash2 = new Int32Array(clusterCount);
    this.hashedReady = new Int32Array(serviceCount * clusterCount);
    this.hashedLost = new Int32Array(serviceCount * clusterCount);
    for (let group = 0; group < serviceCount * clusterCount; group++) this.hashCounts(group, state.ready[group], state.lost[group]);
    this.current = new Array(clusterCount).fill(null);
    this.currentEntryPerS = new Float64Array(serviceCount * clusterCount).fill(Number.NaN);
    // What makes two clusters' evaluations interchangeable besides their pods: zones and which
    // services' data may live there (a 32-bit hash, times 4096), plus the own RTT in µs.
    this.signature = new Float64Array(clusterCount);
    for (let c = 0; c < clusterCount; c++) {
      let h = Math.imul(network.zonesInCluster[c] + 1, 0x9e3779b1);
      for (let s = 0; s < serviceCount; s++) h = Math.imul(h ^ services.residencyAllowed[s * clusterCount + c], 0x85ebca6b) ^ s;
      this.signature[c] = (h >>> 0) * 4096 + Math.round(network.ownRttMs(c) * 1000);
    }
  }

  /** A group's ready or lost count changed: rehash it and drop its cluster's current evaluation. */
  podsChanged(group: number, ready: number, lost: number): void {
    this.hashCounts(group, this.hashedReady[group], this.hashedLost[group]); // XOR out the old counts
    this.hashCounts(group, ready, lost); // and in the new
    this.current[group % this.clusterCount] = null;
  }

  /** Drop a cluster's current evaluation (its data plane is down) or every cluster's. */
  invalidate(cluster: number): void {
    this.current[cluster] = null;
  }

  invalidateAll(): void {
    this.current.fill(null);
  }

  /**
   * The cluster's evaluation for these entry rates (per group, requests/s): the current one when
   * neither its pods nor its entry rates changed, else a cached one with the same key, else `compute`.
   */
  evaluation(cluster: number, entryPerS: Float64Array, entryServices: readonly number[], compute: (cluster: number) => ClusterEvaluation): ClusterEvaluation {
    const clusterCount = this.clusterCount;
    const current = this.current[cluster];
    let unchanged = current !== null;
    for (const e of entryServices) {
      const group = e * clusterCount + cluster;
      if (entryPerS[group] !== this.currentEntryPerS[group]) unchanged = false;
      this.currentEntryPerS[group] = entryPerS[group];
    }
    if (unchanged && current !== null) return current;
    const fp = this.fingerprint.start(this.podHash1[cluster], this.podHash2[cluster]);
    fp.add(this.signature[cluster]);
    for (const e of entryServices) fp.add(entryPerS[e * clusterCount + cluster]);
    const key = fp.key();
    let evaluation = this.cache.get(key);
    if (evaluation === undefined) {
      evaluation = compute(cluster);
      if (this.cache.size > MAX_CACHED_EVALUATIONS) this.cache.clear();
      this.cache.set(key, evaluation);
    }
    this.current[cluster] = evaluation;
    return evaluation;
  }

  /** Order-independent: XOR in (or out, applied twice) the hash of one group's counts. */
  private hashCounts(group: number, ready: number, lost: number): void {
    const c = group % this.clusterCount;
    const s = (group - c) / this.clusterCount;
    let h = Math.imul(s + 1, 0x9e3779b1) ^ Math.imul(ready + 1, 0x85ebca6b) ^ Math.imul(lost + 7, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    this.podHash1[c] ^= h;
    this.podHash2[c] ^= Math.imul(h ^ (h >>> 15), 0x846ca68b) + s;
    this.hashedReady[group] = ready;
    this.hashedLost[group] = lost;
  }
}
