import { DEFAULT_SHEDDING } from '../../scenario/shedding.js';
import type { SheddingSpec } from '../../scenario/specs/shedding.js';
import type { BacklogHolder } from './backlog.js';

/**
 * Pools overloaded past their capacity under a queueing shedding policy (designs[].traffic.shedding
 * queueLength or none): their backlogs grow and drain between evaluations; waits follow the
 * backlog; timed-out work still takes capacity; retries add load; a retry storm can outlast its
 * trigger (docs/traffic/retries-timeouts-overload.md).
 *
 * The fluid picture: a pool serves at its capacity c = servers ÷ holding time while it has a
 * backlog B or is offered more than c. Each evaluation (loadFlow.ts policyPool) sets, per pool, the
 * rate the backlog grows at (the attempts it admits − c; negative: it drains), with B's wait
 * B ÷ c deciding which attempts time out and so how many are retried. Between evaluations B moves
 * linearly at that rate, within [0, queue limit] (pods × maxQueuedPerPod under queueLength: beyond
 * it arrivals are shed, which the evaluation counts). The model is woken (nextChangeInS) when a
 * backlog would empty or fill, when its wait crosses the attempt limit T (per-try timeout, or the
 * overall one) and every 10% of T below 2T, where the timed-out share still moves with the wait
 * (without a limit: every 25% of the backlog); beyond 2T everything served times out whatever the
 * wait (service times are taken to be far below T), so nothing changes until it drains.
 */
export interface OverloadSummary {
  /** Seconds in which some pool had a backlog past its capacity (after warm-up). */
  readonly overloadedS: number;
  /** Seconds in which some pool stayed overloaded although its offered load without retries fit its capacity: a retry storm outlasting its trigger. */
  readonly stormS: number;
  /** Largest backlog of any pool, requests. */
  readonly maxBacklogRequests: number;
}

/** Smallest step between wake-ups, s: a guard against evaluating over and over at one instant. */
const MIN_WAKE_S = 1e-3;
/** Wake when the wait moved by this share of the attempt limit… */
const WAIT_STEP_OF_LIMIT = 0.1;
/** …while the wait is below this many limits. */
const TRACKED_LIMITS = 2;
/** Without an attempt limit: wake when the backlog moved by this share of itself (or a second's work). */
const BACKLOG_STEP = 0.25;

export class PoolBacklogs implements BacklogHolder {
  /** The design's shedding policy (configure); the default is fleetsim's utilization threshold. */
  shedding: SheddingSpec = DEFAULT_SHEDDING;
  private warmupS = 0;
  /** Simulated time the backlogs were advanced to (the sum of advance() steps). */
  private clockS = 0;
  /** Per group: backlog, requests. */
  private readonly backlog: Float64Array;
  /** Per group, the last evaluation's: growth rate of the backlog, requests/s (negative: draining). */
  private readonly growthPerS: Float64Array;
  /** Per group: capacity, attempts/s (0: no server). */
  private readonly capacityPerS: Float64Array;
  /** Per group: largest backlog (Infinity under `none`). */
  private readonly limit: Float64Array;
  /** Per group: the attempt limit T of calls into it, s (Infinity: none). */
  private readonly limitS: Float64Array;
  /** Per group: 1 when its offered requests, first attempts only, exceed its capacity (the trigger, not a storm). */
  private readonly triggered: Uint8Array;
  /** Per group: 1 when an evaluation set it since the last advance (see dropUnset). */
  private readonly seen: Uint8Array;
  private overloadedS = 0;
  private stormS = 0;
  private maxBacklog = 0;

  constructor(groups: number) {
    this.backlog = new Float64Array(groups);
    this.growthPerS = new Float64Array(groups);
    this.capacityPerS = new Float64Array(groups);
    this.limit = new Float64Array(groups).fill(Number.POSITIVE_INFINITY);
    this.limitS = new Float64Array(groups).fill(Number.POSITIVE_INFINITY);
    this.triggered = new Uint8Array(groups);
    this.seen = new Uint8Array(groups);
  }

  /**
   * The design's shedding policy and warm-up (the overload summary counts after it, as the ledger,
   * which fluid.ts resets at warmupS). Returns this, for the one line that wires it.
   */
  configure(shedding: SheddingSpec, warmupS: number): this {
    this.shedding = shedding;
    this.warmupS = warmupS;
    return this;
  }

  /** Whether pools queue past their capacity (queueLength, none) rather than refuse (utilization). */
  get queueing(): boolean {
    return this.shedding.policy !== 'utilization';
  }

  /** A pool's backlog, requests. */
  backlogOf(group: number): number {
    return this.backlog[group];
  }

  /** The rate a pool's backlog grows at as of the last evaluation, requests/s (negative: it drains). */
  growthOf(group: number): number {
    return this.growthPerS[group];
  }

  /**
   * What this evaluation found at a pool under a queueing policy: its backlog grows at `growthPerS`
   * (admitted attempts − capacity when overloaded, 0 in steady state), up to `limit`; `firstPerS`
   * is the rate of first attempts reaching live pods (what it is offered without retries).
   */
  set(group: number, growthPerS: number, capacityPerS: number, limit: number, limitS: number, firstPerS: number): void {
    this.growthPerS[group] = growthPerS;
    this.capacityPerS[group] = capacityPerS;
    this.limit[group] = limit;
    this.limitS[group] = limitS;
    this.triggered[group] = firstPerS >= capacityPerS ? 1 : 0;
    this.seen[group] = 1;
    if (this.backlog[group] > limit) this.backlog[group] = limit;
  }

