import type { RuntimeState } from '../runtime/state.js';
import { PodCountIds } from './podCountIds.js';
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
  /** Requests its pools admitted and failed (a bad change, a brownout). */
  readonly impairedPerS: number;
  /** Requests that failed on a timeout. */
  readonly timeoutPerS: number;
  readonly peakUtilization: number;
  /** Per service: server-side latency of requests entering it here (null where nothing enters). */
  readonly latency: (LatencyResult | null)[];
}

const ascending = (a: number, b: number): number => a - b;

/** Evaluations kept before the cache is emptied (a bound on memory). */
const MAX_CACHED_EVALUATIONS = 200_000;

/** One level of the cache: keyed by one number of the key; the last level holds evaluations. */
type Level = Map<number, Level | ClusterEvaluation>;

/**
 * Per-cluster evaluations, cached by content. Without a mesh a cluster's evaluation depends only on
 * its pods (ready and lost counts per service), its entry traffic and its static traits (own RTT,
 * zones, which services' data may live there). The key is exactly those: one number for the pod
 * counts and static traits (PodCountIds gives one id per distinct vector of counts; clusters with
 * equal traits share a trait id), then the rate of each entry service. A pod change costs one cluster;
 * a repeated state (yesterday's healthy 3 pm, an identical sibling cluster) costs a lookup.
 *
 * The cache is a tree of Maps, one level per number of the key, so a hit is an exact match of every
 * number (as a Map compares them: a rate of −0 is the same state as 0) and no two different states
 * ever share an evaluation; with one entry service a lookup is two Map lookups.
 */
export class ClusterEvaluationCache {
  private readonly clusterCount: number;
  /** Ids of the clusters' pod counts (equal ids: equal counts). */
  private readonly podCounts: PodCountIds;
  /** Per cluster: the id of its static traits (see the constructor). */
  private readonly traitsId: Int32Array;
  private readonly traitsCount: number;
  /** Per cluster: its evaluation, while still valid (null: re-evaluate or look up). */
  private readonly current: (ClusterEvaluation | null)[];
  /** Per group of an entry service: the entry rate of the current evaluation (NaN: none yet). */
  private readonly currentEntryPerS: Float64Array;
  private readonly cache: Level = new Map();
  /**
   * Per cluster: its impairment state (TrafficImpairments.stateId; 0: none). An impaired cluster's
   * evaluations are kept apart, under their state, so that no impaired result serves a healthy
   * state or another impairment.
   */
  private readonly impairmentState: Int32Array;
  private readonly impairedCaches = new Map<number, Level>();
  /** Evaluations stored since the cache was last emptied. */
  private cachedCount = 0;
  /** How many times the cache was emptied: an evaluation kept from before is no longer the one it would return (ClusterHourSlots). */
  generation = 0;
  /**
   * Whether the cache notes which evaluation each cluster uses now (a subclass that tracks pools'
   * utilization for autoscalers): then every evaluation must come through evaluation(), and a
   * state restored around it (ClusterHourSlots) would leave what it notes stale.
   */
  readonly notesCurrent: boolean = false;
  /**
   * Clusters whose pods or impairments changed since the last takeChanged() (flag and list), or
   * every cluster (allChanged): what an evaluation that only re-evaluates changes must visit.
   */
  private readonly changedFlag: Uint8Array;
  private changedList: number[] = [];
  /** The list takeChanged returned last time (refilled after, so that no list is allocated per evaluation). */
  private takenList: number[] = [];
  private allChanged = true;
  /**
   * Per cluster: the cache level under its current first key (pod counts and traits, impairment
   * state), once found or made; null: look it up. Valid until its pods or impairments change or the
   * cache is emptied, so that a lookup with new entry rates (demand changes every hour) costs one
   * Map lookup per entry service.
   */
  private readonly stateLevel: (Level | null)[];

  constructor(services: ServiceModel, network: FleetNetwork, state: RuntimeState) {
    const serviceCount = services.serviceCount;
    const clusterCount = (this.clusterCount = network.clusterCount);
    this.podCounts = new PodCountIds(serviceCount, clusterCount, state.ready, state.lost);
    this.current = new Array(clusterCount).fill(null);
    this.currentEntryPerS = new Float64Array(serviceCount * clusterCount).fill(Number.NaN);
    this.impairmentState = new Int32Array(clusterCount);
    this.changedFlag = new Uint8Array(clusterCount);
    this.stateLevel = new Array(clusterCount).fill(null);
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
    this.traitsCount = ids.size;
  }

  /** A group's ready or lost count changed: note it and drop its cluster's current evaluation. */
  podsChanged(group: number, ready: number, lost: number): void {
    this.podCounts.changed(group, ready, lost);
    const cluster = group % this.clusterCount;
    this.current[cluster] = null;
    this.stateLevel[cluster] = null;
    this.noteChanged(cluster);
  }

  private noteChanged(cluster: number): void {
    if (this.allChanged || this.changedFlag[cluster] === 1) return;
    this.changedFlag[cluster] = 1;
    this.changedList.push(cluster);
  }

