import { EventQueue, type EventHandle } from './eventQueue.js';

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
  private nowS = 0;
  private stopRequested = false;
  private dispatched = 0;

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

  /** Events dispatched since construction. */
  get eventsDispatched(): number {
    return this.dispatched;
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
    if (!(timeS >= this.nowS)) {
      throw new RangeError(`cannot schedule at ${timeS} s: it is before now (${this.nowS} s) or not a number`);
    }
    if (timeS === Number.POSITIVE_INFINITY) throw new RangeError('cannot schedule at infinity');
    if (type < 0 || type >= this.handlers.length || (type | 0) !== type) {
      throw new RangeError(`unknown event type ${type}`);
    }
    return this.queue.push(timeS, type, arg, this.nowS);
  }

  /** Schedule an event `delayS` seconds from now. */
  after(delayS: number, type: number, arg = 0): EventHandle {
    if (!(delayS >= 0)) throw new RangeError(`delay must be >= 0 s, got ${delayS}`);
    return this.at(this.nowS + delayS, type, arg);
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
    const queue = this.queue;
    const handlers = this.handlers;
    this.stopRequested = false;
    let count = 0;
    let reason: StopReason;
    for (;;) {
      if (count >= maxEvents) {
        reason = 'events';
        break;
      }
      const t = queue.peekTime();
      // `t === +Infinity` means empty; it must be tested apart since Infinity > Infinity is false.
      if (t > untilS || t === Number.POSITIVE_INFINITY) {
        if (untilS !== Number.POSITIVE_INFINITY) this.nowS = untilS;
        reason = t === Number.POSITIVE_INFINITY ? 'empty' : 'time';
        break;
      }
      queue.pop();
      this.nowS = queue.poppedTime;
      const type = queue.poppedType;
      const arg = queue.poppedArg;
      count++;
      if (this.trace !== null) this.trace(this.nowS, type, this.typeNames[type], arg);
      handlers[type](arg);
      if (this.stopRequested) {
        reason = 'stopped';
        break;
      }
    }
    this.dispatched += count;
    return { reason, events: count, nowS: this.nowS };
  }

  /** Drop all pending events and reset the clock to zero. Handlers stay registered. */
  reset(): void {
    this.queue.clear();
    this.nowS = 0;
    this.stopRequested = false;
  }
}
