import type { Simulator } from '../../engine/simulator.js';
import { createStream, type RandomStream } from '../../engine/rng.js';
import { LogHistogram } from '../../engine/stats/logHistogram.js';
import type { Distribution } from '../../engine/distributions.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { RetryPolicySpec, Scenario } from '../../scenario/types.js';
import type { RuntimeState } from '../runtime/state.js';
import { IntQueue } from '../runtime/intQueue.js';
import { grown } from '../../engine/typedArrays.js';
import { hourlyFactor, spikeFactorAt } from './demand.js';
import type { FluidTraffic } from './fluid.js';
import { deadShareAtAttempt, hopRetry, retriedShare, retryChance, type HopRetry } from './retryModel.js';
import { pickCluster, type Route } from './routing.js';

/**
 * Request-level traffic: every request is simulated on the engine, through the same routing as the
 * fluid model (DNS answers and stale caches, mesh routes, dead endpoints), but with real FIFO queues
 * of c servers per pool, sampled service times and sequential calls that wait out their network
 * round trips. For short horizons and for checking the fluid model; it costs per request.
 *
 * Retries (the design's traffic.retries): an attempt that meets a dead endpoint is retried to
 * another endpoint of the same pool (drawn afresh, or avoiding the endpoints tried before as the
 * policy's avoidPreviousHosts says), up to the policy's attempts and within its budget
 * (each retry made with the fluid model's probability, retryModel.ts); a failed attempt costs no
 * time. The request level has no impairments, so `impaired` retries do not arise here.
 * Not modelled here (nor in the fluid model): timeouts, requests lost when a pod dies in
 * the middle of serving one. Queues are unbounded (keep utilization below the fluid model's
 * shedding threshold when comparing the two).
 */
export interface RequestLevelSummary {
  readonly requests: number;
  readonly failedRequests: number;
  readonly availability: number;
  readonly byUserRegion: readonly { readonly name: string; readonly requests: number; readonly failedRequests: number; readonly availability: number; readonly latency: LogHistogram }[];
  readonly latency: LogHistogram;
}

export class RequestLevelTraffic {
  private readonly sim: Simulator;
  private readonly state: RuntimeState;
  private readonly fluid: FluidTraffic;
  private readonly scenario: Scenario;
  private readonly clusterCount: number;
  private readonly dataplaneUp: (c: number) => boolean;
  private readonly warmupS: number;
  private readonly horizonS: number;

  private readonly serviceTime: Distribution[];
  private readonly concurrency: Int32Array;
  private readonly calls: Array<Array<{ to: number; n: number }>>;
  private readonly arrivals: RandomStream[];
  private readonly rng: RandomStream;
  /** Retries of dead-endpoint attempts; undefined: none (and no extra draws). */
  private readonly retry: HopRetry | undefined;
  /** Scratch: the dead share each attempt meets (retries that avoid previous hosts). */
  private readonly chainQ = new Float64Array(16);
  /** A task keeps its server while it waits on its calls (the design's traffic.heldConcurrency). */
  private readonly held: boolean;

  // Tasks: one visit of a request to a pool. Grown on demand; freed slots reused.
  private taskService = new Int32Array(1024);
  private taskCluster = new Int32Array(1024);
  private taskParent = new Int32Array(1024);
  private taskUser = new Int32Array(1024);
  private taskStartS = new Float64Array(1024);
  private taskCall = new Int32Array(1024);
  private taskCallsLeft = new Int32Array(1024);
  /** 1 while the task holds one of its pool's servers (held concurrency: from service start to its end). */
  private taskHolding = new Uint8Array(1024);
  private taskFree: number[] = [];
  private taskCount = 0;

  private readonly busy: Int32Array;
  private readonly queues: IntQueue[];

  private readonly requests: Float64Array;
  private readonly failed: Float64Array;
  private readonly histograms: LogHistogram[];

  private readonly ARRIVE_USER: number;
  private readonly ARRIVE_POOL: number;
  private readonly SERVED: number;
  private readonly RESUME: number;

