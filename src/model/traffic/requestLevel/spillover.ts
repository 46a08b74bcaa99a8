import type { SpilloverSpec } from '../../../scenario/types.js';
import type { RequestWorld } from './world.js';

/** Depth of a cluster's room bucket, in seconds of its room. */
export const ROOM_DEPTH_S = 1;

/**
 * Anycast spill-over at request level (semantics §9). The global load balancer meters each
 * cluster's room, maxUtilization × capacity (capacity = the entry pool's servers ÷ its holding
 * time, as in the fluid model's spillover.ts), as a token bucket refilled at that rate and
 * ROOM_DEPTH_S of it deep. A user's request goes to its nearest healthy cluster (the route the
 * fluid model answers) when that cluster has a token; else to the next nearest healthy cluster (by
 * the user's RTT) that holds more than half its depth, and so on; when none has room, to the
 * nearest (whose pool then sheds by its policy). Spilled requests take only the upper half of a
 * bucket, so they never crowd out a cluster's own nearest users: below their room those keep the
 * bucket from emptying, as the fluid model's rounds serve each cluster's nearest users first and
 * spilled users from what is left.
 */
export class Spillover {
  private readonly w: RequestWorld;
  private readonly spec: SpilloverSpec;
  /** Per user region, clusters nearest first. */
  private readonly order: Int32Array[];
  private readonly tokens: Float64Array;
  private readonly atS: Float64Array;

  constructor(w: RequestWorld, spec: SpilloverSpec, users: number) {
    this.w = w;
    this.spec = spec;
    const C = w.clusterCount;
    const clusters = Array.from({ length: C }, (_, c) => c);
    this.order = Array.from({ length: users }, (_, u) => Int32Array.from([...clusters].sort((a, b) => w.fluid.userRttS(u, a) - w.fluid.userRttS(u, b) || a - b)));
    const groups = w.policyInto.length * C;
    this.tokens = new Float64Array(groups).fill(Number.NaN);
    this.atS = new Float64Array(groups);
  }

  /** Where user region u's request goes, given the cluster its route picked (the nearest healthy). */
  pick(u: number, entry: number, nearest: number): number {
    const w = this.w;
    const C = w.clusterCount;
    const inView = w.fluid.ingress.inView;
    const now = w.timers.now;
    if (this.take(entry * C + nearest, now, 1)) return nearest;
    for (const c of this.order[u]) {
      const g = entry * C + c;
      if (c === nearest || !w.dataplaneUp(c) || w.state.ready[g] === 0 || inView[g] !== 1) continue;
      if (this.take(g, now, 0.5)) return c;
    }
    return nearest;
  }

  /** Take a token from group g's bucket if it holds more than `above` of its depth plus one. */
  private take(g: number, nowS: number, share: number): boolean {
    const rate = this.spec.maxUtilization * this.w.pools.capacityPerS(g);
    const depth = Math.max(1, ROOM_DEPTH_S * rate);
    const t = Number.isNaN(this.tokens[g]) ? depth : Math.min(depth, this.tokens[g] + (nowS - this.atS[g]) * rate);
    this.atS[g] = nowS;
    const floor = share >= 1 ? 0 : (1 - share) * depth;
    if (t - floor >= 1) {
      this.tokens[g] = t - 1;
      return true;
    }
    this.tokens[g] = t;
    return false;
  }
}