  /**
   * The clusters whose pods or impairments changed since the last call, ascending, or null when
   * every cluster must be looked at again (the first call, after invalidateAll). Starts a new list;
   * the one returned is valid until the next call.
   */
  takeChanged(): number[] | null {
    const all = this.allChanged;
    const list = this.changedList;
    for (const c of list) this.changedFlag[c] = 0;
    this.changedList = this.takenList;
    this.changedList.length = 0;
    this.takenList = list;
    this.allChanged = false;
    return all ? null : list.sort(ascending);
  }

  /** The cluster's impairments changed: its evaluations now come from the cache of that state. */
  impairmentChanged(cluster: number, stateId: number): void {
    const before = this.impairmentState[cluster];
    this.impairmentState[cluster] = stateId;
    // Ids are never reused, so the cache of a state that ended is dead: free it.
    if (before !== 0) {
      this.impairedCaches.delete(before);
      // Other clusters still in that state must not reach into the freed cache.
      for (let c = 0; c < this.clusterCount; c++) if (this.impairmentState[c] === before) this.stateLevel[c] = null;
    }
    this.stateLevel[cluster] = null;
    this.invalidate(cluster);
    this.noteChanged(cluster);
  }

  /**
   * While true, evaluations depend on more than the key (backlogs evolve between evaluations:
   * backlog.ts): each is computed afresh and kept nowhere.
   */
  bypass = false;

  /** Drop a cluster's current evaluation (its data plane is down) or every cluster's. */
  invalidate(cluster: number): void {
    this.current[cluster] = null;
  }

  invalidateAll(): void {
    this.current.fill(null);
    this.allChanged = true;
  }

  /**
   * The cluster's evaluation for these entry rates (per group, requests/s): the current one when
   * neither its pods nor its entry rates changed, else a cached one with the same key, else `compute`.
   */
  evaluation(cluster: number, entryPerS: Float64Array, entryServices: readonly number[], compute: (cluster: number) => ClusterEvaluation): ClusterEvaluation {
    if (this.bypass) {
      // Not a function of the key: neither reuse nor keep it, and make the next call look again.
      this.current[cluster] = null;
      return compute(cluster);
    }
    const clusterCount = this.clusterCount;
    const current = this.current[cluster];
    let unchanged = current !== null;
    for (const e of entryServices) {
      const group = e * clusterCount + cluster;
      if (entryPerS[group] !== this.currentEntryPerS[group]) unchanged = false;
      this.currentEntryPerS[group] = entryPerS[group];
    }
    if (unchanged && current !== null) return current;
    let evaluation = this.find(cluster, entryPerS, entryServices);
    if (evaluation === undefined) {
      evaluation = compute(cluster);
      if (this.cachedCount > MAX_CACHED_EVALUATIONS) {
        // Pod-count ids only matter to the keys of stored evaluations: start both afresh (every
        // cluster's id included), so this evaluation is stored under an id of the new numbering.
        this.cache.clear();
        this.podCounts.clear();
        this.stateLevel.fill(null);
        this.cachedCount = 0;
        this.generation++;
      }
      this.store(cluster, entryPerS, entryServices, evaluation);
    }
    this.current[cluster] = evaluation;
    return evaluation;
  }

  /**
   * The first number of the cluster's key: its pod-count id and trait id, exactly (pod-count id ×
   * number of trait ids + trait id). The rest of the key is the rate of each entry service; the entry
   * services themselves are not in it, as they are the same list on every call (the model's).
   */
  private stateId(cluster: number): number {
    return this.podCounts.idOf(cluster) * this.traitsCount + this.traitsId[cluster];
  }

  private rootOf(cluster: number): Level {
    const state = this.impairmentState[cluster];
    if (state === 0) return this.cache;
    let root = this.impairedCaches.get(state);
    if (root === undefined) this.impairedCaches.set(state, (root = new Map()));
    return root;
  }

  private find(cluster: number, entryPerS: Float64Array, entryServices: readonly number[]): ClusterEvaluation | undefined {
    let found: Level | ClusterEvaluation | undefined = this.stateLevel[cluster] ?? this.rootOf(cluster).get(this.stateId(cluster));
    if (found !== undefined) this.stateLevel[cluster] = found as Level;
    for (const e of entryServices) {
      if (found === undefined) return undefined;
      found = (found as Level).get(entryPerS[e * this.clusterCount + cluster]);
    }
    return found as ClusterEvaluation | undefined;
  }

  private store(cluster: number, entryPerS: Float64Array, entryServices: readonly number[], evaluation: ClusterEvaluation): void {
    let level = this.rootOf(cluster);
    let key = this.stateId(cluster);
    let first = true;
    for (const e of entryServices) {
      let next = level.get(key) as Level | undefined;
      if (next === undefined) level.set(key, (next = new Map()));
      if (first) this.stateLevel[cluster] = next;
      first = false;
      level = next;
      key = entryPerS[e * this.clusterCount + cluster];
    }
    level.set(key, evaluation);
    this.cachedCount++;
  }
}
