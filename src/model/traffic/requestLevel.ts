import type { Simulator } from '../../engine/simulator.js';
import { createStream } from '../../engine/rng.js';
import { LogHistogram } from '../../engine/stats/logHistogram.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { RetriesSpec, RetryPolicySpec, Scenario, TrafficPolicy } from '../../scenario/types.js';
import type { RuntimeState } from '../runtime/state.js';
import type { AsyncQueueSummary } from './asyncQueues.js';
import type { FluidTraffic } from './fluid.js';
import { PARTS, type LatencyBreakdown } from './latencyBreakdown.js';
import { BreakdownTally } from './requestLevel/breakdown.js';
import { Hop } from './requestLevel/hop.js';
import { MessageQueue } from './requestLevel/messageQueues.js';
import { hopPolicy, policiesByCallee, type Cause } from './requestLevel/policy.js';
import { RequestPools } from './requestLevel/pools.js';
import { RetryBudget } from './requestLevel/retryBudget.js';
import { Spillover } from './requestLevel/spillover.js';
import { RequestTally } from './requestLevel/tally.js';
import { Task } from './requestLevel/task.js';
import { Timers } from './requestLevel/timers.js';
import { UserRequests } from './requestLevel/users.js';
import type { AttemptCounts, CallEdge, Outcome, RequestWorld } from './requestLevel/world.js';
import { pickCluster } from './routing.js';

/**
 * Request-level traffic: every request is simulated on the engine, through the same routing as the
 * fluid model (DNS answers and stale caches, anycast and its spill-over, mesh routes, dead
 * endpoints), with real FIFO queues of c servers per pool, sampled service times, calls that wait
 * out their network round trips (sequential, parallel fork/join, async through message queues),
 * retries with per-try and overall timeouts and backoff at every hop, users' own retries, and the
 * design's shedding policy at each pool. For short horizons and for checking the fluid model; it
 * costs per request. docs/traffic/request-level.md describes each rule; the parts live in
 * requestLevel/ (hop.ts, task.ts, pools.ts, messageQueues.ts, users.ts, spillover.ts).
 *
 * Impairments are read from the fluid model's TrafficImpairments: extra latency and error ratio per
 * pool, crash-looping pods taken off the servers, client-certificate failures on cross-cluster calls,
 * ingress extra latency on the user's RTT. Not modelled: requests lost when a pod dies in the middle
 * of serving one (nor in the fluid model).
 */
export interface RequestLevelSummary {
  readonly requests: number;
  readonly failedRequests: number;
  readonly availability: number;
  readonly byUserRegion: readonly { readonly name: string; readonly requests: number; readonly failedRequests: number; readonly availability: number; readonly latency: LogHistogram }[];
  readonly latency: LogHistogram;
  /** Failed user requests by the cause they ended with. */
  readonly failedBy: Readonly<Record<Cause, number>>;
  /** Attempts made at every hop, retries among them, attempts given up on at their per-try timeout, attempts shed (whole run). */
  readonly attempts: Readonly<AttemptCounts>;
  /** Successful user requests per bucket of `goodputBucketS` simulated seconds, by completion time. */
  readonly goodput: readonly number[];
  readonly goodputBucketS: number;
  /** Per async edge and caller cluster (designs with async calls only). */
  readonly asyncQueues: readonly AsyncQueueSummary[];
  /** Per pool (service × cluster, "service/cluster"), the longest FIFO seen. */
  readonly maxQueued: Readonly<Record<string, number>>;
  /** Where successful requests' time went per service hop (when asked: RequestLevelOptions.latencyBreakdown). */
  readonly latencyBreakdown?: LatencyBreakdown;
}

export interface RequestLevelOptions {
  readonly seed: string | number;
  readonly replication: number;
  readonly warmupS: number;
  readonly horizonS: number;
  readonly dataplaneUp: (c: number) => boolean;
  /** Retries at every hop; read from `traffic` instead when that is given. */
  readonly retries: RetryPolicySpec | RetriesSpec | undefined;
  readonly heldConcurrency?: boolean;
  /**
   * The design's traffic policy: shedding, client retries, the ingress (spill-over), retries with
   * per-service overrides, held concurrency. Absent: retries and heldConcurrency as given, no
   * shedding (unbounded queues), no client retries, no spill-over.
   */
  readonly traffic?: TrafficPolicy;
  /** Width of the goodput buckets, s (default 10). */
  readonly goodputBucketS?: number;
  /** Keep the per-hop latency breakdown (semantics §10); it costs an array per request. Default false. */
  readonly latencyBreakdown?: boolean;
}

export class RequestLevelTraffic {
  private readonly scenario: Scenario;
  private readonly clusterNames: readonly string[];
  private readonly tally: RequestTally;
  private readonly world: RequestWorld;
  private readonly pools: RequestPools;
  private readonly warmupS: number;
  /** Per caller service, call edge and caller cluster ("s/j/c"; async edges only), made on first use. */
  private readonly queues = new Map<string, MessageQueue>();