  constructor(sim: Simulator, state: RuntimeState, fluid: FluidTraffic, scenario: Scenario, opts: { seed: string | number; replication: number; warmupS: number; horizonS: number; dataplaneUp: (c: number) => boolean; retries: RetryPolicySpec | undefined; heldConcurrency?: boolean }) {
    this.sim = sim;
    this.state = state;
    this.fluid = fluid;
    this.scenario = scenario;
    this.clusterCount = state.clusterCount;
    this.dataplaneUp = opts.dataplaneUp;
    this.warmupS = opts.warmupS;
    this.horizonS = opts.horizonS;
    const services = scenario.workload.services;
    const index = new Map(services.map((s, i) => [s.name, i]));
    this.serviceTime = services.map((s) => toDistribution(s.serviceTime));
    this.concurrency = Int32Array.from(services, (s) => s.concurrencyPerPod);
    this.calls = services.map((s) => s.calls.map((k) => ({ to: index.get(k.service)!, n: k.callsPerRequest })));
    const users = scenario.workload.userRegions;
    this.arrivals = users.map((u) => createStream(opts.seed, opts.replication, `requests/arrivals/${u.name}`));
    this.rng = createStream(opts.seed, opts.replication, 'requests/service-and-routing');
    const retry = hopRetry(opts.retries);
    this.retry = retry?.retryDeadEndpoint === true ? retry : undefined;
    this.held = opts.heldConcurrency === true;
    this.busy = new Int32Array(services.length * this.clusterCount);
    this.queues = Array.from({ length: services.length * this.clusterCount }, () => new IntQueue());
    this.requests = new Float64Array(users.length);
    this.failed = new Float64Array(users.length);
    this.histograms = users.map(() => new LogHistogram());

    this.ARRIVE_USER = sim.register('requests/userArrival', (u) => this.onUserArrival(u));
    this.ARRIVE_POOL = sim.register('requests/poolArrival', (t) => this.onPoolArrival(t));
    this.SERVED = sim.register('requests/served', (t) => this.onServed(t));
    this.RESUME = sim.register('requests/callReturned', (t) => this.onCallReturned(t));
    users.forEach((_, u) => this.scheduleNextArrival(u));
  }

  private rateOf(u: number): number {
    const spec = this.scenario.workload.userRegions[u];
    const now = this.sim.now;
    return spec.ratePerS * hourlyFactor(now, spec.diurnal) * spikeFactorAt(now, spec.spikes);
  }

  private scheduleNextArrival(u: number): void {
    const rate = this.rateOf(u);
    if (rate <= 0) return;
    const gap = -Math.log(1 - this.arrivals[u].next()) / rate;
    if (this.sim.now + gap < this.horizonS) this.sim.after(gap, this.ARRIVE_USER, u);
  }

  private newTask(service: number, cluster: number, parent: number, user: number): number {
    let t: number;
    if (this.taskFree.length > 0) t = this.taskFree.pop()!;
    else {
      if (this.taskCount === this.taskService.length) this.grow();
      t = this.taskCount++;
    }
    this.taskService[t] = service;
    this.taskCluster[t] = cluster;
    this.taskParent[t] = parent;
    this.taskUser[t] = user;
    this.taskStartS[t] = this.sim.now;
    this.taskCall[t] = 0;
    this.taskCallsLeft[t] = -1;
    this.taskHolding[t] = 0;
    return t;
  }

  private pickFrom(route: Route): number {
    return pickCluster(route, this.rng.next());
  }

  private onUserArrival(u: number): void {
    this.scheduleNextArrival(u);
    const routing = this.fluid.userRouting(u);
    const route = routing.staleRoute !== null && this.rng.next() < routing.staleShare ? routing.staleRoute : routing.route;
    const c = this.pickFrom(route);
    const e = this.fluid.entryOf(u);
    const root = this.newTask(e, c, -1, u);
    if (!this.dataplaneUp(c)) return this.finish(root, false);
    // A cut or lossy user link, an expired certificate, a dependency failing requests at the entry:
    // drawn only when something does (a healthy fleet draws exactly as before).
    const pass = this.fluid.userPassRatio(u, c) * this.fluid.userEntryPass();
    if (pass < 1 && this.rng.next() >= pass) return this.finish(root, false);
    this.onPoolArrival(root);
  }

  private onPoolArrival(t: number): void {
    const s = this.taskService[t];
    const c = this.taskCluster[t];
    const group = s * this.clusterCount + c;
    const state = this.state;
    if (!this.dataplaneUp(c) || state.ready[group] === 0) return this.finish(t, false);
    const deadShare = this.fluid.blackholeShare(s, c);
    if (this.rng.next() < deadShare && !this.retriedPastDead(deadShare, state.ready[group] + state.lost[group])) return this.finish(t, false);
    const servers = state.ready[group] * this.concurrency[s];
    if (this.busy[group] < servers) this.startService(t, group);
    else this.queues[group].push(t);
  }

  /**
   * The first attempt met a dead endpoint: whether a retry reaches a live one. Each retry is made
   * with the probability the budget leaves (1 without one) and meets a dead endpoint again with
   * the pool's dead share, or, when retries avoid previous hosts, with the share left among the
   * `listed` endpoints not avoided (retryModel.ts deadShareAtAttempt, as the fluid model);
   * draws happen only when a design retries.
   */
  private retriedPastDead(deadShare: number, listed: number): boolean {
    const retry = this.retry;
    if (retry === undefined) return false;
    if (retry.avoid === 'none' || listed <= 1) {
      const made = retriedShare(deadShare, retry) / deadShare;
      for (let attempt = 2; attempt <= retry.attempts; attempt++) {
        if (made < 1 && this.rng.next() >= made) return false;
        if (this.rng.next() >= deadShare) return true;
      }
      return false;
    }
    const q = this.chainQ;
    for (let j = 1; j <= retry.attempts; j++) q[j - 1] = deadShareAtAttempt(retry.avoid, deadShare, listed, j);
    const made = retryChance(q, retry);
    for (let attempt = 2; attempt <= retry.attempts; attempt++) {
      if (made < 1 && this.rng.next() >= made) return false;
      if (this.rng.next() >= q[attempt - 1]) return true;
    }
    return false;
  }

