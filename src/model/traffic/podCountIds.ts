/** One interned vector of a cluster's pod counts; vectors whose hashes are equal are chained. */
interface Entry {
  readonly ready: Int32Array;
  readonly lost: Int32Array;
  readonly id: number;
  next: Entry | null;
}

/**
 * An id per distinct vector of a cluster's pod counts (ready and lost, per service), so that a cache
 * key can stand for all of them in one number. Two clusters, or one cluster at two times, get the
 * same id exactly when every count is equal: the lookup compares the stored vector count by count.
 * It is bucketed by an order-independent hash of the (service, ready, lost) triples, kept up to date
 * in O(1) per change, so a pod change costs no rehash of the cluster's other services.
 */
export class PodCountIds {
  private readonly serviceCount: number;
  private readonly clusterCount: number;
  /** Per group (service × cluster): the counts as last reported. */
  private readonly ready: Int32Array;
  private readonly lost: Int32Array;
  /** Per cluster: XOR of its groups' hashes. */
  private readonly hash: Int32Array;
  /** Per cluster: its id, valid unless dirty. */
  private readonly id: Float64Array;
  private readonly dirty: Uint8Array;
  private readonly table = new Map<number, Entry>();
  private count = 0;
  /** Never reused (not even after clear()), so an id always stands for one vector. */
  private nextId = 0;

  constructor(serviceCount: number, clusterCount: number, ready: ArrayLike<number>, lost: ArrayLike<number>) {
    this.serviceCount = serviceCount;
    this.clusterCount = clusterCount;
    this.ready = Int32Array.from(ready);
    this.lost = Int32Array.from(lost);
    this.hash = new Int32Array(clusterCount);
    for (let group = 0; group < serviceCount * clusterCount; group++) this.hash[group % clusterCount] ^= this.groupHash(group);
    this.id = new Float64Array(clusterCount);
    this.dirty = new Uint8Array(clusterCount).fill(1);
  }

  /** Vectors interned since the last clear(). */
  get size(): number {
    return this.count;
  }

  /** A group's counts changed. */
  changed(group: number, ready: number, lost: number): void {
    const cluster = group % this.clusterCount;
    this.hash[cluster] ^= this.groupHash(group); // out with the old counts
    this.ready[group] = ready;
    this.lost[group] = lost;
    this.hash[cluster] ^= this.groupHash(group); // in with the new
    this.dirty[cluster] = 1;
  }

  /** The id of the cluster's current counts. */
  idOf(cluster: number): number {
    if (this.dirty[cluster] === 0) return this.id[cluster];
    const bucket = this.hash[cluster] >>> 2;
    const head = this.table.get(bucket);
    let id = -1;
    for (let e = head ?? null; e !== null; e = e.next) {
      if (this.matches(e, cluster)) {
        id = e.id;
        break;
      }
    }
    if (id < 0) {
      id = this.nextId++;
      const ready = new Int32Array(this.serviceCount);
      const lost = new Int32Array(this.serviceCount);
      for (let s = 0, group = cluster; s < this.serviceCount; s++, group += this.clusterCount) {
        ready[s] = this.ready[group];
        lost[s] = this.lost[group];
      }
      this.table.set(bucket, { ready, lost, id, next: head ?? null });
      this.count++;
    }
    this.id[cluster] = id;
    this.dirty[cluster] = 0;
    return id;
  }

  /** Forget the interned vectors (a bound on memory): every cluster's next id is a fresh one. */
  clear(): void {
    this.table.clear();
    this.count = 0;
    this.dirty.fill(1);
  }

  private matches(e: Entry, cluster: number): boolean {
    for (let s = 0, group = cluster; s < this.serviceCount; s++, group += this.clusterCount) {
      if (e.ready[s] !== this.ready[group] || e.lost[s] !== this.lost[group]) return false;
    }
    return true;
  }

  private groupHash(group: number): number {
    const c = group % this.clusterCount;
    const s = (group - c) / this.clusterCount;
    const h = Math.imul(s + 1, 0x9e3779b1) ^ Math.imul(this.ready[group] + 1, 0x85ebca6b) ^ Math.imul(this.lost[group] + 7, 0xc2b2ae35);
    return Math.imul(h ^ (h >>> 16), 0x7feb352d);
  }
}
