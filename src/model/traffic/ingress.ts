import type { Simulator } from '../../engine/simulator.js';
import type { RandomStream } from '../../engine/rng.js';
import type { Distribution } from '../../engine/distributions.js';
import type { IngressPolicy } from '../../scenario/types.js';

/**
 * Global ingress: health checks against each cluster's entry endpoint decide which clusters the
 * DNS answer (GSLB) or the anycast load balancer sends users to. A checker probes every interval at
 * its own phase; after `threshold` consecutive failures the cluster leaves the answer, after as many
 * successes it returns. Under DNS, clients that cached the old answer keep using it for the rest of
 * their TTL plus a caching overshoot; anycast switches at once.
 */
export class IngressHealth {
  private readonly sim: Simulator;
  readonly policy: IngressPolicy;
  private readonly intervalS: number;
  private readonly threshold: number;
  private readonly phaseS: Float64Array;
  /** What the checks currently say (1 = in the answer). */
  readonly inView: Uint8Array;
  /** What is true (1 = the endpoint would pass a check). */
  private readonly truth: Uint8Array;
  private readonly flipHandle: Float64Array;
  private readonly FLIP: number;
  /** Called when a key enters or leaves the answer. */
  onViewChange: ((key: number, inView: boolean, nowS: number) => void) | null = null;

  /** Quantiles of the client caching overshoot (DNS only), for the stale-answer integral. */
  private readonly overshootS: Float64Array;
  readonly ttlS: number;

  constructor(sim: Simulator, policy: IngressPolicy, keys: number, phases: RandomStream, overshoot: Distribution | undefined) {
    this.sim = sim;
    this.policy = policy;
    this.intervalS = policy.healthCheckIntervalS;
    this.threshold = policy.kind === 'dns' ? policy.failureThreshold : policy.unhealthyThreshold;
    this.ttlS = policy.kind === 'dns' ? policy.ttlS : 0;
    this.phaseS = new Float64Array(keys);
    for (let k = 0; k < keys; k++) this.phaseS[k] = phases.next() * this.intervalS;
    this.inView = new Uint8Array(keys).fill(1);
    this.truth = new Uint8Array(keys).fill(1);
    this.flipHandle = new Float64Array(keys).fill(-1);
    const q = 16;
    this.overshootS = new Float64Array(q);
    if (policy.kind === 'dns' && overshoot !== undefined) for (let j = 0; j < q; j++) this.overshootS[j] = Math.max(0, overshoot.quantile((j + 0.5) / q));
    this.FLIP = sim.register('traffic/healthCheckVerdict', (key) => this.onFlip(key));
  }

  /** Seconds from a change of the truth at `tS` until the checks agree: the threshold-th probe after it. */
  detectionDelayS(key: number, tS: number): number {
    const phase = this.phaseS[key];
    const first = phase + Math.ceil((tS - phase) / this.intervalS) * this.intervalS;
    return first + (this.threshold - 1) * this.intervalS - tS;
  }

  /** The endpoint's real health changed. */
  setTruth(key: number, healthy: boolean): void {
    const v = healthy ? 1 : 0;
    if (this.truth[key] === v) return;
    this.truth[key] = v;
    if (this.flipHandle[key] >= 0) {
      this.sim.cancel(this.flipHandle[key]);
      this.flipHandle[key] = -1;
    }
    if (this.inView[key] !== v) this.flipHandle[key] = this.sim.after(this.detectionDelayS(key, this.sim.now), this.FLIP, key);
  }

  private onFlip(key: number): void {
    this.flipHandle[key] = -1;
    if (this.inView[key] === this.truth[key]) return;
    this.inView[key] = this.truth[key];
    this.onViewChange?.(key, this.inView[key] === 1, this.sim.now);
  }

  /**
   * Integral over [aS, bS) (seconds since the answer changed) of the share of clients still using
   * the old answer: their remaining cache time is uniform over the TTL, plus the overshoot.
   */
  staleIntegral(aS: number, bS: number): number {
    if (this.policy.kind !== 'dns' || bS <= aS) return 0;
    const ttl = this.ttlS;
    const q = this.overshootS.length;
    let sum = 0;
    for (let j = 0; j < q; j++) {
      const o = this.overshootS[j];
      // stale(x) = 1 for x < o; 1 − (x − o)/ttl for o ≤ x < o + ttl; 0 after.
      sum += clipLinearIntegral(aS, bS, o, ttl);
    }
    return sum / q;
  }

  /** Share of clients on the old answer at `xS` seconds after the change. */
  staleAt(xS: number): number {
    if (this.policy.kind !== 'dns') return 0;
    let sum = 0;
    for (const o of this.overshootS) sum += xS < o ? 1 : this.ttlS > 0 && xS < o + this.ttlS ? 1 - (xS - o) / this.ttlS : 0;
    return sum / this.overshootS.length;
  }

  /** When the last stale client is gone, seconds after the change. */
  staleHorizonS(): number {
    if (this.policy.kind !== 'dns') return 0;
    let max = 0;
    for (const o of this.overshootS) max = Math.max(max, o);
    return max + this.ttlS;
  }
}

/** ∫_a^b of f(x) = 1 (x < o), 1 − (x − o)/w (o ≤ x < o + w), 0 (after); w = 0 gives a step. */
function clipLinearIntegral(a: number, b: number, o: number, w: number): number {
  let total = 0;
  // Flat part.
  const flatEnd = Math.min(b, o);
  if (flatEnd > a) total += flatEnd - a;
  if (w > 0) {
    const lo = Math.max(a, o);
    const hi = Math.min(b, o + w);
    if (hi > lo) {
      const f = (x: number) => x - o - ((x - o) * (x - o)) / (2 * w);
      total += f(hi) - f(lo);
    }
  }
  return total;
}
