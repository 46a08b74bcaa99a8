import type { Simulator } from '../../engine/simulator.js';
import type { MeshPolicy } from '../../scenario/types.js';
import type { RuntimeState } from '../runtime/state.js';
import { countFailures, ejectIfDue, failingHosts, inlineEjectionDelayS, inPanic, maxEjectableHosts, nextChangeS, returnIfDue, type FailingHosts } from './outlierDetection.js';

/**
 * Dead endpoints still listed in a pool (pods on a dead node before it is marked NotReady): a share
 * of the requests sent to the pool hit them and fail. Plain Kubernetes Services keep sending to them.
 * A mesh's outlier detection takes them out:
 * - `ejection: interval`: once they have been failing for its interval, never more than its
 *   maxEjectionPercent of the pool's traffic;
 * - `ejection: inline` (Envoy): each dead endpoint on its consecutive5xx-th consecutive failure,
 *   consecutive5xx ÷ (attempts per endpoint per second) after it died, at most maxEjectionPercent
 *   of the listed endpoints but at least one; it returns after baseEjectionTime × times ejected,
 *   fails again and is ejected again for longer; below minHealthPercent healthy the proxies
 *   balance across all endpoints (panic). docs/traffic/outlier-detection.md.
 */
export class DeadEndpoints {
  private readonly sim: Simulator;
  private readonly state: RuntimeState;
  private readonly mesh: MeshPolicy | undefined;
  /**
   * Per group: requests per second offered to the pool in the last evaluation (the load flow's
   * offeredPerS, set by the fluid model), for ejections that follow the request rate.
   */
  offeredPerS: Float64Array | null = null;
  /** Per group (service × clusterCount + cluster): when its lost count went from 0 to > 0 (NaN: none lost). */
  readonly lostSinceS: Float64Array;
  /** The groups whose lostSinceS is set (some endpoint lost). */
  private readonly lostGroups = new Set<number>();
  /** Inline ejection only (null otherwise): per group its dead endpoints, oldest first (the first to be delisted). */
  private readonly dead: FailingHosts[][] | null;
  /** Inline only: per group, attempts per second reaching each endpoint in rotation since `countedToS` (the last evaluation's). */
  private readonly attemptsPerEndpointS: Float64Array;
  private readonly countedToS: Float64Array;

  constructor(sim: Simulator, state: RuntimeState, mesh: MeshPolicy | undefined, groupCount: number) {
    this.sim = sim;
    this.state = state;
    this.mesh = mesh;
    this.lostSinceS = new Float64Array(groupCount).fill(Number.NaN);
    const inline = mesh?.outlierDetection.ejection === 'inline';
    this.dead = inline ? Array.from({ length: groupCount }, () => []) : null;
    this.attemptsPerEndpointS = new Float64Array(inline ? groupCount : 0);
    this.countedToS = new Float64Array(inline ? groupCount : 0);
  }

  /** A group's lost count may have changed. */
  groupChanged(group: number): void {
    const lost = this.state.lost[group];
    if (lost > 0 && Number.isNaN(this.lostSinceS[group])) {
      this.lostSinceS[group] = this.sim.now;
      this.lostGroups.add(group);
    } else if (lost === 0) {
      this.lostSinceS[group] = Number.NaN;
      this.lostGroups.delete(group);
    }
    if (this.dead === null) return;
    // Failures so far count at the old rate; then endpoints died (new ones at the end) or were delisted (the oldest).
    this.settle(group);
    const list = this.dead[group];
    while (list.length < lost) list.push(failingHosts(1));
    while (list.length > lost) list.shift();
  }

