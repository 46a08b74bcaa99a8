import { EventQueue, type EventHandle } from './eventQueue.js';
import type { RandomStream } from './rng.js';

/** Handles one event type. `arg` is the number given when the event was scheduled. */
export type EventHandler = (arg: number) => void;

/** Called for every event before its handler, when set. For tests and debugging. */
export type TraceHook = (timeS: number, type: number, typeName: string, arg: number) => void;

export interface RunLimits {
  /** Stop before the first event later than this time; the clock is left at this time. */
  untilS?: number;
  /** Stop after this many events have been dispatched by this call. */
  maxEvents?: number;
}

export type StopReason = 'empty' | 'time' | 'events' | 'stopped';

export interface RunResult {
  reason: StopReason;
  events: number;
  nowS: number;
}

/**
 * The discrete-event kernel: a clock, a future event set and integer-typed handlers registered
 * once. It knows nothing about what the events mean.
 */
export class Simulator {
  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private readonly typeNames: string[] = [];
  // The clock. The queue keeps a copy (EventQueue.nowS: pop() moves it, run() and reset() set it)
  // so that afterExp()/afterFrom() schedule relative to it without a double crossing a call; at()
  // and the run loop read this field, as fast as before the copy existed.
  private nowS = 0;
  private stopRequested = false;
  private dispatched = 0;
  private stopReason: StopReason = 'empty';

  /** Set to observe every event; null (the default) costs one comparison per event. */
  trace: TraceHook | null = null;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Current simulated time in seconds. */
  get now(): number {
    return this.nowS;
  }

  /** Events pending (scheduled, not yet fired or cancelled). */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Events dispatched since construction, the one being handled included: read inside a handler it
   * is exact, so a model can tell whether anything but its own events ran between two of them.
   */
  get eventsDispatched(): number {
    return this.dispatched;
  }

  /**
   * Time of the earliest pending event whose type is not in `ignoredTypes`, or +Infinity: how far a
   * model may look ahead knowing nothing else will happen. O(pending): ask rarely.
   */
  nextTimeExcept(ignoredTypes: readonly number[]): number {
    const ignored = new Uint8Array(this.handlers.length);
    for (const t of ignoredTypes) ignored[t] = 1;
    return this.queue.earliestExcept(ignored);
  }

  /** Register a handler; returns the integer event type to schedule it with. */
  register(name: string, handler: EventHandler): number {
    if (typeof handler !== 'function') throw new TypeError(`handler for "${name}" must be a function`);
    this.handlers.push(handler);
    this.typeNames.push(name);
    return this.handlers.length - 1;
  }

  typeName(type: number): string {
    return this.typeNames[type] ?? `#${type}`;
  }

  /** Schedule an event at absolute time `timeS` (not before now). */
  at(timeS: number, type: number, arg = 0): EventHandle {
    // One combined test on the hot path; messages are built out of line. Keeping this path's
    // bytecode small leaves V8's inlining budget to the model's handler code that calls it.
    // handlers[type] is undefined for any type that is not a registered index (negative, fractional, NaN, too big).
    if (!(timeS >= this.nowS && timeS < Number.POSITIVE_INFINITY) || this.handlers[type] === undefined) {
      throw scheduleError(timeS, type, this.nowS, this.handlers.length);
    }
    return this.queue.push(timeS, type, arg, this.nowS);
  }

  /** Schedule an event `delayS` seconds from now. */
  after(delayS: number, type: number, arg = 0): EventHandle {
    if (!(delayS >= 0)) throw delayError(delayS);
    return this.at(this.nowS + delayS, type, arg);
  }

  /**
   * Schedule an event `offsetS` plus an exponential delay of mean `meanS` from now, the delay
   * drawn from `stream` by inversion: the same time, from the same stream position, as
   * `after(offsetS + exponential(meanS).sample(stream), type, arg)`. The difference is that no
   * double crosses a function call here (see EventQueue.pushAfterExp), so a handler that draws and
   * schedules this way allocates nothing even when it is too large for V8 to inline everything it
   * calls; after() boxes its time whenever V8 leaves it, or the queue's push, a real call.
   * Pass `offsetS` and `meanS` from variables set up front, not computed per event. Returns
   * nothing (a handle would be boxed); use after() for an event you may cancel.
   */
  afterExp(offsetS: number, meanS: number, stream: RandomStream, type: number, arg = 0): void {
    if (!(offsetS >= 0 && offsetS < Number.POSITIVE_INFINITY && meanS > 0 && meanS < Number.POSITIVE_INFINITY) || this.handlers[type] === undefined) {
      throw afterExpError(offsetS, meanS, type, this.handlers.length);
    }
    this.queue.pushAfterExp(offsetS, meanS, stream, type, arg);
  }

