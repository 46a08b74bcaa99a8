import type { Impairment } from '../faults/schedule.js';
import type { StoreClientEffect, StoreSink } from '../state/types.js';

/** What the sink drives: the fluid model's impairments (the request level reads the same ones). */
export interface ImpairmentTarget {
  impair(id: number, impairment: Impairment, active: boolean): void;
}

/**
 * Where the datastore runtime's effects on requests go (docs/state.md). The baseline — the time store
 * operations add to a group's requests in the healthy fleet — becomes the traffic model's static base
 * latency (`baseLatencyS`, handed to FluidTraffic at construction), which leaves its caches valid. A
 * change from the baseline (errors, a slower or faster store) is applied as an impairment of that one
 * group: the requests its pods serve fail at errorRatio and take latency − base longer. Each group has
 * its own impairment id, below zero, so none can collide with a fault episode's (0…n−1); an effect back
 * at its baseline removes the impairment, and the group is unimpaired again.
 */
export class StoreEffectSink implements StoreSink {
  private readonly serviceNames: readonly string[];
  private readonly clusterCount: number;
  /** Per group (service × clusterCount + cluster). */
  readonly baseLatencyS: Float64Array;
  /** Per group: the effect applied now beyond the base (errorRatio, extra seconds); both 0: none. */
  private readonly appliedError: Float64Array;
  private readonly appliedExtraS: Float64Array;
  private target: ImpairmentTarget | null = null;
  /** Groups whose effect differs from the base before the traffic model exists. */
  private readonly pending = new Map<number, StoreClientEffect>();
  private baselineSet = false;

  constructor(serviceNames: readonly string[], clusterCount: number) {
    this.serviceNames = serviceNames;
    this.clusterCount = clusterCount;
    const groups = serviceNames.length * clusterCount;
    this.baseLatencyS = new Float64Array(groups);
    this.appliedError = new Float64Array(groups);
    this.appliedExtraS = new Float64Array(groups);
  }

  /** Impairment id of a group: −1, −2, … (fault episodes are numbered from 0). */
  static impairmentId(group: number): number {
    return -1 - group;
  }

  baseline(effects: readonly StoreClientEffect[]): void {
    if (this.baselineSet) throw new RangeError('the datastore baseline is set once, at set-up');
    if (this.target !== null) throw new RangeError('the datastore baseline must come before the traffic model is built');
    this.baselineSet = true;
    for (const e of effects) {
      const g = this.group(e);
      this.baseLatencyS[g] = e.latencyS;
      // A store unavailable from the start (a sync store without a reachable standby): an impairment from time 0.
      if (e.errorRatio > 0) this.pending.set(g, e);
    }
  }

  changed(effects: readonly StoreClientEffect[]): void {
    for (const e of effects) {
      if (this.target === null) this.pending.set(this.group(e), e);
      else this.apply(e);
    }
  }

  /** The traffic model now exists: effects from here on go to it (those that came before, at once). */
  attach(target: ImpairmentTarget): void {
    this.target = target;
    for (const e of this.pending.values()) this.apply(e);
    this.pending.clear();
  }

  private group(e: StoreClientEffect): number {
    if (!(e.service >= 0 && e.service < this.serviceNames.length && e.cluster >= 0 && e.cluster < this.clusterCount)) {
      throw new RangeError(`store effect on service ${e.service}, cluster ${e.cluster}: no such group`);
    }
    if (!(e.errorRatio >= 0 && e.errorRatio <= 1) || !(e.latencyS >= 0)) throw new RangeError(`store effect on service ${e.service}, cluster ${e.cluster}: errorRatio ${e.errorRatio}, latency ${e.latencyS} s`);
    return e.service * this.clusterCount + e.cluster;
  }

  private apply(e: StoreClientEffect): void {
    const g = this.group(e);
    const extraS = e.latencyS - this.baseLatencyS[g];
    // Below a nanosecond is the base latency recomputed with rounding, not a change.
    const extra = Math.abs(extraS) < 1e-9 ? 0 : extraS;
    if (e.errorRatio === this.appliedError[g] && extra === this.appliedExtraS[g]) return;
    this.appliedError[g] = e.errorRatio;
    this.appliedExtraS[g] = extra;
    const impairment: Impairment = {
      clusters: [e.cluster],
      services: [this.serviceNames[e.service]],
      scope: 'pods',
      errorRatio: e.errorRatio,
      extraLatencyMs: extra * 1000,
      capacityLostRatio: 0,
    };
    this.target!.impair(StoreEffectSink.impairmentId(g), impairment, e.errorRatio > 0 || extra !== 0);
  }
}
