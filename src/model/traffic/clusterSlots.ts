import { CountedFlags, SortedClusterSet, type AnswerTerms } from './answerTerms.js';
import type { ClusterEvaluation } from './clusterCache.js';
import { hourOfDay } from './demand.js';
import type { LatencyResult } from './latencyMonteCarlo.js';
import type { FailureCounts, TrafficRates } from './rates.js';
import type { Route } from './routing.js';

/** A latency part as the evaluation writes it in place (LatencyPart, mutable). */
export interface ComposedPart {
  result: LatencyResult;
  rttS: number;
  share: number;
}

/**
 * What the per-cluster path's last evaluation left behind and a changes-only evaluation builds on
 * (FluidEvaluation.byClusterChanges): the evaluation's own arrays, by reference.
 */
export interface ClusterPathState {
  /** Per group (service × cluster): users' requests per second into it; only the entry services' rows are written. */
  readonly entryPerS: Float64Array;
  readonly entryServices: readonly number[];
  readonly clusterResults: (ClusterEvaluation | null)[];
  readonly rates: TrafficRates;
  readonly interZoneLive: CountedFlags;
  readonly logBytesLive: CountedFlags;
  readonly internetLive: CountedFlags;
  readonly failing: SortedClusterSet;
  readonly answerTerms: readonly AnswerTerms[];
  readonly composedParts: ComposedPart[][];
  /** Per user region: where its requests go (the answer, as the route object). */
  readonly userRoute: readonly Route[];
  /** Per user region: the demand of the last evaluation (TrafficRates.demandPerS already holds this one's). */
  readonly lastDemandPerS: Float64Array;
}

/** One hour's copy of a ClusterPathState (its routes by reference: they are compared, never written). */
class Slot {
  /** The slots' epoch when it was kept; −1: empty. */
  epoch = -1;
  /** Sequence number of the evaluation it is the state of. */
  seq = 0;
  /** The cluster cache's generation then (ClusterEvaluationCache.generation). */
  cacheGeneration = 0;
  readonly routes: (Route | null)[];
  readonly demandPerS: Float64Array;
  readonly entryRows: Float64Array;
  readonly results: (ClusterEvaluation | null)[];
  readonly perCluster: Float64Array[];
  readonly flags: CountedFlags[];
  readonly failing: SortedClusterSet;
  readonly terms: Float64Array[];
  readonly successOnAnswer: Float64Array;
  readonly successOnStale: Float64Array;
  readonly parts: ComposedPart[][];
  entryFailures: FailureCounts | null = null;

  constructor(clusterCount: number, userCount: number, entryServiceCount: number) {
    this.routes = new Array<Route | null>(userCount).fill(null);
    this.demandPerS = new Float64Array(userCount);
    this.entryRows = new Float64Array(entryServiceCount * clusterCount);
    this.results = new Array<ClusterEvaluation | null>(clusterCount).fill(null);
    this.perCluster = Array.from({ length: PER_CLUSTER_RATES.length }, () => new Float64Array(clusterCount));
    this.flags = Array.from({ length: 3 }, () => new CountedFlags(clusterCount));
    this.failing = new SortedClusterSet(clusterCount);
    this.terms = Array.from({ length: userCount }, () => new Float64Array(0));
    this.successOnAnswer = new Float64Array(userCount);
    this.successOnStale = new Float64Array(userCount);
    this.parts = Array.from({ length: userCount }, () => []);
  }
}

/** The per-cluster rates a slot keeps (every one an evaluation writes per cluster). */
const PER_CLUSTER_RATES = ['interZoneBytesPerS', 'interRegionBytesPerS', 'crossClusterBytesPerS', 'internetBytesPerS', 'servedPerS', 'logBytesPerS'] as const;

const flagsOf = (s: ClusterPathState): CountedFlags[] => [s.interZoneLive, s.logBytesLive, s.internetLive];

/**
 * The per-cluster evaluation's state kept per hour of the day (docs/traffic.md, "Speed"): the
 * per-cluster path's counterpart of the mesh's HourSlots. Without a mesh each cluster is evaluated
 * from its own pods and entry traffic, and an evaluation in which only some clusters' pods changed
 * visits only those (byClusterChanges). But every hour the users' demand changes, every cluster's
 * entry traffic with it, and the evaluation visits every cluster and user region: 8,760 a year,
 * most of an edge fleet's traffic time. Demand is the same function of the hour every day, bit for
 * bit, so the state the last evaluation in hour h left (yesterday's, usually) is what a full
 * evaluation now would compute for every cluster that did not change since: restored, only the
 * clusters that changed since are evaluated again.
 *
 * Exactness. A slot is restored only when everything but some clusters' pods (or impairments) is
 * as it was when it was kept: the same route object and demand for every user region, and no
 * change since of what every cluster reads. The evaluation tells the slots of such changes
 * (invalidate) at every evaluation that could not take the changes-only path for a reason other
 * than demand (a link, an impairment, a dependency, a data plane, the end of warm-up, stale DNS
 * cohorts, backlogs, every cluster changed); each bumps the epoch, and a slot of an older epoch is
 * not used. The clusters that changed since a slot was kept are those whose last change has a later
 * sequence number. The cluster cache emptied in between (its generation) also makes a slot unusable
 * (a kept evaluation would not be the cache's object). A cache that notes each cluster's current
 * evaluation (the utilization autoscalers read: ClusterEvaluationCache.notesCurrent) gets no slots:
 * a restore goes around it.
 */
