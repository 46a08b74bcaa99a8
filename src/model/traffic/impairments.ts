import type { Impairment } from '../faults/schedule.js';

/**
 * The request-level faults active right now (bad changes, brownouts, expired certificates), folded
 * per pool and per cluster ingress: the share of requests that fail, the time added to each, and the
 * share of pods crash-looping. Concurrent impairments compose as independent: errors and lost pods as
 * 1 − Π(1 − x), latency as a sum. The fluid model reads these arrays; they are all zero when nothing
 * is impaired, and then the model computes exactly what it computes without them — except for the
 * static time datastore operations add to a group's requests (baseLatencyS), always in extraLatencyS.
 * Datastores that fail or slow down act through `set` like faults, under ids below zero.
 */
export class TrafficImpairments {
  private readonly serviceCount: number;
  private readonly clusterCount: number;
  private readonly serviceIndex: ReadonlyMap<string, number>;
  /** Per group (service × clusterCount + cluster). */
  readonly errorRatio: Float64Array;
  readonly extraLatencyS: Float64Array;
  readonly capacityLostRatio: Float64Array;
  /** Per cluster: users' requests entering it. */
  readonly ingressErrorRatio: Float64Array;
  readonly ingressExtraLatencyS: Float64Array;
  /** Per cluster: its calls to pods in other clusters that fail (an expired mesh client certificate). */
  readonly clientErrorRatio: Float64Array;
  /**
   * Per cluster: 0 when nothing impairs it, else an id unique to this combination of active
   * impairments (a cache of evaluations must not hand an impaired state's result to another).
   */
  readonly stateId: Int32Array;
  private nextStateId = 1;
  /** Bumped whenever any of the arrays above may have changed (readers that keep derived state compare it). */
  version = 0;
  private readonly active = new Map<number, Impairment>();
  /**
   * Per group: time its requests spend in datastore operations in the healthy fleet (docs/state.md),
   * folded into extraLatencyS. The same in every state, so it does not change stateId: cached
   * evaluations stay valid. Undefined: none (designs without datastores).
   */
  private readonly baseLatencyS: Float64Array | undefined;

  constructor(serviceIndex: ReadonlyMap<string, number>, clusterCount: number, baseLatencyS?: Float64Array) {
    this.serviceCount = serviceIndex.size;
    this.clusterCount = clusterCount;
    this.serviceIndex = serviceIndex;
    const groups = this.serviceCount * clusterCount;
    this.errorRatio = new Float64Array(groups);
    this.extraLatencyS = new Float64Array(groups);
    this.capacityLostRatio = new Float64Array(groups);
    this.ingressErrorRatio = new Float64Array(clusterCount);
    this.ingressExtraLatencyS = new Float64Array(clusterCount);
    this.clientErrorRatio = new Float64Array(clusterCount);
    this.stateId = new Int32Array(clusterCount);
    if (baseLatencyS !== undefined) {
      if (baseLatencyS.length !== groups) throw new RangeError(`base latency for ${baseLatencyS.length} groups, the fleet has ${groups}`);
      this.baseLatencyS = Float64Array.from(baseLatencyS);
      this.extraLatencyS.set(this.baseLatencyS);
    }
  }

  /** Start (active) or end the impairment of episode `id`; returns the clusters whose state changed. */
  set(id: number, impairment: Impairment, active: boolean): readonly number[] {
    if (active) this.active.set(id, impairment);
    else if (!this.active.delete(id)) return [];
    this.version++;
    for (const c of impairment.clusters) this.refold(c);
    return impairment.clusters;
  }

  /** Pods of a pool still serving when `ready` are ready: crash-looping ones are taken off, rounded down. */
  servingPods(group: number, ready: number): number {
    const lost = this.capacityLostRatio[group];
    return lost > 0 ? ready - Math.floor(ready * lost + 1e-9) : ready;
  }

  private refold(c: number): void {
    const S = this.serviceCount;
    const C = this.clusterCount;
    const okErr = new Float64Array(S).fill(1);
    const okCap = new Float64Array(S).fill(1);
    const extra = new Float64Array(S);
    let ingressOk = 1;
    let clientOk = 1;
    let ingressExtra = 0;
    let any = false;
    for (const imp of this.active.values()) {
      if (!imp.clusters.includes(c)) continue;
      any = true;
      if (imp.scope === 'client') {
        clientOk *= 1 - imp.errorRatio;
        continue;
      }
      if (imp.scope === 'ingress') {
        ingressOk *= 1 - imp.errorRatio;
        ingressExtra += imp.extraLatencyMs / 1000;
        continue;
      }
      for (let s = 0; s < S; s++) {
        if (imp.services !== undefined && !imp.services.some((n) => this.serviceIndex.get(n) === s)) continue;
        okErr[s] *= 1 - imp.errorRatio;
        okCap[s] *= 1 - imp.capacityLostRatio;
        extra[s] += imp.extraLatencyMs / 1000;
      }
    }
    for (let s = 0; s < S; s++) {
      const g = s * C + c;
      this.errorRatio[g] = 1 - okErr[s];
      this.capacityLostRatio[g] = 1 - okCap[s];
      this.extraLatencyS[g] = this.baseLatencyS === undefined ? extra[s] : this.baseLatencyS[g] + extra[s];
    }
    this.ingressErrorRatio[c] = 1 - ingressOk;
    this.ingressExtraLatencyS[c] = ingressExtra;
    this.clientErrorRatio[c] = 1 - clientOk;
    this.stateId[c] = any ? this.nextStateId++ : 0;
  }
}
