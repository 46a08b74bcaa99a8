import type { SheddingSpec } from '../../../scenario/types.js';
import type { RuntimeState } from '../../runtime/state.js';
import { Fifo } from './fifo.js';

/** Work a pool serves: told when it takes one of the pool's servers. */
export interface PoolWork {
  start(): void;
}

/** Depth of the utilization policy's token bucket: this many seconds of admissions at its rate (at least one per server). */
export const BUCKET_DEPTH_S = 1;

/** A refill timed to bring exactly one token may fall a rounding error short: count it whole. */
const TOKEN_SLACK = 1e-9;

/** Time constant of the measured holding time (held concurrency), s. */
const HOLDING_WINDOW = 200;

/**
 * The pools of the request level: per group (service × cluster) c = ready pods × concurrencyPerPod
 * servers in front of one FIFO, and the design's shedding policy at the door (semantics §4):
 * - `none`: every arrival is admitted; the FIFO is unbounded.
 * - `queueLength`: an arrival that finds every server busy waits if fewer than maxQueuedPerPod ×
 *   ready pods are waiting, else it is refused (shed): an M/G/c/K queue, K = c + that bound.
 * - `utilization`: admit at most maxUtilization × capacity per second, capacity = servers ÷ holding
 *   time, and refuse the rest at once. The request-level equivalent of the fluid model's rate rule is
 *   a token bucket refilled at that rate and BUCKET_DEPTH_S of it deep: below the threshold it
 *   refuses almost nothing (a Poisson stream rarely outruns a second's worth of tokens refilled
 *   faster than it drains them), above it the admitted rate is the threshold and the excess is refused, as the fluid
 *   model's admitted share min(1, m × capacity ÷ offered). Refusing on the instantaneous busy share
 *   instead (busy ≥ m × c) would shed a pool at 80% busy whenever its servers briefly fill, which the
 *   fluid model never does. Admitted work queues without bound (the rate keeps it stable).
 * The holding time is the mean service time, or with held concurrency the measured mean time a
 * server is held (service plus synchronous calls), averaged over the last ~HOLDING_WINDOW releases.
 *
 * Pods that come (Ready) or go change c at once; work in service on a pod that died finishes (the
 * request level does not lose in-flight requests, as the fluid model). Waiting work starts when a
 * server frees or when the pool is next offered work with a free server.
 */
export class RequestPools {
  private readonly state: RuntimeState;
  private readonly clusterCount: number;
  private readonly concurrency: Int32Array;
  private readonly shedding: SheddingSpec;
  private readonly held: boolean;
  readonly busy: Int32Array;
  private readonly queues: Fifo<PoolWork>[];
  private readonly holdingS: Float64Array;
  private readonly tokens: Float64Array;
  private readonly tokensAtS: Float64Array;
  /** Per group, callbacks waiting for room (queues of async messages), run on the next release. */
  private readonly waiters: ((() => void)[] | undefined)[];
  /** Largest FIFO length seen, per group. */
  readonly maxQueued: Int32Array;

  /** Crash-looping pods (impairments) are not servers; absent: every ready pod serves. */
  servingPods: ((group: number, ready: number) => number) | null = null;

  constructor(state: RuntimeState, clusterCount: number, concurrency: Int32Array, meanServiceS: Float64Array, shedding: SheddingSpec, held: boolean) {
    this.state = state;
    this.clusterCount = clusterCount;
    this.concurrency = concurrency;
    this.shedding = shedding;
    this.held = held;
    const groups = concurrency.length * clusterCount;
    this.busy = new Int32Array(groups);
    this.queues = Array.from({ length: groups }, () => new Fifo<PoolWork>());
    this.holdingS = Float64Array.from({ length: groups }, (_, g) => meanServiceS[Math.floor(g / clusterCount)]);
    this.tokens = new Float64Array(groups).fill(Number.NaN);
    this.tokensAtS = new Float64Array(groups);
    this.waiters = new Array(groups).fill(undefined);
    this.maxQueued = new Int32Array(groups);
  }

  servers(group: number): number {
    const ready = this.state.ready[group];
    const pods = this.servingPods !== null ? this.servingPods(group, ready) : ready;
    return pods * this.concurrency[Math.floor(group / this.clusterCount)];
  }

