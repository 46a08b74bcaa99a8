import type { EventHandle } from '../../engine/eventQueue.js';
import type { Simulator } from '../../engine/simulator.js';
import type { StepTimer } from './failover.js';

/** A store's single pending timer of one event type: setting it again replaces the pending one. */
export function storeTimer(sim: Simulator, type: number, store: number): StepTimer {
  let handle: EventHandle = -1;
  return {
    set(delayS: number): void {
      if (handle >= 0) sim.cancel(handle);
      handle = sim.after(Math.max(0, delayS), type, store);
    },
    clear(): void {
      if (handle >= 0) sim.cancel(handle);
      handle = -1;
    },
  };
}
