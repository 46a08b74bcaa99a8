import type { Route } from './routing.js';

/**
 * What each cluster of one user region's route contributed at the last evaluation (per-cluster
 * path): its term of the region's success (weight × the share that gets through × the cluster's
 * success ratio for the entry service; 0 when its data plane is down) and the user's RTT to it.
 * Kept so that an evaluation in which only a few clusters changed recomputes only their terms and
 * then sums the region's success over the route in its order, as a full evaluation does: the same
 * numbers added in the same order, so the same result to the last bit.
 */
export class AnswerTerms {
  /** The route the terms are for (null: none yet). */
  route: Route | null = null;
  /** Per cluster: its index in the route, −1 when it is not in it. */
  readonly indexOf: Int32Array;
  /** Per index of the route: the cluster's term of the region's success. */
  terms = new Float64Array(0);
  /** Per index of the route: the user's RTT to the cluster plus its ingress's extra delay, seconds. */
  rttS = new Float64Array(0);
  /**
   * Per index of the route: its weight × the share of the region's requests to it that get through
   * (network, ingress, entry dependencies), the first product of its term. With rttS, it holds until
   * the route or a link, impairment or dependency changes (the caller recomputes it then).
   */
  weightedPass = new Float64Array(0);

  constructor(clusterCount: number) {
    this.indexOf = new Int32Array(clusterCount).fill(-1);
  }

  /** Follow a new route (positions reindexed; terms to be filled by the caller); returns whether it is new. */
  setRoute(route: Route): boolean {
    if (this.route === route) return false;
    if (this.route !== null) for (const c of this.route.clusters) this.indexOf[c] = -1;
    this.route = route;
    const n = route.clusters.length;
    for (let i = 0; i < n; i++) this.indexOf[route.clusters[i]] = i;
    if (this.terms.length < n) {
      this.terms = new Float64Array(n);
      this.rttS = new Float64Array(n);
      this.weightedPass = new Float64Array(n);
    }
    return true;
  }

  /** The region's success over the route: the terms summed in route order (from +0, as a full evaluation sums them). */
  success(): number {
    const n = this.route === null ? 0 : this.route.clusters.length;
    const terms = this.terms;
    let p = 0;
    for (let i = 0; i < n; i++) p += terms[i];
    return p;
  }
}

/**
 * A set of clusters kept in ascending order, for sums over the few clusters with a non-zero figure:
 * adding the others' exact zeros would leave such a sum unchanged (x + 0 = x for any x but −0,
 * and a sum that starts at +0 never becomes −0), so summing the members in order gives the full
 * sum to the last bit.
 */
export class SortedClusterSet {
  private readonly member: Uint8Array;
  /** The members, ascending. */
  readonly list: number[] = [];

  constructor(clusterCount: number) {
    this.member = new Uint8Array(clusterCount);
  }

  has(cluster: number): boolean {
    return this.member[cluster] === 1;
  }

  set(cluster: number, isMember: boolean): void {
    if ((this.member[cluster] === 1) === isMember) return;
    this.member[cluster] = isMember ? 1 : 0;
    const list = this.list;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < cluster) lo = mid + 1;
      else hi = mid;
    }
    if (isMember) list.splice(lo, 0, cluster);
    else list.splice(lo, 1);
  }

  /** Become a copy of `other` (a set over as many clusters). */
  copyFrom(other: SortedClusterSet): void {
    this.member.set(other.member);
    this.list.length = 0;
    for (const c of other.list) this.list.push(c);
  }
}

/**
 * One flag per cluster and how many are set: the clusters whose rate of some kind is not 0, so
 * that the ledger can skip a total while none is (TrafficLedger.clusterRatesLive).
 */
export class CountedFlags {
  readonly flag: Uint8Array;
  count = 0;

  constructor(clusterCount: number) {
    this.flag = new Uint8Array(clusterCount);
  }

  set(cluster: number, on: boolean): void {
    const v = on ? 1 : 0;
    if (v === this.flag[cluster]) return;
    this.flag[cluster] = v;
    this.count += on ? 1 : -1;
  }

  copyFrom(other: CountedFlags): void {
    this.flag.set(other.flag);
    this.count = other.count;
  }
}