  private startService(t: number, group: number): void {
    this.busy[group]++;
    this.taskHolding[t] = 1;
    this.sim.after(this.serviceTime[this.taskService[t]].sample(this.rng), this.SERVED, t);
  }

  private onServed(t: number): void {
    // Held concurrency: the server stays taken until the task's calls are done (finish releases it).
    if (!this.held) this.release(t);
    this.nextCall(t);
  }

  /** The task gives its server back; the next queued task of the pool starts. */
  private release(t: number): void {
    const group = this.taskService[t] * this.clusterCount + this.taskCluster[t];
    this.taskHolding[t] = 0;
    this.busy[group]--;
    const servers = this.state.ready[group] * this.concurrency[this.taskService[t]];
    const q = this.queues[group];
    while (q.length > 0 && this.busy[group] < servers) this.startService(q.shift(), group);
  }

  /** Make the task's next downstream call, or finish it when none are left. */
  private nextCall(t: number): void {
    const s = this.taskService[t];
    const list = this.calls[s];
    for (;;) {
      const k = this.taskCall[t];
      if (k >= list.length) return this.finish(t, true);
      if (this.taskCallsLeft[t] < 0) {
        const whole = Math.floor(list[k].n);
        this.taskCallsLeft[t] = whole + (this.rng.next() < list[k].n - whole ? 1 : 0);
      }
      if (this.taskCallsLeft[t] === 0) {
        this.taskCall[t] = k + 1;
        this.taskCallsLeft[t] = -1;
        continue;
      }
      this.taskCallsLeft[t]--;
      const from = this.taskCluster[t];
      const to = this.pickFrom(this.fluid.routeOfCall(list[k].to, from));
      const link = this.fluid.linkState(from, to);
      if (link.partitioned || (link.lossRatio > 0 && this.rng.next() < link.lossRatio)) return this.finish(t, false);
      const child = this.newTask(list[k].to, to, t, this.taskUser[t]);
      this.sim.after(this.fluid.clusterRttS(from, to) / 2, this.ARRIVE_POOL, child);
      return;
    }
  }

  private onCallReturned(t: number): void {
    this.nextCall(t);
  }

  private finish(t: number, ok: boolean): void {
    if (this.held && this.taskHolding[t] === 1) this.release(t);
    const parent = this.taskParent[t];
    if (parent >= 0) {
      const back = this.fluid.clusterRttS(this.taskCluster[parent], this.taskCluster[t]) / 2;
      this.taskFree.push(t);
      if (ok) this.sim.after(back, this.RESUME, parent);
      else this.finish(parent, false);
      return;
    }
    const u = this.taskUser[t];
    if (this.taskStartS[t] >= this.warmupS) {
      this.requests[u]++;
      if (ok) this.histograms[u].add(this.sim.now - this.taskStartS[t] + this.fluid.userRttS(u, this.taskCluster[t]));
      else this.failed[u]++;
    }
    this.taskFree.push(t);
  }

  private grow(): void {
    const n = this.taskService.length * 2;
    this.taskService = grown(this.taskService, n);
    this.taskCluster = grown(this.taskCluster, n);
    this.taskParent = grown(this.taskParent, n);
    this.taskUser = grown(this.taskUser, n);
    this.taskCall = grown(this.taskCall, n);
    this.taskCallsLeft = grown(this.taskCallsLeft, n);
    this.taskStartS = grown(this.taskStartS, n);
    this.taskHolding = grown(this.taskHolding, n);
  }

  summary(): RequestLevelSummary {
    const users = this.scenario.workload.userRegions;
    const all = new LogHistogram();
    let requests = 0;
    let failed = 0;
    const byUserRegion = users.map((u, i) => {
      all.merge(this.histograms[i]);
      requests += this.requests[i];
      failed += this.failed[i];
      return {
        name: u.name,
        requests: this.requests[i],
        failedRequests: this.failed[i],
        availability: this.requests[i] > 0 ? 1 - this.failed[i] / this.requests[i] : 1,
        latency: this.histograms[i],
      };
    });
    return { requests, failedRequests: failed, availability: requests > 0 ? 1 - failed / requests : 1, byUserRegion, latency: all };
  }
}
