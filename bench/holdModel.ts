import { EventQueue } from '../src/engine/eventQueue.js';
import { Simulator } from '../src/engine/simulator.js';
import { FastRng } from './fastRng.js';

/**
 * The hold model (Jones 1986; Rönngren & Ayani 1997): keep N events pending; each step removes the
 * earliest and schedules one at its time plus an Exp(1) increment. Queue size stays N, so ns per
 * hold is the cost of one pop plus one push at that size.
 */

/** Seed of the increments; bench/c/hold.c uses the same one. */
export const HOLD_SEED = 12345;

/** Hold through the public Simulator API: dispatch to a handler that schedules the next event. */
export class SimulatorHold {
  readonly sim: Simulator;
  private readonly rng = new FastRng(HOLD_SEED);

  constructor(readonly pending: number) {
    this.sim = new Simulator(pending + 16);
    const sim = this.sim;
    const rng = this.rng;
    const HOLD = sim.register('hold', (arg) => {
      sim.after(rng.nextExp(), HOLD, arg);
    });
    for (let i = 0; i < pending; i++) sim.at(rng.nextExp(), HOLD, i);
  }

  run(holds: number): void {
    this.sim.run({ maxEvents: holds });
  }

  get nowS(): number {
    return this.sim.now;
  }
}

/** Hold on the bare EventQueue: pop, then push the successor; no dispatch, no run-loop checks. */
export class QueueHold {
  readonly queue: EventQueue;
  private readonly rng = new FastRng(HOLD_SEED);
  private now = 0;

  constructor(readonly pending: number) {
    this.queue = new EventQueue(pending + 16);
    for (let i = 0; i < pending; i++) this.queue.push(this.rng.nextExp(), 0, i, 0);
  }

  run(holds: number): void {
    const q = this.queue;
    const rng = this.rng;
    let now = this.now;
    for (let k = 0; k < holds; k++) {
      q.pop();
      now = q.poppedTime;
      q.push(now + rng.nextExp(), q.poppedType, q.poppedArg, now);
    }
    this.now = now;
  }

  get nowS(): number {
    return this.now;
  }
}

/** Holds that bring the pending times to their steady-state spread before measuring. */
export function warmupHolds(pending: number): number {
  return Math.max(pending * 4, 1_000_000);
}
