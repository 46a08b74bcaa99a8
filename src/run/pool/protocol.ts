/**
 * Messages between the worker pool and its workers (structured clone), and the shared counters of
 * a run. A worker is told its init data once, then each run once (the whole job list and the
 * counters); it takes job indices itself from the shared counter, so no thread waits for another
 * to hand it work, and the calling thread can take jobs too without starving the workers.
 */
export type ToWorker<I, J> =
  | { readonly init: I }
  | { readonly run: number; readonly jobs: readonly J[]; readonly counters: SharedArrayBuffer };

export type FromWorker<R, P> =
  | { readonly run: number; readonly id: number; readonly result: R }
  | { readonly run: number; readonly id: number; readonly progress: P }
  | { readonly run: number; readonly id: number; readonly error: string; readonly stack: string | null }
  /** The worker found no job left (or the run was stopped) and waits for the next run. */
  | { readonly run: number; readonly idle: true };

/** Int32 slots of a run's SharedArrayBuffer. */
export const NEXT_JOB = 0;
/** Non-zero: take no more jobs (abort, or a job failed). */
export const STOP = 1;
export const COUNTER_SLOTS = 2;

/** The next job index of a run, or -1 when none is left or the run is stopped. */
export function takeJob(counters: Int32Array, jobCount: number): number {
  if (Atomics.load(counters, STOP) !== 0) return -1;
  const id = Atomics.add(counters, NEXT_JOB, 1);
  return id < jobCount ? id : -1;
}
