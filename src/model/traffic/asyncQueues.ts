import type { BacklogHolder } from './backlog.js';
import { FluidQueue } from './fluidQueue.js';
import { MAX_UTILIZATION, type PoolState } from './pool.js';
import type { ServiceModel } from './serviceModel.js';

/**
 * The queues of asynchronous calls (workload.services[].calls[].mode: async), one per call edge and
 * caller cluster (docs/traffic/call-shapes.md): the caller puts a message on it and goes on, so the
 * message's fate never changes the caller's success or latency. The queue's consumers take messages
 * to the callee's pools along the call's route, at most drainPerS a second (queue.drainRate), and a
 * message the callee does not admit (shed, no ready pod, a dead endpoint) is redelivered: it stays
 * queued. Messages are not bound to a target cluster, which is why there is one queue per edge and
 * caller cluster and not one per target: when the route changes (the callee's region fails and
 * comes back) the backlog follows it instead of waiting for the cluster it was first headed to.
 *
 * Between evaluations a queue is a fluid FIFO (fluidQueue.ts) with constant arrivals and
 * departures; the load flow reads from here what each queue offers the callees (delivered), and
 * after its last pass tells what they admitted (settle):
 * - empty: the consumers offer the arrivals, plus the redeliveries of those that met a dead
 *   endpoint or no pod at the last evaluation (arrivals ÷ the share that reached a live pod: the rate
 *   at which an empty queue stays empty), at most drainPerS. Refusals for want of capacity are not
 *   redelivered at once: a callee that cannot keep up makes the queue grow, the second regime;
 * - holding messages: drainPerS, or without a drain rate what the callee pools had free at the last
 *   evaluation (their admission limit less what others sent them).
 * Departures are what the callees admitted of that; the backlog grows or drains at arrivals −
 * departures, and arrivals past capacityMessages are dropped.
 */
export interface AsyncQueueSummary {
  /** "caller→callee" */
  readonly edge: string;
  readonly cluster: string;
  /** Messages the callers put on the queue (after warm-up). */
  readonly messages: number;
  /** Of those, dropped because the queue was full. */
  readonly droppedMessages: number;
  readonly maxBacklogMessages: number;
  /** Longest time a message waited (the oldest message's age at its worst). */
  readonly maxAgeS: number;
  /** Mean time messages waited (Little's law: ∫ backlog dt ÷ messages queued). */
  readonly meanAgeS: number;
}

/** One queue: its fluid FIFO and what the current evaluation sent where. */
interface EdgeQueue {
  readonly caller: number;
  readonly callee: number;
  readonly cluster: number;
  readonly callsPerRequest: number;
  /** Messages per second the consumers take at most (Infinity: as fast as the callee admits). */
  readonly drainPerS: number;
  readonly fifo: FluidQueue;
  /**
   * Share of what the consumers offered that reached a live pod at the last evaluation (1 before
   * any; 0 where the callee had none): refusals that do not depend on the load, unlike shedding.
   */
  reachedShare: number;
  /** Whether messages were ever put on it (its rates then matter to every evaluation). */
  used: boolean;
  // This evaluation's deliveries, per target cluster: arrivals routed there, and what was offered there.
  readonly targets: number[];
  readonly inPerS: number[];
  readonly outPerS: number[];
  /** Without a drain rate: per target cluster, the admissions its callee pool had free at the last evaluation. */
  readonly freePerS: Map<number, number>;
}

// A queue's entry in AsyncQueues.mark: its totals, then these.
const MARK_EMPTY = FluidQueue.TOTALS;
const MARK_USED = MARK_EMPTY + 1;
const MARK_REACHED = MARK_USED + 1;
const MARK_ARRIVAL = MARK_REACHED + 1;
const MARK_DEPARTURE = MARK_ARRIVAL + 1;
const MARK_STRIDE = MARK_DEPARTURE + 1;

/** The same keys with the same values (null: none). */
function sameEntries(marked: ReadonlyMap<number, number> | null, now: ReadonlyMap<number, number>): boolean {
  if (marked === null) return now.size === 0;
  if (marked.size !== now.size) return false;
  for (const [k, v] of marked) if (now.get(k) !== v) return false;
  return true;
}

export class AsyncQueues implements BacklogHolder {
  private readonly services: ServiceModel;
  private readonly clusterCount: number;
  /** Per (caller service, call index): the index of its queues' edge, −1 for a synchronous call. */
  private readonly edgeOf: Int32Array[];
  /** Per edge × clusterCount + caller cluster. */
  private readonly queues: EdgeQueue[];
  private readonly edgeCount: number;
  /**
   * At the ledger's day mark (markDay), per queue: its totals (FluidQueue.TOTALS numbers) and then
   * what the next evaluation reads of it: whether it was empty, used, its reached share and rates.
   * The free admissions of queues without a drain rate are kept beside (null where there were none).
   */
  private readonly mark: Float64Array;
  private readonly markFree: (Map<number, number> | null)[];
  private marked = false;