  /** The next time after `nowS` at which an ejection changes a share (Infinity: none pending). */
  nextEjectionS(nowS: number): number {
    if (this.mesh === undefined) return Number.POSITIVE_INFINITY;
    if (this.dead !== null) return this.nextInlineS(nowS);
    const intervalS = this.mesh.outlierDetection.intervalS;
    let next = Number.POSITIVE_INFINITY;
    // Only the groups with lost endpoints: the model asks after every evaluation, and a large fleet has thousands of groups.
    for (const group of this.lostGroups) {
      const since = this.lostSinceS[group];
      if (since + intervalS > nowS) next = Math.min(next, since + intervalS);
    }
    return next;
  }

  /** Share of a pool's traffic that its dead-but-listed endpoints swallow right now. */
  share(group: number): number {
    const state = this.state;
    const listed = state.ready[group] + state.lost[group];
    if (listed === 0) return 0;
    const share = state.lost[group] / listed;
    if (this.mesh === undefined || share === 0) return share;
    const detection = this.mesh.outlierDetection;
    if (this.dead !== null) {
      this.settle(group);
      const ejected = this.ejected(group);
      if (ejected === 0 || inPanic(listed, ejected, detection.minHealthPercent)) return share;
      // Ejected endpoints get nothing: the pool's traffic spreads over the ones left, dead or not.
      return listed === ejected ? 0 : (state.lost[group] - ejected) / (listed - ejected);
    }
    if (this.sim.now - this.lostSinceS[group] < detection.intervalS) return share;
    return Math.max(0, share - detection.maxEjectionPercent / 100);
  }

  /** Dead endpoints of the group ejected now (inline). */
  ejected(group: number): number {
    let n = 0;
    for (const h of this.dead![group]) n += h.ejected;
    return n;
  }

  /** Inline: seconds from a dead endpoint's return to rotation to its ejection at the last evaluation's rate. */
  private delayS(group: number): number {
    return inlineEjectionDelayS(this.mesh!.outlierDetection.consecutive5xx, 1, this.attemptsPerEndpointS[group]);
  }

  /**
   * Inline: bring the group's dead endpoints to now: count the failures since the last time at
   * the rate then, return those whose ejection is over, eject those whose counter is full (oldest
   * first) while the max ejection percent allows.
   */
  private settle(group: number): void {
    const now = this.sim.now;
    const list = this.dead![group];
    const dtS = now - this.countedToS[group];
    this.countedToS[group] = now;
    if (list.length === 0) return;
    const delayS = this.delayS(group);
    for (const h of list) countFailures(h, dtS, delayS);
    for (const h of list) returnIfDue(h, now);
    const detection = this.mesh!.outlierDetection;
    const listed = this.state.ready[group] + this.state.lost[group];
    let slots = maxEjectableHosts(listed, detection.maxEjectionPercent) - this.ejected(group);
    for (const h of list) slots -= ejectIfDue(h, now, slots, detection.baseEjectionTimeS);
  }

  /**
   * Inline, after an evaluation: settle every group, take the evaluation's offered rates as the
   * rate until the next one (each endpoint in rotation gets offered ÷ endpoints in rotation; all
   * of them in panic), and find the next return or ejection.
   */
  private nextInlineS(nowS: number): number {
    const dead = this.dead!;
    const state = this.state;
    const detection = this.mesh!.outlierDetection;
    let next = Number.POSITIVE_INFINITY;
    for (let g = 0; g < dead.length; g++) {
      if (dead[g].length === 0) continue;
      this.settle(g);
      const listed = state.ready[g] + state.lost[g];
      const ejected = this.ejected(g);
      const inRotation = inPanic(listed, ejected, detection.minHealthPercent) ? listed : listed - ejected;
      const offered = this.offeredPerS === null ? 0 : this.offeredPerS[g];
      this.attemptsPerEndpointS[g] = inRotation > 0 ? offered / inRotation : 0;
      const delayS = this.delayS(g);
      const slotFree = ejected < maxEjectableHosts(listed, detection.maxEjectionPercent);
      for (const h of dead[g]) {
        const t = nextChangeS(h, nowS, delayS, slotFree);
        if (t > nowS) next = Math.min(next, t);
      }
    }
    return next;
  }
}
