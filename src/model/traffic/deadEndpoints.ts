import type { Simulator } from '../../engine/simulator.js';
import type { MeshPolicy } from '../../scenario/types.js';
import type { RuntimeState } from '../runtime/state.js';

/**
 * Dead endpoints still listed in a pool (pods on a dead node before it is marked NotReady): a share
 * of the requests sent to the pool hit them and fail. Plain Kubernetes Services keep sending to them;
 * a mesh's outlier detection ejects them once they have been failing for its interval, but never more
 * than its maxEjectionPercent of the pool.
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

  constructor(sim: Simulator, state: RuntimeState, mesh: MeshPolicy | undefined, groupCount: number) {
    this.sim = sim;
    this.state = state;
    this.mesh = mesh;
    this.lostSinceS = new Float64Array(groupCount).fill(Number.NaN);
  }

  /** A group's lost count may have changed. */
  groupChanged(group: number): void {
    const lost = this.state.lost[group];
    if (lost > 0 && Number.isNaN(this.lostSinceS[group])) this.lostSinceS[group] = this.sim.now;
    else if (lost === 0) this.lostSinceS[group] = Number.NaN;
  }

  /** The next time after `nowS` at which an ejection changes a share (Infinity: none pending). */
  nextEjectionS(nowS: number): number {
    if (this.mesh === undefined) return Number.POSITIVE_INFINITY;
    const intervalS = this.mesh.outlierDetection.intervalS;
    let next = Number.POSITIVE_INFINITY;
    for (const since of this.lostSinceS) if (!Number.isNaN(since) && since + intervalS > nowS) next = Math.min(next, since + intervalS);
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
    if (this.sim.now - this.lostSinceS[group] < detection.intervalS) return share;
    return Math.max(0, share - detection.maxEjectionPercent / 100);
  }
}