  /**
   * Pools no evaluation visited since the last advance: their cluster's data plane is down (the
   * per-cluster path skips such clusters; the fleet-wide one sees no server there and clears them
   * too): the connections are gone, and with them the queue (its requests were counted on arrival).
   */
  private dropUnset(): void {
    const seen = this.seen;
    for (let g = 0; g < seen.length; g++) if (seen[g] === 0 && (this.backlog[g] > 0 || this.growthPerS[g] !== 0)) this.clear(g);
  }

  /** A pool with no server (no ready pod, or its data plane down): whatever was queued is gone. */
  clear(group: number): void {
    this.backlog[group] = 0;
    this.growthPerS[group] = 0;
    this.capacityPerS[group] = 0;
    this.triggered[group] = 0;
    this.seen[group] = 1;
  }

  advance(dtS: number): void {
    if (!this.queueing || !(dtS > 0)) {
      this.clockS += Math.max(0, dtS);
      return;
    }
    this.dropUnset();
    this.seen.fill(0);
    const start = this.clockS;
    const end = start + dtS;
    this.clockS = end;
    // Counted after warm-up only: the part of the interval past it.
    const countFrom = Math.max(0, this.warmupS - start);
    let overloadedFor = 0;
    let stormFor = 0;
    const { backlog, growthPerS, limit } = this;
    for (let g = 0; g < backlog.length; g++) {
      const b0 = backlog[g];
      const rate = growthPerS[g];
      if (b0 <= 0 && rate <= 0) continue;
      // Overloaded while the backlog is non-zero or growing; a draining one until it empties.
      const busyFor = rate < 0 ? Math.min(dtS, b0 / -rate) : dtS;
      const b1 = Math.min(limit[g], Math.max(0, b0 + rate * dtS));
      backlog[g] = b1;
      const counted = Math.max(0, busyFor - countFrom);
      if (counted <= 0) continue;
      overloadedFor = Math.max(overloadedFor, counted);
      if (this.triggered[g] === 0) stormFor = Math.max(stormFor, counted);
      const bFrom = Math.min(limit[g], Math.max(0, b0 + rate * countFrom));
      this.maxBacklog = Math.max(this.maxBacklog, bFrom, b1);
    }
    this.overloadedS += overloadedFor;
    this.stormS += stormFor;
  }

  nextChangeInS(): number {
    if (!this.queueing) return Number.POSITIVE_INFINITY;
    this.dropUnset();
    let next = Number.POSITIVE_INFINITY;
    const { backlog, growthPerS, limit, capacityPerS, limitS } = this;
    for (let g = 0; g < backlog.length; g++) {
      const b = backlog[g];
      const rate = growthPerS[g];
      if (rate === 0 || (b <= 0 && rate < 0)) continue;
      const cap = capacityPerS[g];
      if (rate < 0) next = Math.min(next, b / -rate); // empties
      else if (Number.isFinite(limit[g]) && b < limit[g]) next = Math.min(next, (limit[g] - b) / rate); // fills
      if (!(cap > 0)) continue;
      const T = limitS[g];
      if (Number.isFinite(T)) {
        // The wait b/cap crosses T, 2T, and every 10% of T below 2T.
        const waitS = b / cap;
        const stepS = WAIT_STEP_OF_LIMIT * T;
        if (waitS < TRACKED_LIMITS * T || rate < 0) {
          let targetS: number;
          if (rate > 0) targetS = Math.min(TRACKED_LIMITS * T, (Math.floor(waitS / stepS + 1e-9) + 1) * stepS);
          else targetS = waitS > TRACKED_LIMITS * T ? TRACKED_LIMITS * T : (Math.ceil(waitS / stepS - 1e-9) - 1) * stepS;
          if (targetS >= 0) next = Math.min(next, Math.abs((targetS - waitS) * cap) / Math.abs(rate));
        }
      } else {
        const step = Math.max(BACKLOG_STEP * b, cap);
        next = Math.min(next, step / Math.abs(rate));
      }
    }
    return Number.isFinite(next) ? Math.max(MIN_WAKE_S, next) : next;
  }

  /**
   * Under a queueing policy, always: an overload can start from any state with an empty backlog, so
   * no evaluation is a function of the cache's key alone (a cached one would not set the growth
   * rates this holder advances at).
   */
  active(): boolean {
    return this.queueing;
  }

  markDay(): void {}

  /** Under a queueing policy no day repeats, marked or not: nothing to wait for. */
  dayCanStart(): boolean {
    return true;
  }

  /** Under a queueing policy never (see active); otherwise there is nothing to compare. */
  sameAsMark(): boolean {
    return !this.queueing;
  }

  repeatDay(periodS: number, times: number): void {
    this.advance(times * periodS);
  }

  summary(): OverloadSummary | undefined {
    if (!this.queueing) return undefined;
    return { overloadedS: this.overloadedS, stormS: this.stormS, maxBacklogRequests: this.maxBacklog };
  }
}