  /**
   * Schedule an event `delaysS[index]` seconds from now: the same time as
   * `after(delaysS[index], type, arg)`, but the delay reaches the queue through the array, never as
   * a call argument, so it is not boxed when V8 leaves the scheduling call un-inlined (see
   * afterExp). For delays the handler computes itself; keep one small Float64Array per model and
   * write the delay into it just before the call. Returns nothing (a handle would be boxed).
   */
  afterFrom(delaysS: Float64Array, index: number, type: number, arg = 0): void {
    const delayS = delaysS[index];
    if (!(delayS >= 0 && delayS < Number.POSITIVE_INFINITY) || this.handlers[type] === undefined) {
      throw afterFromError(delayS, index, type, this.handlers.length);
    }
    this.queue.pushAfterFrom(delaysS, index, type, arg);
  }

  /** Cancel a pending event; false if it has fired or was already cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** Ask the running loop to return after the current handler. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Time of the next pending event, or +Infinity. */
  peekTime(): number {
    return this.queue.peekTime();
  }

  /**
   * Dispatch events in time order until the queue is empty, the next event lies beyond `untilS`,
   * `maxEvents` have run, or a handler calls stop().
   */
  run(limits: RunLimits = {}): RunResult {
    const untilS = limits.untilS ?? Number.POSITIVE_INFINITY;
    const maxEvents = limits.maxEvents ?? Number.POSITIVE_INFINITY;
    if (!(untilS >= this.nowS)) throw new RangeError(`run until ${untilS} s is before now (${this.nowS} s)`);
    this.stopRequested = false;
    const count = this.dispatchLoop(untilS, maxEvents);
    return { reason: this.stopReason, events: count, nowS: this.nowS };
  }

  /**
   * The event loop proper, apart from run() so that the code V8 compiles on-stack while the loop
   * is hot ends in a plain `return`: when run() held the loop, each optimized copy deoptimized at
   * the result object after the loop, and the next run() call restarted in unoptimized code.
   */
  private dispatchLoop(untilS: number, maxEvents: number): number {
    const queue = this.queue;
    const handlers = this.handlers;
    // One counter: the run's events are the dispatch count's growth (it is read live by models).
    const start = this.dispatched;
    const stopAt = start + maxEvents;
    for (;;) {
      if (this.dispatched >= stopAt) {
        this.stopReason = 'events';
        return this.dispatched - start;
      }
      // One call finds, checks and removes the next event (no separate peek); it also moves the
      // queue's copy of the clock.
      if (!queue.popUntil(untilS)) {
        if (untilS !== Number.POSITIVE_INFINITY) this.nowS = queue.nowS = untilS;
        this.stopReason = queue.size === 0 ? 'empty' : 'time';
        return this.dispatched - start;
      }
      this.nowS = queue.poppedTime;
      const type = queue.poppedType;
      const arg = queue.poppedArg;
      this.dispatched++;
      if (this.trace !== null) this.trace(this.nowS, type, this.typeNames[type], arg);
      handlers[type](arg);
      if (this.stopRequested) {
        this.stopReason = 'stopped';
        return this.dispatched - start;
      }
    }
  }

  /** Drop all pending events and reset the clock to zero. Handlers stay registered. */
  reset(): void {
    this.queue.clear(); // and its clock back to zero
    this.nowS = 0;
    this.stopRequested = false;
  }
}

/** The error for an invalid at(): which of its checks failed. */
function scheduleError(timeS: number, type: number, nowS: number, types: number): RangeError {
  if (!(timeS >= nowS)) return new RangeError(`cannot schedule at ${timeS} s: it is before now (${nowS} s) or not a number`);
  if (timeS === Number.POSITIVE_INFINITY) return new RangeError('cannot schedule at infinity');
  return new RangeError(`unknown event type ${type} (${types} registered)`);
}

function afterExpError(offsetS: number, meanS: number, type: number, types: number): RangeError {
  if (!(offsetS >= 0 && offsetS < Number.POSITIVE_INFINITY)) return new RangeError(`offset must be a finite number >= 0 s, got ${offsetS}`);
  if (!(meanS > 0 && meanS < Number.POSITIVE_INFINITY)) return new RangeError(`mean delay must be a finite number > 0 s, got ${meanS}`);
  return new RangeError(`unknown event type ${type} (${types} registered)`);
}

function afterFromError(delayS: number | undefined, index: number, type: number, types: number): RangeError {
  if (delayS === undefined) return new RangeError(`delay index ${index} is outside the array`);
  if (!(delayS >= 0 && delayS < Number.POSITIVE_INFINITY)) return new RangeError(`delay must be a finite number >= 0 s, got ${delayS}`);
  return new RangeError(`unknown event type ${type} (${types} registered)`);
}

function delayError(delayS: number): RangeError {
  return new RangeError(`delay must be >= 0 s, got ${delayS}`);
}