  constructor(sim: Simulator, state: RuntimeState, fluid: FluidTraffic, scenario: Scenario, opts: RequestLevelOptions) {
    this.scenario = scenario;
    this.warmupS = opts.warmupS;
    const C = state.clusterCount;
    this.clusterNames = scenario.clusters.map((c) => c.name);
    const services = scenario.workload.services;
    const index = new Map(services.map((s, i) => [s.name, i]));
    const traffic = opts.traffic;
    const retries = traffic !== undefined ? traffic.retries : opts.retries;
    const held = traffic?.heldConcurrency ?? opts.heldConcurrency === true;
    const shedding = traffic?.shedding ?? { policy: 'none' as const };
    const serviceTime = services.map((s) => toDistribution(s.serviceTime));
    const concurrency = Int32Array.from(services, (s) => s.concurrencyPerPod);
    const pools = (this.pools = new RequestPools(state, C, concurrency, Float64Array.from(serviceTime, (d) => d.mean()), shedding, held));
    const imp = fluid.activeImpairments;
    pools.servingPods = (g, ready) => imp.servingPods(g, ready);
    const users = scenario.workload.userRegions;
    const breakdown = opts.latencyBreakdown === true ? new BreakdownTally(services.map((s) => s.name)) : null;
    this.tally = new RequestTally(users.length, opts.goodputBucketS ?? 10, breakdown);
    const calls: CallEdge[][] = services.map((s) => s.calls.map((k, j) => ({ to: index.get(k.service)!, n: k.callsPerRequest, mode: k.mode ?? 'sequential', index: j })));
    const withOverrides: RetriesSpec | undefined = retries === undefined ? undefined : { services: [], ...retries };
    // Registered in this order (event types are numbered by registration).
    const steps = {
      userArrival: new Timers(sim, 'requests/userArrival'),
      poolArrival: new Timers(sim, 'requests/poolArrival'),
      served: new Timers(sim, 'requests/served'),
      callReturned: new Timers(sim, 'requests/callReturned'),
    };
    const timers = new Timers(sim, 'requests/timer');
    const world: RequestWorld = {
      timers,
      steps,
      rng: createStream(opts.seed, opts.replication, 'requests/service-and-routing'),
      fluid,
      state,
      clusterCount: C,
      dataplaneUp: opts.dataplaneUp,
      pools,
      budget: new RetryBudget(services.length * C + users.length),
      policyInto: policiesByCallee(withOverrides, services.map((s) => s.name)),
      serviceTime,
      held,
      calls,
      counts: { attempts: 0, retries: 0, perTryTimeouts: 0, shed: 0 },
      partsLength: breakdown !== null ? services.length * PARTS : 0,
      call: (service, from, outcome) => this.call(service, from, outcome),
      serve: (service, cluster, outcome) => pools.offer(service * C + cluster, new Task(world, service, cluster, outcome), timers.now),
      publish: (service, j, cluster) => this.queueOf(service, j, cluster).put(),
    };
    this.world = world;
    const ingress = traffic?.ingress;
    const spill = ingress?.kind === 'anycast' && ingress.spillover !== undefined ? new Spillover(world, ingress.spillover, users.length) : null;
    new UserRequests(world, scenario, this.tally, {
      arrivals: users.map((u) => createStream(opts.seed, opts.replication, `requests/arrivals/${u.name}`)),
      horizonS: opts.horizonS,
      warmupS: opts.warmupS,
      client: hopPolicy(traffic?.clientRetries),
      sticky: ingress?.kind === 'anycast',
      spillover: spill,
    });
  }

  /** A task's synchronous call: routed as the fluid model routes it; a partitioned or lossy link fails it (`unroutable`). */
  private call(service: number, from: number, outcome: Outcome): void {
    const w = this.world;
    const to = pickCluster(w.fluid.routeOfCall(service, from), w.rng.next());
    if (to < 0) return outcome(false, 'noReplica', null);
    const link = w.fluid.linkState(from, to);
    if (link.partitioned || (link.lossRatio > 0 && w.rng.next() < link.lossRatio)) return outcome(false, 'unroutable', null);
    // An expired client certificate fails calls leaving the cluster (drawn only when one has).
    const clientErr = to !== from ? w.fluid.activeImpairments.clientErrorRatio[from] : 0;
    if (clientErr > 0 && w.rng.next() < clientErr) return outcome(false, 'impaired', null);
    new Hop(w, service, to, w.fluid.clusterRttS(from, to), outcome).start();
  }

  private queueOf(service: number, j: number, cluster: number): MessageQueue {
    const key = `${service}/${j}/${cluster}`;
    let q = this.queues.get(key);
    if (q === undefined) {
      const spec = this.scenario.workload.services[service];
      const call = spec.calls[j];
      const callee = this.world.calls[service][j].to;
      q = new MessageQueue(this.world, callee, cluster, call.queue ?? { capacityMessages: Number.POSITIVE_INFINITY, drainPerS: undefined }, { edge: `${spec.name}→${call.service}`, cluster: this.clusterNames[cluster] }, this.warmupS);
      this.queues.set(key, q);
    }
    return q;
  }

  summary(): RequestLevelSummary {
    const users = this.scenario.workload.userRegions;
    const t = this.tally;
    const all = new LogHistogram();
    let requests = 0;
    let failed = 0;
    const byUserRegion = users.map((u, i) => {
      all.merge(t.histograms[i]);
      requests += t.requests[i];
      failed += t.failed[i];
      return {
        name: u.name,
        requests: t.requests[i],
        failedRequests: t.failed[i],
        availability: t.requests[i] > 0 ? 1 - t.failed[i] / t.requests[i] : 1,
        latency: t.histograms[i],
      };
    });
    const C = this.world.clusterCount;
    const maxQueued: Record<string, number> = {};
    this.scenario.workload.services.forEach((s, i) => {
      for (let c = 0; c < C; c++) maxQueued[`${s.name}/${this.clusterNames[c]}`] = this.pools.maxQueued[i * C + c];
    });
    return {
      requests,
      failedRequests: failed,
      availability: requests > 0 ? 1 - failed / requests : 1,
      byUserRegion,
      latency: all,
      failedBy: { ...t.failedBy },
      attempts: { ...this.world.counts },
      goodput: [...t.goodputBuckets],
      goodputBucketS: t.bucketS,
      asyncQueues: [...this.queues.values()].map((q) => q.summary()),
      maxQueued,
      ...(t.breakdown !== null ? { latencyBreakdown: t.breakdown.summary(all) } : {}),
    };
  }
}
