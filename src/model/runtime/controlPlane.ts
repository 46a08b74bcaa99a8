/**
 * Whether each cluster's Kubernetes API accepts writes. It does not when the control plane itself is
 * out (managed outage, or its region or cluster is down), nor when a self-managed cluster's etcd has no
 * leader with quorum. While it is out, running pods keep serving but nothing is detected, evicted,
 * rescheduled or scaled: the controllers ask `writable()` before acting and `onChange` tells them
 * when to resume.
 */
export class ControlPlaneState {
  private readonly downCauses: Int32Array;
  private readonly etcdWritable: Uint8Array;
  private readonly upNow: Uint8Array;
  /** Time each cluster's API last changed state, and accumulated writable seconds. */
  private readonly sinceS: Float64Array;
  private readonly writableS: Float64Array;
  private readonly listeners: Array<(cluster: number, writable: boolean, nowS: number) => void> = [];

  constructor(clusterCount: number, startS = 0) {
    this.downCauses = new Int32Array(clusterCount);
    this.etcdWritable = new Uint8Array(clusterCount).fill(1);
    this.upNow = new Uint8Array(clusterCount).fill(1);
    this.sinceS = new Float64Array(clusterCount).fill(startS);
    this.writableS = new Float64Array(clusterCount);
  }

  writable(cluster: number): boolean {
    return this.upNow[cluster] === 1;
  }

  onChange(listener: (cluster: number, writable: boolean, nowS: number) => void): void {
    this.listeners.push(listener);
  }

  /** A fault that takes the API server down starts (+1) or ends (−1). */
  addCause(cluster: number, delta: 1 | -1, nowS: number): void {
    this.downCauses[cluster] += delta;
    if (this.downCauses[cluster] < 0) throw new RangeError(`control plane of cluster ${cluster}: more recoveries than outages`);
    this.update(cluster, nowS);
  }

  etcdIsWritable(cluster: number): boolean {
    return this.etcdWritable[cluster] === 1;
  }

  /** The etcd model reports whether writes can commit. */
  setEtcdWritable(cluster: number, writable: boolean, nowS: number): void {
    this.etcdWritable[cluster] = writable ? 1 : 0;
    this.update(cluster, nowS);
  }

  /** Fraction of [startS, nowS] during which the cluster's API accepted writes. */
  writableRatio(cluster: number, startS: number, nowS: number): number {
    const span = nowS - startS;
    if (span <= 0) return this.upNow[cluster];
    const extra = this.upNow[cluster] === 1 ? nowS - this.sinceS[cluster] : 0;
    return (this.writableS[cluster] + extra) / span;
  }

  /** Discard what was accumulated so far (end of warm-up). */
  resetAccounting(nowS: number): void {
    this.writableS.fill(0);
    this.sinceS.fill(nowS);
  }

  private update(cluster: number, nowS: number): void {
    const up = this.downCauses[cluster] === 0 && this.etcdWritable[cluster] === 1 ? 1 : 0;
    if (up === this.upNow[cluster]) return;
    if (this.upNow[cluster] === 1) this.writableS[cluster] += nowS - this.sinceS[cluster];
    this.sinceS[cluster] = nowS;
    this.upNow[cluster] = up;
    for (const l of this.listeners) l(cluster, up === 1, nowS);
  }
}
