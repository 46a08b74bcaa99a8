import type { Distribution } from '../../../engine/distributions.js';
import type { RandomStream } from '../../../engine/rng.js';
import type { RuntimeState } from '../../runtime/state.js';
import type { FluidTraffic } from '../fluid.js';
import type { Cause, HopPolicy } from './policy.js';
import type { RequestPools } from './pools.js';
import type { RetryBudget } from './retryBudget.js';
import type { Timers } from './timers.js';

/**
 * How a hop or a task hears its outcome: ok, or failed with a cause (ignored when ok); with the
 * latency breakdown on, a success carries its parts (Parts), else null.
 */
/** `own`: the pool itself failed the attempt (impaired), so the hop that sent it may retry it. */
export type Outcome = (ok: boolean, cause: Cause, parts: Parts | null, own?: boolean) => void;

/**
 * Where a successful request's time went, per service hop: [network, queueing, service, retries]
 * × service (latencyBreakdown.ts's layout), seconds. Built bottom-up: a task's own wait and
 * service plus its calls' parts (of parallel calls the slowest's), a hop's round trip and the time
 * before its successful attempt (failed attempts, backoff) on top of the attempt's.
 */
export type Parts = Float64Array;

/** One call edge of a service, as the request level makes it. */
export interface CallEdge {
  readonly to: number;
  /** Mean calls per request (fractional: one more with the fractional part's probability). */
  readonly n: number;
  readonly mode: 'sequential' | 'parallel' | 'async';
  /** For async edges: the edge's index among the caller's calls (names its queue). */
  readonly index: number;
}

/** The timers of a request's steps (each its own event type). */
export interface RequestSteps {
  /** A user's request arrives. */
  readonly userArrival: Timers;
  /** An attempt reaches its pool, half a round trip after it was sent. */
  readonly poolArrival: Timers;
  /** A task's service ends. */
  readonly served: Timers;
  /** An answer reaches its caller (half a round trip back; a user's whole round trip). */
  readonly callReturned: Timers;
}

/** Counts of attempts the request level made (for tests and the summary). */
export interface AttemptCounts {
  attempts: number;
  retries: number;
  /** Attempts the caller gave up on at their per-try timeout. */
  perTryTimeouts: number;
  shed: number;
}

/**
 * What the request level's parts share: the engine's clock (timers), one random stream for
 * service, routing and retry draws, the fluid model's routing answers, the pods, the pools, the
 * retry policies and budget. Built once by RequestLevelTraffic; `call`, `serve` and `publish` are
 * its hooks into the parts that would otherwise import each other.
 */
export interface RequestWorld {
  /** Timeouts, backoff pauses, queue pumps. */
  readonly timers: Timers;
  /** One event type per step of a request, so that a trace reads as the request's path. */
  readonly steps: RequestSteps;
  readonly rng: RandomStream;
  readonly fluid: FluidTraffic;
  readonly state: RuntimeState;
  readonly clusterCount: number;
  readonly dataplaneUp: (cluster: number) => boolean;
  readonly pools: RequestPools;
  readonly budget: RetryBudget;
  /** Per callee service, the policy of a call into it. */
  readonly policyInto: readonly HopPolicy[];
  readonly serviceTime: readonly Distribution[];
  /** Held concurrency: a task keeps its server until its synchronous calls are done. */
  readonly held: boolean;
  readonly calls: readonly (readonly CallEdge[])[];
  readonly counts: AttemptCounts;
  /** Services × 4 when the latency breakdown is kept, else 0 (no parts are made). */
  readonly partsLength: number;
  /** Make a synchronous call from a task in cluster `from` into `service` (a hop with its retries). */
  call(service: number, from: number, outcome: Outcome): void;
  /** Offer a request to a pool; false when shed. The outcome comes when its task is done. */
  serve(service: number, cluster: number, outcome: Outcome): boolean;
  /** A task of `service` in `cluster` puts a message on its async edge `index`. */
  publish(service: number, index: number, cluster: number): void;
}

/** A whole number of calls with mean n: ⌊n⌋, plus one with probability n − ⌊n⌋ (as the fluid model's E[q^N]). */
export function callCount(n: number, rng: RandomStream): number {
  const whole = Math.floor(n);
  return whole + (n > whole && rng.next() < n - whole ? 1 : 0);
}
