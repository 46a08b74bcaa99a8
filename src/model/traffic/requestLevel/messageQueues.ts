import type { AsyncQueueSpec } from '../../../scenario/types.js';
import type { AsyncQueueSummary } from '../asyncQueues.js';
import { pickCluster } from '../routing.js';
import { Fifo } from './fifo.js';
import type { RequestWorld } from './world.js';

/** Pause before a consumer tries again when the callee has no reachable pool (no ready pod, data plane down, partition), s. */
export const UNREACHABLE_POLL_S = 0.05;

const TOKEN_SLACK = 1e-9;

/**
 * The queue of one async call edge in one caller cluster (semantics §7), simulated message by
 * message. The caller puts a message and goes on; a message that finds capacityMessages waiting
 * is dropped. Consumers pull: a message leaves the queue when the callee's pool (routed as a call
 * from the caller's cluster) would admit it and, with drainPerS, no faster than that rate (a
 * token bucket one message deep); it is then served as a request (its own calls included). A
 * message whose processing fails goes back to the front and is delivered again. Its age is the
 * time from being put to the start of the delivery that succeeded. Dead endpoints do not take
 * messages (a consumer that pulls is a live pod), and moving the message to the consumer is not
 * timed.
 */
export class MessageQueue {
  private readonly w: RequestWorld;
  private readonly callee: number;
  private readonly from: number;
  private readonly spec: AsyncQueueSpec;
  private readonly warmupS: number;
  readonly edge: string;
  readonly cluster: string;
  private readonly backlog = new Fifo<number>();
  private tokens = 1;
  private tokensAtS = 0;
  /** A pump is booked (timer or release) and will come. */
  private waiting = false;
  messages = 0;
  dropped = 0;
  maxBacklog = 0;
  maxAgeS = 0;
  private ageSumS = 0;
  private delivered = 0;

  constructor(w: RequestWorld, callee: number, from: number, spec: AsyncQueueSpec, names: { edge: string; cluster: string }, warmupS: number) {
    this.w = w;
    this.callee = callee;
    this.from = from;
    this.spec = spec;
    this.edge = names.edge;
    this.cluster = names.cluster;
    this.warmupS = warmupS;
  }

  put(): void {
    const now = this.w.timers.now;
    const measured = now >= this.warmupS;
    if (measured) this.messages++;
    if (this.backlog.length >= this.spec.capacityMessages) {
      if (measured) this.dropped++;
      return;
    }
    this.backlog.push(now);
    if (measured && this.backlog.length > this.maxBacklog) this.maxBacklog = this.backlog.length;
    if (!this.waiting) this.pump();
  }

  private readonly wake = (): void => {
    this.waiting = false;
    this.pump();
  };

  private pump(): void {
    const w = this.w;
    while (this.backlog.length > 0) {
      const now = w.timers.now;
      const drain = this.spec.drainPerS;
      if (drain !== undefined) {
        this.tokens = Math.min(1, this.tokens + (now - this.tokensAtS) * drain);
        this.tokensAtS = now;
        // A sleep computed to refill exactly one token may land a rounding error short of it.
        if (this.tokens < 1 - TOKEN_SLACK) return this.sleep((1 - this.tokens) / drain);
      }
      const to = pickCluster(w.fluid.routeOfCall(this.callee, this.from), w.rng.next());
      const group = this.callee * w.clusterCount + to;
      if (to < 0 || !w.dataplaneUp(to) || w.state.ready[group] === 0 || w.fluid.linkState(this.from, to).partitioned) return this.sleep(UNREACHABLE_POLL_S);
      if (!w.pools.hasRoom(group, now)) {
        const inS = w.pools.roomInS(group);
        if (inS < Number.POSITIVE_INFINITY) return this.sleep(inS);
        this.waiting = true;
        w.pools.onRelease(group, this.wake);
        return;
      }
      if (drain !== undefined) this.tokens = Math.max(0, this.tokens - 1);
      const putS = this.backlog.shift();
      const admitted = w.serve(this.callee, to, (ok) => {
        if (ok) return this.deliveredOne(now - putS, now);
        this.backlog.unshift(putS);
        if (!this.waiting) this.pump();
      });
      if (!admitted) {
        this.backlog.unshift(putS);
        return this.sleep(UNREACHABLE_POLL_S);
      }
    }
  }

  private sleep(s: number): void {
    this.waiting = true;
    this.w.timers.after(s, this.wake);
  }

  private deliveredOne(ageS: number, atS: number): void {
    if (atS < this.warmupS) return;
    this.delivered++;
    this.ageSumS += ageS;
    if (ageS > this.maxAgeS) this.maxAgeS = ageS;
  }

  summary(): AsyncQueueSummary {
    return {
      edge: this.edge,
      cluster: this.cluster,
      messages: this.messages,
      droppedMessages: this.dropped,
      maxBacklogMessages: this.maxBacklog,
      maxAgeS: this.maxAgeS,
      meanAgeS: this.delivered > 0 ? this.ageSumS / this.delivered : 0,
    };
  }
}
