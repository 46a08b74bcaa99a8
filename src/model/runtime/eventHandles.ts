import type { Simulator } from '../../engine/simulator.js';

/**
 * Cancel the pending event whose handle is stored at `handles[i]`, if any, and mark the slot empty.
 * Controllers keep one handle per entity (node, queue) in a Float64Array; −1 means none pending.
 */
export function cancelHandle(sim: Simulator, handles: Float64Array, i: number): void {
  if (handles[i] >= 0) sim.cancel(handles[i]);
  handles[i] = -1;
}
