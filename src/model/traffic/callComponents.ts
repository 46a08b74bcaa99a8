/**
 * Where a load-flow pass's calls went: per (callee service, caller cluster) the one cluster they were
 * sent to, whether every call went to a single cluster, and the components of clusters the calls
 * joined (a union-find forest). A component's pools receive calls only from pools in it, which is
 * what lets a delta pass visit some components only (LoadFlow.fleetPass).
 */
export class CallComponents {
  private readonly clusterCount: number;
  /** Per group (callee × clusterCount + caller cluster): the target of the caller cluster's calls (-1: none were made). */
  readonly target: Int32Array;
  /** Per cluster: its parent in the forest (a root is its own parent). */
  private readonly parent: Int32Array;
  /** Every call so far went to one cluster. */
  allSingle = true;

  constructor(serviceCount: number, clusterCount: number) {
    this.clusterCount = clusterCount;
    this.target = new Int32Array(serviceCount * clusterCount).fill(-1);
    this.parent = Int32Array.from({ length: clusterCount }, (_, c) => c);
  }

  /** Forget everything (a pass over the whole fleet finds it again). */
  reset(): void {
    this.target.fill(-1);
    for (let c = 0; c < this.clusterCount; c++) this.parent[c] = c;
    this.allSingle = true;
  }

  /**
   * Forget what the calls from these clusters did (a delta pass over them finds it again). They must
   * be whole components: no other cluster's path to its root runs through them.
   */
  resetClusters(clusters: Int32Array, serviceCount: number): void {
    for (const c of clusters) {
      this.parent[c] = c;
      for (let s = 0; s < serviceCount; s++) this.target[s * this.clusterCount + c] = -1;
    }
    this.allSingle = true;
  }

  /** Calls to `callee` from cluster `from` all went to `to`. */
  sentAll(callee: number, from: number, to: number): void {
    this.target[callee * this.clusterCount + from] = to;
    this.join(from, to);
  }

  /** Some of a route's calls went from `from` to `to` (a route split over several clusters). */
  sentSome(from: number, to: number): void {
    this.allSingle = false;
    this.join(from, to);
  }

  /** The root of a cluster's component (path halving). */
  root(c: number): number {
    const parent = this.parent;
    while (parent[c] !== c) {
      parent[c] = parent[parent[c]];
      c = parent[c];
    }
    return c;
  }

  private join(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
