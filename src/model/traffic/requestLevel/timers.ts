import type { Simulator } from '../../../engine/simulator.js';

/**
 * Callbacks on the engine's clock for the request-level mode. The engine schedules integer-typed
 * events carrying one number; the request level's events belong to objects (a hop, a task, a
 * queue), so one event type carries a slot index into a table of callbacks. A slot is freed when
 * its event fires or is cancelled, and only then reused, so no event can reach a later callback.
 */
export class Timers {
  private readonly sim: Simulator;
  private readonly type: number;
  private readonly callbacks: (((() => void) | undefined))[] = [];
  private readonly handles: number[] = [];
  private readonly free: number[] = [];

  constructor(sim: Simulator, name: string) {
    this.sim = sim;
    this.type = sim.register(name, (slot) => this.fire(slot));
  }

  get now(): number {
    return this.sim.now;
  }

  /** Run `fn` after `delayS` seconds; returns a slot for cancel(). */
  after(delayS: number, fn: () => void): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.callbacks.length;
    this.callbacks[slot] = fn;
    this.handles[slot] = this.sim.after(delayS, this.type, slot);
    return slot;
  }

  /** Cancel a pending callback; a slot whose callback already ran (-1 or stale) is ignored by the caller keeping -1. */
  cancel(slot: number): void {
    if (slot < 0 || this.callbacks[slot] === undefined) return;
    this.sim.cancel(this.handles[slot]);
    this.callbacks[slot] = undefined;
    this.free.push(slot);
  }

  private fire(slot: number): void {
    const fn = this.callbacks[slot]!;
    this.callbacks[slot] = undefined;
    this.free.push(slot);
    fn();
  }
}