export class ClusterHourSlots {
  private readonly slots: (Slot | undefined)[] = new Array<Slot | undefined>(24);
  private readonly clusterCount: number;
  private readonly userCount: number;
  private readonly entryServiceCount: number;
  /** Per cluster: the sequence number of the last evaluation that saw its pods or impairments change. */
  private readonly changedAt: Float64Array;
  private epoch = 0;
  /** The last evaluation: its hour of the day (−1: none yet) and sequence number. */
  private hour = -1;
  private lastSeq = 0;
  /** Scratch: the clusters changed since a slot (ascending). */
  private readonly since: number[] = [];
  /** Evaluations that restored a slot (diagnostics and tests). */
  restored = 0;
  /**
   * The current state is slot `source`'s (restored into it, or kept from it) but for the clusters
   * and user regions changes-only evaluations wrote since (noteEvaluated, noteComposed); −1: not
   * known (a full evaluation rewrote it). Keeping it as that slot again then copies only those.
   */
  private source = -1;
  private readonly dirtyCluster: Uint8Array;
  private readonly dirtyClusters: number[] = [];
  private readonly dirtyRegion: Uint8Array;
  private readonly dirtyRegions: number[] = [];

  constructor(clusterCount: number, userCount: number, entryServiceCount: number) {
    this.clusterCount = clusterCount;
    this.userCount = userCount;
    this.entryServiceCount = entryServiceCount;
    this.changedAt = new Float64Array(clusterCount);
    this.dirtyCluster = new Uint8Array(clusterCount);
    this.dirtyRegion = new Uint8Array(userCount);
  }

  /** A changes-only evaluation wrote these clusters' evaluations and rates (FluidEvaluation.byClusterChanges). */
  noteEvaluated(clusters: readonly number[]): void {
    if (this.source < 0) return;
    for (const c of clusters) {
      if (this.dirtyCluster[c] === 1) continue;
      this.dirtyCluster[c] = 1;
      this.dirtyClusters.push(c);
    }
  }

  /** A changes-only evaluation composed user region u again (its terms, success shares and latency parts). */
  noteComposed(u: number): void {
    if (this.source < 0 || this.dirtyRegion[u] === 1) return;
    this.dirtyRegion[u] = 1;
    this.dirtyRegions.push(u);
  }

  /** A full evaluation rewrote the state. */
  noteFull(): void {
    this.source = -1;
  }

  /** The state is slot h's from now on, with nothing written since. */
  private from(h: number): void {
    this.source = h;
    for (const c of this.dirtyClusters) this.dirtyCluster[c] = 0;
    for (const u of this.dirtyRegions) this.dirtyRegion[u] = 0;
    this.dirtyClusters.length = 0;
    this.dirtyRegions.length = 0;
  }

  /** Something every cluster or user region reads changed: no slot kept so far holds. */
  invalidate(): void {
    this.epoch++;
  }

  /**
   * Called first in every per-cluster evaluation (sequence number `seq`, at `nowS`), with the
   * clusters the cache saw change since the last one (null: all). When the hour of the day is not
   * the last evaluation's, that evaluation's state is kept as its hour's slot, and the result is
   * true. `invalidating`: this evaluation will invalidate every slot (a global change, or a state
   * that was time-dependent: stale DNS cohorts, backlogs), so what it would keep is not copied.
   */
  enter(nowS: number, seq: number, changed: readonly number[] | null, state: ClusterPathState, entryFailures: FailureCounts, cacheGeneration: number, invalidating = false): boolean {
    const hour = hourOfDay(nowS);
    const switched = hour !== this.hour;
    if (switched && this.hour >= 0 && !invalidating && changed !== null) this.keep(this.hour, state, entryFailures, cacheGeneration);
    if (changed === null) this.invalidate();
    else for (const c of changed) this.changedAt[c] = seq;
    this.hour = hour;
    this.lastSeq = seq;
    return switched;
  }

  /**
   * The clusters changed since the slot of the current hour was kept, ascending, after restoring
   * it into `state` (its entry failures returned with them); null when it cannot stand for a full
   * evaluation now: none kept, an older epoch (the end of warm-up is one: peaks are recorded from
   * then on) or cache generation, or another route or demand for some user region.
   */
  restore(state: ClusterPathState, cacheGeneration: number): { since: number[]; entryFailures: FailureCounts } | null {
    const slot = this.slots[this.hour];
    if (slot === undefined || slot.epoch !== this.epoch || slot.cacheGeneration !== cacheGeneration) return null;
    const demand = state.rates.demandPerS;
    for (let u = 0; u < this.userCount; u++) {
      if (slot.routes[u] !== state.userRoute[u] || slot.demandPerS[u] !== demand[u]) return null;
    }
    this.copyBack(slot, state);
    this.from(this.hour);
    const since = this.since;
    since.length = 0;
    for (let c = 0; c < this.clusterCount; c++) if (this.changedAt[c] > slot.seq) since.push(c);
    this.restored++;
    return { since, entryFailures: { ...slot.entryFailures! } };
  }