  queued(group: number): number {
    return this.queues[group].length;
  }

  /** Requests per second the pool serves at most: servers ÷ holding time. */
  capacityPerS(group: number): number {
    return this.servers(group) / this.holdingS[group];
  }

  /** Busy share of the pool's servers right now (1 with none). */
  busyShare(group: number): number {
    const c = this.servers(group);
    return c > 0 ? Math.min(1, this.busy[group] / c) : 1;
  }

  /** Offer work at `nowS`: true when admitted (started or queued), false when refused (shed). */
  offer(group: number, work: PoolWork, nowS: number): boolean {
    this.startWaiting(group);
    const servers = this.servers(group);
    const sh = this.shedding;
    if (sh.policy === 'utilization' && !this.takeToken(group, servers, sh.maxUtilization, nowS)) return false;
    if (this.busy[group] < servers && this.queues[group].length === 0) {
      this.busy[group]++;
      work.start();
      return true;
    }
    const q = this.queues[group];
    if (sh.policy === 'queueLength' && q.length >= sh.maxQueuedPerPod * this.state.ready[group]) return false;
    q.push(work);
    if (q.length > this.maxQueued[group]) this.maxQueued[group] = q.length;
    return true;
  }

  /** Whether an offer now would be admitted (for a consumer that pulls only what the pool takes). */
  hasRoom(group: number, nowS: number): boolean {
    const servers = this.servers(group);
    const sh = this.shedding;
    if (servers <= 0) return false;
    if (sh.policy === 'utilization') {
      this.refill(group, servers, sh.maxUtilization, nowS);
      return this.tokens[group] >= 1 - TOKEN_SLACK;
    }
    if (sh.policy === 'queueLength') return this.busy[group] < servers || this.queues[group].length < sh.maxQueuedPerPod * this.state.ready[group];
    return true;
  }

  /** Seconds until hasRoom may turn true without a release (the next token); Infinity: wait for a release. */
  roomInS(group: number): number {
    const sh = this.shedding;
    if (sh.policy !== 'utilization') return Number.POSITIVE_INFINITY;
    const rate = this.tokenRate(group, this.servers(group), sh.maxUtilization);
    return rate > 0 ? Math.max(0, 1 - this.tokens[group]) / rate : Number.POSITIVE_INFINITY;
  }

  /** Run `fn` once, at the next release of a server of the group. */
  onRelease(group: number, fn: () => void): void {
    (this.waiters[group] ??= []).push(fn);
  }

  /** A server is given back after being held `heldS`; waiting work starts. */
  release(group: number, heldS: number): void {
    this.busy[group]--;
    if (this.held) this.holdingS[group] += (heldS - this.holdingS[group]) / HOLDING_WINDOW;
    this.startWaiting(group);
    const w = this.waiters[group];
    if (w !== undefined && w.length > 0) {
      this.waiters[group] = undefined;
      for (const fn of w) fn();
    }
  }

  private startWaiting(group: number): void {
    const q = this.queues[group];
    if (q.length === 0) return;
    const servers = this.servers(group);
    while (q.length > 0 && this.busy[group] < servers) {
      this.busy[group]++;
      q.shift().start();
    }
  }

  private tokenRate(group: number, servers: number, maxUtilization: number): number {
    return (maxUtilization * servers) / this.holdingS[group];
  }

  private refill(group: number, servers: number, maxUtilization: number, nowS: number): void {
    const depth = Math.max(1, servers, BUCKET_DEPTH_S * this.tokenRate(group, servers, maxUtilization));
    if (Number.isNaN(this.tokens[group])) this.tokens[group] = depth;
    else this.tokens[group] = Math.min(depth, this.tokens[group] + (nowS - this.tokensAtS[group]) * this.tokenRate(group, servers, maxUtilization));
    this.tokensAtS[group] = nowS;
  }

  private takeToken(group: number, servers: number, maxUtilization: number, nowS: number): boolean {
    this.refill(group, servers, maxUtilization, nowS);
    if (this.tokens[group] < 1 - TOKEN_SLACK) return false;
    this.tokens[group] = Math.max(0, this.tokens[group] - 1);
    return true;
  }
}
