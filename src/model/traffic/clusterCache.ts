import type { RuntimeState } from '../runtime/state.js';
import { ExactKeyMap } from './exactKeyMap.js';
import { FINGERPRINT_SEED1, FINGERPRINT_SEED2, StateFingerprint } from './fingerprint.js';
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
 * zones, which services' data may live there). The key is exactly those, as a short tuple: the id of
 * the cluster's pod counts (each distinct vector of counts gets one, when first evaluated), the id of
 * its static traits (clusters with equal traits share one), then each entry service and its rate. A
 * pod change costs one cluster; a repeated state (yesterday's healthy 3 pm, an identical sibling
 * cluster) costs a lookup. Lookups compare the whole tuple (ExactKeyMap), so no two different states
 * share an evaluation.
 */
export class ClusterEvaluationCache {
  private readonly serviceCount: number;
  private readonly clusterCount: number;
  /** Per group (service × cluster): the pod counts the cache knows of. */
  private readonly ready: Int32Array;
  private readonly lost: Int32Array;
  /** Per cluster: the id of its pod counts (valid unless podsDirty). */
  private readonly podStateId: Float64Array;
  private readonly podsDirty: Uint8Array;
  /** Pod-count vectors seen since the evaluations were last emptied, to their ids. */
  private readonly podStates = new ExactKeyMap<number>();
  /** Never reused, so an id always stands for one vector of counts. */
  private nextPodStateId = 0;
  /** Per cluster: the id of its static traits (see the constructor). */
  private readonly traitsId: Int32Array;
  /** Per cluster: its evaluation, while still valid (null: re-evaluate or look up). */
  private readonly current: (ClusterEvaluation | null)[];
  /** Per group of an entry service: the entry rate of the current evaluation (NaN: none yet). */
  private readonly currentEntryPerS: Float64Array;
  private readonly cache = new ExactKeyMap<ClusterEvaluation>();
  private readonly fingerprint = new StateFingerprint();

  constructor(services: ServiceModel, network: FleetNetwork, state: RuntimeState) {
    const serviceCount = (this.serviceCount = services.serviceCount);
    const clusterCount = (this.clusterCount = network.clusterCount);
    this.ready = Int32Array.from(state.ready);
    this.lost = Int32Array.from(state.lost);
    this.podStateId = new Float64Array(clusterCount);
    this.podsDirty = new Uint8Array(clusterCount).fill(1);
    this.current = new Array(clusterCount).fill(null);
    this.currentEntryPerS = new Float64Array(serviceCount * clusterCount).fill(Number.NaN);
    // What makes two clusters' evaluations interchangeable besides their pods: the number of zones,
    // which services' data may live there, and the own RTT to the µs.
    this.traitsId = new Int32Array(clusterCount);
    const ids = new Map<string, number>();
    for (let c = 0; c < clusterCount; c++) {
      const residency: number[] = [];
      for (let s = 0; s < serviceCount; s++) residency.push(services.residencyAllowed[s * clusterCount + c]);
      const traits = `${network.zonesInCluster[c]}|${Math.round(network.ownRttMs(c) * 1000)}|${residency.join(',')}`;
      let id = ids.get(traits);
      if (id === undefined) ids.set(traits, (id = ids.size));
      this.traitsId[c] = id;
    }
  }

  /** A group's ready or lost count changed: note it and drop its cluster's current evaluation. */
  podsChanged(group: number, ready: number, lost: number): void {
    this.ready[group] = ready;
    this.lost[group] = lost;
    const cluster = group % this.clusterCount;
    this.podsDirty[cluster] = 1;
    this.current[cluster] = null;
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
    let fp = this.key(cluster, entryPerS, entryServices);
    let evaluation = this.cache.get(fp);
    if (evaluation === undefined) {
      evaluation = compute(cluster);
      if (this.cache.size > MAX_CACHED_EVALUATIONS) {
        // Pod-state ids only matter to the keys of stored evaluations: start both afresh (every
        // cluster's id included) and key this evaluation in the new numbering.
        this.cache.clear();
        this.podStates.clear();
        this.podsDirty.fill(1);
        fp = this.key(cluster, entryPerS, entryServices);
      }
      this.cache.set(fp, evaluation);
    }
    this.current[cluster] = evaluation;
    return evaluation;
  }

  /** The cluster's key in the fingerprint: its pod-state id, its traits' id, then each entry service and rate. */
  private key(cluster: number, entryPerS: Float64Array, entryServices: readonly number[]): StateFingerprint {
    const clusterCount = this.clusterCount;
    const podStateId = this.podStateIdOf(cluster); // before start(): it builds its own key in the fingerprint
    const fp = this.fingerprint.start(FINGERPRINT_SEED1, FINGERPRINT_SEED2);
    fp.add(podStateId);
    fp.add(this.traitsId[cluster]);
    for (const e of entryServices) {
      fp.add(e);
      fp.add(entryPerS[e * clusterCount + cluster]);
    }
    return fp;
  }

  /** The id of the cluster's current pod counts (ready, lost per service, in service order). */
  private podStateIdOf(cluster: number): number {
    if (this.podsDirty[cluster] === 0) return this.podStateId[cluster];
    const clusterCount = this.clusterCount;
    const fp = this.fingerprint.start(FINGERPRINT_SEED1, FINGERPRINT_SEED2);
    for (let group = cluster; group < this.serviceCount * clusterCount; group += clusterCount) {
      fp.add(this.ready[group]);
      fp.add(this.lost[group]);
    }
    let id = this.podStates.get(fp);
    if (id === undefined) this.podStates.set(fp, (id = this.nextPodStateId++));
    this.podStateId[cluster] = id;
    this.podsDirty[cluster] = 0;
    return id;
  }
}
