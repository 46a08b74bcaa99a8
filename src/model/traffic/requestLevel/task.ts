import type { Cause } from './policy.js';
import type { PoolWork } from './pools.js';
import { PART_QUEUEING, PART_SERVICE, PARTS } from '../latencyBreakdown.js';
import { callCount, type Outcome, type Parts, type RequestWorld } from './world.js';

/**
 * One request admitted by a pool (semantics §1): it waits for a server, is served for a sampled
 * service time, puts its async calls' messages on their queues (they take no time), makes its
 * sequential calls one after another, then all its parallel calls at once and waits for the
 * slowest, and answers. A failed call fails the task with the call's cause at once (a parallel
 * call's failure does not wait for the others). The server is given back after the service, or
 * with held concurrency once the calls are done too.
 */
export class Task implements PoolWork {
  private readonly w: RequestWorld;
  private readonly service: number;
  private readonly cluster: number;
  private readonly outcome: Outcome;
  private startS = 0;
  private holding = false;
  private finished = false;
  /** Next call edge, and calls left on it (-1: not drawn yet). */
  private edge = 0;
  private left = -1;
  private pending = 0;
  /** The latency breakdown's parts (null when it is off); from the pool's admission on. */
  private readonly parts: Parts | null;
  private readonly admittedS: number;

  constructor(w: RequestWorld, service: number, cluster: number, outcome: Outcome) {
    this.w = w;
    this.service = service;
    this.cluster = cluster;
    this.outcome = outcome;
    this.parts = w.partsLength > 0 ? new Float64Array(w.partsLength) : null;
    this.admittedS = w.timers.now;
  }

  start(): void {
    const w = this.w;
    this.startS = w.timers.now;
    this.holding = true;
    // An impaired pool's extra latency is served on top of the service time (request-path rule 1).
    const serviceS = w.serviceTime[this.service].sample(w.rng) + w.fluid.activeImpairments.extraLatencyS[this.service * w.clusterCount + this.cluster];
    if (this.parts !== null) {
      this.parts[this.service * PARTS + PART_QUEUEING] += this.startS - this.admittedS;
      this.parts[this.service * PARTS + PART_SERVICE] += serviceS;
    }
    w.steps.served.after(serviceS, () => this.served());
  }

  private served(): void {
    if (!this.w.held) this.giveBack();
    // Then it fails `impaired` with the pool's error ratio (drawn only when the pool is impaired).
    const err = this.w.fluid.activeImpairments.errorRatio[this.service * this.w.clusterCount + this.cluster];
    if (err > 0 && this.w.rng.next() < err) return this.finish(false, 'impaired', true);
    const edges = this.w.calls[this.service];
    for (const e of edges) {
      if (e.mode !== 'async') continue;
      for (let i = callCount(e.n, this.w.rng); i > 0; i--) this.w.publish(this.service, e.index, this.cluster);
    }
    this.nextSequential();
  }

  private nextSequential(): void {
    const w = this.w;
    const edges = w.calls[this.service];
    for (;;) {
      if (this.edge >= edges.length) return this.fork();
      const e = edges[this.edge];
      if (e.mode !== 'sequential') {
        this.edge++;
        continue;
      }
      if (this.left < 0) this.left = callCount(e.n, w.rng);
      if (this.left === 0) {
        this.edge++;
        this.left = -1;
        continue;
      }
      this.left--;
      return w.call(e.to, this.cluster, (ok, cause, parts) => {
        if (!ok) return this.finish(false, cause);
        this.absorb(parts);
        this.nextSequential();
      });
    }
  }

  /** The parallel calls: all at once after the sequential ones, joined on the slowest. */
  private fork(): void {
    const w = this.w;
    const edges = w.calls[this.service];
    let total = 0;
    const targets: number[] = [];
    for (const e of edges) {
      if (e.mode !== 'parallel') continue;
      for (let i = callCount(e.n, w.rng); i > 0; i--) targets.push(e.to);
      total = targets.length;
    }
    if (total === 0) return this.finish(true, 'timeout');
    this.pending = total;
    // They all start now, so the last to answer is the slowest: only its parts count.
    const joined: Outcome = (ok, cause, parts) => {
      if (this.finished) return;
      if (!ok) return this.finish(false, cause);
      if (--this.pending > 0) return;
      this.absorb(parts);
      this.finish(true, cause);
    };
    for (const to of targets) {
      if (this.finished) return;
      w.call(to, this.cluster, joined);
    }
  }

  private finish(ok: boolean, cause: Cause, own = false): void {
    this.finished = true;
    if (this.holding) this.giveBack();
    this.outcome(ok, cause, ok ? this.parts : null, own);
  }

  /** A successful call's parts join the task's. */
  private absorb(parts: Parts | null): void {
    if (this.parts === null || parts === null) return;
    for (let i = 0; i < parts.length; i++) this.parts[i] += parts[i];
  }

  private giveBack(): void {
    this.holding = false;
    this.w.pools.release(this.service * this.w.clusterCount + this.cluster, this.w.timers.now - this.startS);
  }
}