  /** The state of the last evaluation (lastSeq) as hour h's slot. */
  private keep(h: number, state: ClusterPathState, entryFailures: FailureCounts, cacheGeneration: number): void {
    const slot = (this.slots[h] ??= new Slot(this.clusterCount, this.userCount, this.entryServiceCount));
    slot.epoch = this.epoch;
    slot.seq = this.lastSeq;
    slot.cacheGeneration = cacheGeneration;
    slot.entryFailures = { ...entryFailures };
    if (this.source === h) this.keepWritten(slot, state);
    else this.keepAll(slot, state);
    this.from(h);
  }

  /**
   * The slot the state came from gets what was written since: each noted cluster's evaluation,
   * rates and flags, each noted region's terms, shares and parts (a changes-only evaluation writes
   * nothing else: not the entry traffic, the demand or the routes, which its conditions hold equal).
   */
  private keepWritten(slot: Slot, state: ClusterPathState): void {
    const { rates } = state;
    const flags = flagsOf(state);
    for (const c of this.dirtyClusters) {
      slot.results[c] = state.clusterResults[c];
      for (let i = 0; i < PER_CLUSTER_RATES.length; i++) slot.perCluster[i][c] = rates[PER_CLUSTER_RATES[i]][c];
      for (let i = 0; i < flags.length; i++) slot.flags[i].set(c, flags[i].flag[c] === 1);
      slot.failing.set(c, state.failing.has(c));
    }
    for (const u of this.dirtyRegions) this.keepRegion(slot, state, u);
  }

  private keepRegion(slot: Slot, state: ClusterPathState, u: number): void {
    const terms = state.answerTerms[u];
    slot.routes[u] = terms.route;
    const n = terms.route === null ? 0 : terms.route.clusters.length;
    if (slot.terms[u].length < n) slot.terms[u] = new Float64Array(n);
    slot.terms[u].set(terms.terms.subarray(0, n));
    slot.successOnAnswer[u] = state.rates.successOnAnswer[u];
    slot.successOnStale[u] = state.rates.successOnStale[u];
    copyParts(state.composedParts[u], slot.parts[u]);
  }

  private keepAll(slot: Slot, state: ClusterPathState): void {
    const { rates } = state;
    const clusterCount = this.clusterCount;
    state.entryServices.forEach((e, i) => slot.entryRows.set(state.entryPerS.subarray(e * clusterCount, (e + 1) * clusterCount), i * clusterCount));
    for (let c = 0; c < clusterCount; c++) slot.results[c] = state.clusterResults[c];
    PER_CLUSTER_RATES.forEach((k, i) => slot.perCluster[i].set(rates[k]));
    flagsOf(state).forEach((f, i) => slot.flags[i].copyFrom(f));
    slot.failing.copyFrom(state.failing);
    slot.demandPerS.set(state.lastDemandPerS);
    for (let u = 0; u < this.userCount; u++) this.keepRegion(slot, state, u);
  }

  private copyBack(slot: Slot, state: ClusterPathState): void {
    const { rates } = state;
    const clusterCount = this.clusterCount;
    state.entryServices.forEach((e, i) => state.entryPerS.set(slot.entryRows.subarray(i * clusterCount, (i + 1) * clusterCount), e * clusterCount));
    for (let c = 0; c < clusterCount; c++) state.clusterResults[c] = slot.results[c];
    PER_CLUSTER_RATES.forEach((k, i) => rates[k].set(slot.perCluster[i]));
    flagsOf(state).forEach((f, i) => f.copyFrom(slot.flags[i]));
    state.failing.copyFrom(slot.failing);
    rates.successOnAnswer.set(slot.successOnAnswer);
    rates.successOnStale.set(slot.successOnStale);
    for (let u = 0; u < this.userCount; u++) {
      const terms = state.answerTerms[u];
      // The same route (restore checked it): its positions, passes and RTTs hold; only the terms differ.
      terms.terms.set(slot.terms[u].subarray(0, terms.route === null ? 0 : terms.route.clusters.length));
      copyParts(slot.parts[u], state.composedParts[u]);
    }
  }
}

/** `to` becomes a copy of `from`, part for part (its objects reused). */
function copyParts(from: readonly ComposedPart[], to: ComposedPart[]): void {
  for (let i = 0; i < from.length; i++) {
    const p = from[i];
    if (i === to.length) to.push({ result: p.result, rttS: p.rttS, share: p.share });
    else {
      const q = to[i];
      q.result = p.result;
      q.rttS = p.rttS;
      q.share = p.share;
    }
  }
  to.length = from.length;
}
