import type { SpilloverSpec } from '../../../scenario/types.js';
import type { RequestWorld } from './world.js';

/** Time constant of the busy share a global load balancer steers by, s (GCP reports backend utilization every few seconds). */
export const SPILLOVER_WINDOW_S = 1;

/**
 * Anycast spill-over at request level (semantics §9): a user goes to the nearest healthy cluster
 * (by the user's RTT) whose entry pool's busy share, as the load balancer sees it, is below
 * maxUtilization; past it, to the next nearest with room; when none has room, to the nearest. The
 * balancer sees a smoothed busy share: an exponential average with SPILLOVER_WINDOW_S of the share
 * sampled at each user arrival (Poisson arrivals see time averages, so it follows the time-average
 * utilization). The nearest cluster thus takes users until its utilization reaches the threshold
 * and hovers there, the fluid model's "fill the nearest up to maxUtilization of capacity".
 */
export class Spillover {
  private readonly w: RequestWorld;
  private readonly spec: SpilloverSpec;
  /** Per user region, clusters nearest first. */
  private readonly order: Int32Array[];
  private readonly smoothed: Float64Array;
  private readonly atS: Float64Array;

  constructor(w: RequestWorld, spec: SpilloverSpec, users: number) {
    this.w = w;
    this.spec = spec;
    const C = w.clusterCount;
    this.order = Array.from({ length: users }, (_, u) => Int32Array.from(Array.from({ length: C }, (_, c) => c).sort((a, b) => w.fluid.userRttS(u, a) - w.fluid.userRttS(u, b) || a - b)));
    const groups = w.policyInto.length * C;
    this.smoothed = new Float64Array(groups);
    this.atS = new Float64Array(groups).fill(Number.NaN);
  }

  /** Where user region u's request goes, given the cluster its route picked (the nearest healthy). */
  pick(u: number, entry: number, nearest: number): number {
    const w = this.w;
    const C = w.clusterCount;
    const inView = w.fluid.ingress.inView;
    const now = w.timers.now;
    for (const c of this.order[u]) {
      const g = entry * C + c;
      if (!w.dataplaneUp(c) || w.state.ready[g] === 0 || (c !== nearest && inView[g] !== 1)) continue;
      if (this.busyShare(g, now) < this.spec.maxUtilization) return c;
    }
    return nearest;
  }

  private busyShare(g: number, nowS: number): number {
    const share = this.w.pools.busyShare(g);
    if (Number.isNaN(this.atS[g])) this.smoothed[g] = share;
    else this.smoothed[g] += (1 - Math.exp(-(nowS - this.atS[g]) / SPILLOVER_WINDOW_S)) * (share - this.smoothed[g]);
    this.atS[g] = nowS;
    return this.smoothed[g];
  }
}