  constructor(services: ServiceModel, clusterCount: number) {
    this.services = services;
    this.clusterCount = clusterCount;
    let edges = 0;
    const queues: EdgeQueue[] = [];
    this.edgeOf = services.calls.map((calls, s) =>
      Int32Array.from(calls, (call) => {
        if (call.mode !== 'async' || call.queue === undefined) return -1;
        for (let c = 0; c < clusterCount; c++) {
          queues.push({
            caller: s,
            callee: call.service,
            cluster: c,
            callsPerRequest: call.callsPerRequest,
            drainPerS: call.queue.drainPerS ?? Number.POSITIVE_INFINITY,
            fifo: new FluidQueue(call.queue.capacityMessages),
            reachedShare: 1,
            used: false,
            targets: [],
            inPerS: [],
            outPerS: [],
            freePerS: new Map(),
          });
        }
        return edges++;
      }),
    );
    this.edgeCount = edges;
    this.queues = queues;
    this.mark = new Float64Array(queues.length * MARK_STRIDE);
    this.markFree = queues.map(() => null);
  }

  private queueOf(service: number, callIndex: number, from: number): EdgeQueue | undefined {
    const edge = this.edgeOf[service]?.[callIndex] ?? -1;
    return edge < 0 ? undefined : this.queues[edge * this.clusterCount + from];
  }

  /** Whether the queue of the caller `service`'s `callIndex`-th call in cluster `from` holds messages (it then delivers even when the caller sends nothing). */
  queued(service: number, callIndex: number, from: number): boolean {
    return this.queueOf(service, callIndex, from)?.fifo.queued() ?? false;
  }

  /**
   * Messages per second the queue of the caller `service`'s `callIndex`-th call, in cluster `from`,
   * delivers to the callee's pool in cluster `to`, when the caller puts `inPerS` on it for that
   * target in this pass and the call's route sends `routeWeight` of its calls there. Without the
   * weight the target is taken as the route's only one.
   */
  delivered(service: number, callIndex: number, from: number, to: number, inPerS: number, routeWeight = 1): number {
    const q = this.queueOf(service, callIndex, from);
    if (q === undefined) return inPerS;
    let takePerS: number;
    // The queue's arrivals for all targets.
    const arrivalPerS = routeWeight > 0 ? inPerS / routeWeight : 0;
    if (q.fifo.queued()) takePerS = q.drainPerS;
    else {
      // Arrivals and their redeliveries: what keeps an empty queue empty.
      const a = q.reachedShare;
      takePerS = Math.min(a > 0 ? arrivalPerS / a : Number.POSITIVE_INFINITY, q.drainPerS);
    }
    let out: number;
    if (takePerS === arrivalPerS) out = inPerS;
    else if (Number.isFinite(takePerS)) out = takePerS * routeWeight;
    else out = q.freePerS.get(to) ?? inPerS;
    // One entry per target: a repeated pass (held concurrency) overwrites, routes being fixed within an evaluation.
    const i = q.targets.indexOf(to);
    if (i < 0) {
      q.targets.push(to);
      q.inPerS.push(inPerS);
      q.outPerS.push(out);
    } else {
      q.inPerS[i] = inPerS;
      q.outPerS[i] = out;
    }
    return out;
  }

