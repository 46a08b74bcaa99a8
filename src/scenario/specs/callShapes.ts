/** The resolved types of workload.services[].calls[].mode and .queue (a leaf module: see ../callShapes.ts). */

/**
 * How a caller makes one call edge (docs/traffic.md, "Call shapes"):
 * - `sequential`: the caller waits for it, one call after another (the default);
 * - `parallel`: the caller sends all its parallel calls together and waits for the slowest;
 * - `async`: the call is a message put on a queue; the caller does not wait, and the callee drains
 *   the queue at its own pace.
 */
export type CallMode = 'sequential' | 'parallel' | 'async';

/** The queue between an asynchronous caller and its callee (one per caller cluster and edge). */
export interface AsyncQueueSpec {
  /** Messages the queue holds at most; one more is dropped (lost). */
  readonly capacityMessages: number;
  /** Messages per second its consumers take at most; undefined: as fast as the callee's pools admit. */
  readonly drainPerS: number | undefined;
}
