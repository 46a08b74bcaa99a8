import type { PoolState } from './pool.js';

/** What owns pools: a load flow (kept abstract here so that the flow can import this module). */
export interface PoolHolder {
  readonly pools: readonly PoolState[];
}

/**
 * Which flow of an HourSlots last computed each pool busy (numbered records: `stamp` per group, 0
 * while never busy). One flow keeps an idle pool's waits from the last pass that made it busy
 * ('keepWaits'); the flows of the hours share this so that each does the same. The owner's pool
 * holds those waits until the owner computes it busy again (a new record) or makes it idle, when it
 * keeps them: so they are read from the owner's pool when needed, not copied at every pass.
 */
export class SharedIdleWaits {
  readonly stamp: Int32Array;
  /** The groups some flow has computed busy, in the order first recorded (the only ones an idle pool can take waits for). */
  readonly everBusy: number[] = [];
  private readonly owner: (PoolHolder | null)[];
  private records = 0;

  constructor(groups: number) {
    this.stamp = new Int32Array(groups);
    this.owner = new Array<PoolHolder | null>(groups).fill(null);
  }

  /** `flow` computed pool `group` busy (or kept it busy) after someone else did: returns the record's number. */
  record(group: number, flow: PoolHolder): number {
    this.owner[group] = flow;
    if (this.stamp[group] === 0) this.everBusy.push(group);
    return (this.stamp[group] = ++this.records);
  }

  /** Into an idle pool: the waits its group was last busy with (what 'keepWaits' leaves in one flow). */
  restore(group: number, pool: PoolState): void {
    const from = this.owner[group]!.pools[group];
    pool.pWait = from.pWait;
    pool.waitRatePerS = from.waitRatePerS;
    pool.utilization = from.utilization;
  }
}