  /**
   * After the load flow's last pass over `clusters`: what the callees admitted of what the queues
   * of those caller clusters delivered (pools and offered rates per group) sets each queue's
   * arrival and departure rates until the next evaluation.
   */
  settle(clusters: ArrayLike<number>, pools: readonly PoolState[], offeredPerS: Float64Array): void {
    const { clusterCount, services } = this;
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      for (let e = 0; e < this.edgeCount; e++) {
        const q = this.queues[e * clusterCount + c];
        let arrivalPerS = 0;
        let takePerS = 0;
        let acceptedPerS = 0;
        let reachedPerS = 0;
        for (let i = 0; i < q.targets.length; i++) {
          const group = q.callee * clusterCount + q.targets[i];
          const pool = pools[group];
          const offered = offeredPerS[group];
          // Dead endpoints and shedding both refuse: admitted ÷ offered before the dead endpoints' share.
          const admittedShare = pool.servers > 0 && offered > 0 ? Math.min(1, pool.admittedPerS / offered) : 0;
          // The pool's own offered rate is after the dead endpoints took their share.
          const reachedShare = pool.servers > 0 && offered > 0 ? Math.min(1, pool.offeredPerS / offered) : 0;
          const out = q.outPerS[i];
          reachedPerS += out * reachedShare;
          arrivalPerS += q.inPerS[i];
          takePerS += out;
          acceptedPerS += out * admittedShare;
          if (Number.isFinite(q.drainPerS)) continue;
          // Free admissions: the pool's admission limit less what the others sent it.
          const limitPerS = pool.servers <= 0 ? 0 : pool.utilization > 0 ? (MAX_UTILIZATION * pool.admittedPerS) / pool.utilization : (MAX_UTILIZATION * pool.servers) / services.meanServiceS[q.callee];
          q.freePerS.set(q.targets[i], Math.max(0, limitPerS - pool.admittedPerS + out * admittedShare));
        }
        if (takePerS > 0) q.reachedShare = reachedPerS / takePerS;
        if (arrivalPerS > 0) q.used = true;
        q.fifo.arrivalPerS = arrivalPerS;
        q.fifo.departurePerS = acceptedPerS;
        // (Setting a length is a runtime call in V8 even on an empty array: most queues sent nothing.)
        if (q.targets.length > 0) {
          q.targets.length = 0;
          q.inPerS.length = 0;
          q.outPerS.length = 0;
        }
      }
    }
  }

  advance(dtS: number): void {
    for (const q of this.queues) q.fifo.advance(dtS);
  }

  nextChangeInS(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const q of this.queues) next = Math.min(next, q.fifo.nextChangeInS());
    return next;
  }

  /**
   * Whether evaluations depend on more than the state: a queue holds messages, or any carries
   * messages at all. The second because the per-cluster cache, when it reuses an evaluation, runs
   * no load flow, so the queues would keep the rates of whatever that cluster last computed (not
   * the state reused) and count the wrong messages; so designs with async calls are evaluated afresh.
   */
  active(): boolean {
    return this.queues.some((q) => q.used || q.fifo.queued());
  }

  markDay(): void {
    const { mark, queues } = this;
    for (let i = 0; i < queues.length; i++) {
      const q = queues[i];
      const at = i * MARK_STRIDE;
      q.fifo.writeTotals(mark, at);
      mark[at + MARK_EMPTY] = q.fifo.isEmpty() ? 1 : 0;
      mark[at + MARK_USED] = q.used ? 1 : 0;
      mark[at + MARK_REACHED] = q.reachedShare;
      mark[at + MARK_ARRIVAL] = q.fifo.arrivalPerS;
      mark[at + MARK_DEPARTURE] = q.fifo.departurePerS;
      this.markFree[i] = q.freePerS.size > 0 ? new Map(q.freePerS) : null;
    }
    this.marked = true;
  }

  /** Every queue empty: a queue holding messages now would not be at the same hour tomorrow if the day were quiet. */
  dayCanStart(): boolean {
    for (const q of this.queues) if (!q.fifo.isEmpty()) return false;
    return true;
  }

  /**
   * Every queue empty now and at the mark (a queue holding messages drains or grows with time, not
   * with the hour), with the same reached share, rates and free admissions: what an evaluation
   * reads of a queue besides its emptiness. Then the day since the mark repeats, messages included.
   */
  sameAsMark(): boolean {
    if (!this.marked) return false;
    const { mark, queues } = this;
    for (let i = 0; i < queues.length; i++) {
      const q = queues[i];
      const at = i * MARK_STRIDE;
      if (mark[at + MARK_EMPTY] !== 1 || !q.fifo.isEmpty()) return false;
      if (mark[at + MARK_USED] !== (q.used ? 1 : 0) || mark[at + MARK_REACHED] !== q.reachedShare) return false;
      if (mark[at + MARK_ARRIVAL] !== q.fifo.arrivalPerS || mark[at + MARK_DEPARTURE] !== q.fifo.departurePerS) return false;
      if (!sameEntries(this.markFree[i], q.freePerS)) return false;
    }
    return true;
  }

  repeatDay(periodS: number, times: number): void {
    for (let i = 0; i < this.queues.length; i++) this.queues[i].fifo.repeatDay(this.mark, i * MARK_STRIDE, times, periodS);
    this.marked = false;
  }

  /** Forget the statistics (the end of warm-up): fluid.ts calls it beside the ledger's reset, which forgets its mark too. */
  resetStatistics(): void {
    for (const q of this.queues) q.fifo.resetStatistics();
    this.marked = false;
  }

  /** The queues that carried messages, by edge then caller cluster (`clusterNames` by cluster index; default the index). */
  summary(clusterNames?: readonly string[]): readonly AsyncQueueSummary[] {
    const names: string[] = [];
    for (const [name, s] of this.services.indexByName) names[s] = name;
    const out: AsyncQueueSummary[] = [];
    for (const q of this.queues) {
      const f = q.fifo;
      if (!(f.messages > 0) && !(f.maxBacklogMessages > 0)) continue;
      out.push({
        edge: `${names[q.caller]}→${names[q.callee]}`,
        cluster: clusterNames?.[q.cluster] ?? String(q.cluster),
        messages: f.messages,
        droppedMessages: f.droppedMessages,
        maxBacklogMessages: f.maxBacklogMessages,
        maxAgeS: f.maxAgeS,
        meanAgeS: f.meanAgeS,
      });
    }
    return out;
  }
}
