import type { BacklogHolder } from './backlog.js';
import { LATENCY_BREAKDOWN_IN_RESULTS } from './latencyBreakdown.js';
import type { AsyncQueues } from './asyncQueues.js';
import type { PoolBacklogs } from './overload.js';
import type { EventHandle } from '../../engine/eventQueue.js';
import type { Simulator } from '../../engine/simulator.js';
import { createStream } from '../../engine/rng.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { DependencySpec, Design, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { RuntimeState } from '../runtime/state.js';
import { TrafficLedger } from './accounting.js';
import { ClusterEvaluationCache, type ClusterEvaluation } from './clusterCache.js';
import { DeadEndpoints } from './deadEndpoints.js';
import { DependencyState } from './dependencyState.js';
import { FluidEvaluation, type FluidParts } from './evaluation.js';
import { IngressHealth } from './ingress.js';
import { LatencyEstimates } from './latencyEstimates.js';
import { sampleSeeds } from './latencyMonteCarlo.js';
import { LoadFlow } from './loadFlow.js';
import { HourSlots, hourSlotsApply } from './hourSlots.js';
import { SharedIdleWaits } from './idleWaits.js';
import { FleetNetwork } from './network.js';
import { TrafficImpairments } from './impairments.js';
import type { Impairment } from '../faults/schedule.js';
import { TrafficRates } from './rates.js';
import { CallRoutes, UserAnswers, type Route } from './routing.js';
import type { PoolState } from './pool.js';
import { ServiceModel } from './serviceModel.js';
import type { TrafficOutcome } from './types.js';

export type { Route } from './routing.js';

const HOUR_S = 3600;
/** The period of demand (diurnal factors repeat bit for bit every day: demand.ts). */
const DAY_S = 24 * HOUR_S;

export interface TrafficInput {
  readonly sim: Simulator;
  /** The runtime state (pods per service and cluster). */
  readonly st: RuntimeState;
  readonly fleet: Fleet;
  readonly scenario: Scenario;
  readonly design: Design;
  readonly seed: string | number;
  readonly replication: number;
  readonly horizonS: number;
  readonly warmupS: number;
  /** Whether the cluster's data plane (load balancer, network) is reachable. */
  readonly dataplaneUp: (cluster: number) => boolean;
  /**
   * Services whose pools' utilization the runtime reads (`utilization`: their HorizontalPodAutoscalers).
   * Absent or empty: none, and the model does exactly what it does without autoscalers.
   */
  readonly utilizationOf?: readonly number[];
  /**
   * Per group (service × clusterCount + cluster): the time datastore operations add to each request
   * of the group's pods in the healthy fleet (docs/state.md). Absent: none. Changes from it arrive
   * through `impair` (ids below zero).
   */
  readonly storeLatencyS?: Float64Array;
  /**
   * Repeat quiet days instead of evaluating their hours again (see FluidTraffic.repeatQuietDays);
   * default true. False evaluates every hour: the tests compare the two.
   */
  readonly repeatQuietDays?: boolean;
}


/** The shortest step to a backlog's next change (see scheduleFollowUps). */
const MIN_BACKLOG_STEP_S = 1e-6;
/**
 * The fluid traffic model. Between state changes every service pool is a queue in steady state and
 * demand is a rate; at each change the model closes the elapsed interval (requests, failures,
 * latency, bytes: TrafficLedger) and re-evaluates routing, loads and success probabilities
 * (FluidEvaluation). A year of traffic costs per state change, not per request.
 *
 * This class wires the parts together, takes the runtime's changes, schedules the evaluations (one
 * per instant at which something changed, plus follow-ups while DNS caches drain or outlier
 * detection is pending), and answers the request-level mode's routing questions.
 */
export class FluidTraffic {
  private readonly input: TrafficInput;
  private readonly sim: Simulator;
  private readonly state: RuntimeState;
  readonly ingress: IngressHealth;
  private readonly network: FleetNetwork;
  private readonly answers: UserAnswers;
  private readonly routes: CallRoutes;
  private readonly deadEndpoints: DeadEndpoints;
  private readonly rates: TrafficRates;
  private readonly ledger: TrafficLedger;
  private readonly latency: LatencyEstimates;
  private readonly clusterCache: ClusterEvaluationCache | null;
  private readonly impairments: TrafficImpairments;
  /** The impairments active now (read-only: the request level applies them as the fluid model does). */
  get activeImpairments(): Readonly<TrafficImpairments> {
    return this.impairments;
  }
  private readonly dependencies = new DependencyState();
  private readonly evaluation: FluidEvaluation;
  /** The pools' utilization as of the last evaluation, when asked for (`utilizationOf`). */
  private readonly poolUtilization: PoolUtilization | null;
  /**
   * Called when the utilization of a cluster's tracked pools may have changed (its evaluation is
   * another one, or with a mesh after every evaluation), so that a reader sleeping on a steady value
   * can wake. Only called when `utilizationOf` lists services.
   */
  onUtilizationChange: ((cluster: number) => void) | null = null;
  private readonly mesh: Design['traffic']['mesh'];
  private readonly clusterCount: number;
  private readonly ACCOUNT: number;
  private readonly DEMAND: number;
  /** Own events dispatched (hourly demand changes and evaluations): see repeatQuietDays. */
  private ownDispatched = 0;
  /** Engine and own event counts when the ledger's day was marked. */
  private dayMarkDispatched = -1;
  private dayMarkOwn = -1;
  /** Days repeated rather than evaluated hour by hour (a diagnostic). */
  private daysRepeated = 0;
  /** Start of the interval not yet accounted: the time of the last evaluation. */
  private lastEvalS = 0;
  /** An evaluation is queued at the current instant. */
  private evaluationQueued = false;
  /** Bumped at every change; the evaluation done is for `evaluatedVersion`. */
  private changeVersion = 0;
  private evaluatedVersion = -1;
  private followUpAtS = Number.POSITIVE_INFINITY;
  /** Event type of follow-ups, registered on first use (-1 before). */
  private followUpType = -1;
  /** The pending follow-up, when the backlogs alone asked for it (scheduleFollowUps); null otherwise. */
  private backlogFollowUp: EventHandle | null = null;
  /** What has backlogs that evolve between evaluations (backlog.ts): advanced before each, and woken for. */
  private readonly backlogs: BacklogHolder[];
  /** The per-hop latency breakdown is kept (run.latencyBreakdown, or LATENCY_BREAKDOWN_IN_RESULTS). */
  private readonly breakdown: boolean;
  /** The load flow: told when pods change (its fleet-wide passes may then skip nothing). */
  private readonly flow: LoadFlow;
  /** With a mesh on the closed-form path: a load flow per hour of the day (hourSlots.ts), `flow` the first; null: `flow` alone. */
  private readonly slots: HourSlots | null;
  private readonly parts: FluidParts;
  private readonly asyncQueues: AsyncQueues;
  private readonly poolBacklogs: PoolBacklogs;

  // Long because it wires the model's parts in the order their event types register, which results depend on.
  constructor(input: TrafficInput) {
    this.input = input;
    const { fleet, scenario, st: state, sim, design } = input;
    this.sim = sim;
    this.state = state;
    this.mesh = design.traffic.mesh;
    const services = new ServiceModel(scenario, design, fleet);
    const network = (this.network = new FleetNetwork(fleet, scenario, design.traffic.ingress.kind));
    const clusterCount = (this.clusterCount = network.clusterCount);
    const users = scenario.workload.userRegions;
    const groupCount = services.serviceCount * clusterCount;

    const ingressPolicy = design.traffic.ingress;
    this.ingress = new IngressHealth(
      sim,
      ingressPolicy,
      groupCount,
      createStream(input.seed, input.replication, 'traffic/healthCheckPhases'),
      ingressPolicy.kind === 'dns' ? toDistribution(ingressPolicy.clientOvershoot) : undefined,
    );
    this.ingress.onViewChange = (key) => {
      // Answers read the view; the truths did not change.
      this.evaluation.markRoutingDirty(key);
      this.markDirty();
    };
    this.answers = new UserAnswers(sim, state, network, this.ingress, scenario, services.indexByName);
    this.routes = new CallRoutes(sim, state, network, this.mesh, input.dataplaneUp, services.serviceCount);
    this.deadEndpoints = new DeadEndpoints(sim, state, this.mesh, groupCount);
    this.rates = new TrafficRates(users.length, clusterCount);
    const sloTarget = scenario.run.slo?.availabilityRatio ?? Number.NaN;
    this.ledger = new TrafficLedger(this.rates, this.answers, this.ingress, users.length, clusterCount, sloTarget);
    const impairments = (this.impairments = new TrafficImpairments(services.indexByName, clusterCount, input.storeLatencyS));
    const tracked = input.utilizationOf ?? [];
    this.breakdown = scenario.run.latencyBreakdown === true || LATENCY_BREAKDOWN_IN_RESULTS;
    // With a flow per hour of the day (hourSlots.ts) each flow writes its own per-cluster rates.
    const slotted = hourSlotsApply({
      mesh: this.mesh !== undefined,
      deltaPasses: LoadFlow.deltaPassesPossibleFor(services, design.traffic.shedding),
      clientRetries: design.traffic.clientRetries !== undefined,
      tracksUtilization: tracked.length > 0,
      breakdown: this.breakdown,
      routesPure: this.routes.readsArePure,
      groups: groupCount,
    });
    const flowRates = () => (slotted ? new TrafficRates(users.length, clusterCount) : this.rates);
    const flow = (this.flow = new LoadFlow(services, network, state, this.routes, this.deadEndpoints, flowRates(), impairments));
    this.asyncQueues = flow.asyncQueues;
    this.deadEndpoints.offeredPerS = flow.offeredPerS;
    // Inline ejection of remote endpoints counts errors at the caller's call rate (outlierDetectionRoutes.ts).
    this.routes.callsPerS = flow.callsPerS;
    this.routes.errorRatio = impairments.errorRatio;
    this.poolBacklogs = flow.poolBacklogs.configure(design.traffic.shedding, input.warmupS);
    this.backlogs = [flow.asyncQueues, this.poolBacklogs];
    // Latency Monte Carlo (designs with retries or timeouts, or the breakdown; the others' latency is
    // computed): fixed per-sample seeds from named streams, reused at every evaluation so that designs
    // and states are compared on the same draws. Drawn only when the Monte Carlo runs.
    const latencySeeds = () => {
      const perUserRegion = users.map((u) => {
        const rng = createStream(input.seed, input.replication, `traffic/latency/${u.name}`);
        return sampleSeeds(() => rng.next());
      });
      const clusterRng = createStream(input.seed, input.replication, 'traffic/latency/clusters');
      return { perUserRegion, clusters: sampleSeeds(() => clusterRng.next()) };
    };
    this.latency = new LatencyEstimates(services, network, flow.pools, this.routes, latencySeeds, impairments, flow, this.breakdown);
    if (slotted) {
      const idleWaits = new SharedIdleWaits(groupCount);
      flow.shareIdleWaits(idleWaits);
      const makeFlow = (): LoadFlow => {
        const own = new LoadFlow(services, network, state, this.routes, this.deadEndpoints, flowRates(), impairments);
        own.poolBacklogs.configure(design.traffic.shedding, input.warmupS);
        own.acknowledgeImpairments();
        own.shareIdleWaits(idleWaits);
        return own;
      };
      this.slots = new HourSlots(flow, sim.now, makeFlow);
    } else this.slots = null;
    const fromPools = (s: number, c: number) => utilizationOfPool(flow.pools[s * clusterCount + c]);
    const changed = (c: number) => this.onUtilizationChange?.(c);
    const trackingCache = this.mesh === undefined && tracked.length > 0 ? new UtilizationTrackingCache(services, network, state, tracked, fromPools, changed) : null;
    this.clusterCache = trackingCache ?? (this.mesh === undefined ? new ClusterEvaluationCache(services, network, state) : null);
    // With a mesh every evaluation runs the load flow over every pool, so the pools hold the last
    // evaluation's state; without one a cluster's evaluation may come from the cache, which keeps
    // the utilization it computed beside it.
    this.poolUtilization = tracked.length === 0 ? null : (trackingCache ?? { utilization: fromPools });
    const parts: FluidParts = (this.parts = {
      sim,
      state,
      scenario,
      warmupS: input.warmupS,
      dataplaneUp: input.dataplaneUp,
      services,
      network,
      ingress: this.ingress,
      answers: this.answers,
      routes: this.routes,
      flow,
      latency: this.latency,
      rates: this.rates,
      ledger: this.ledger,
      impairments,
      dependencies: this.dependencies,
      clusterCache: this.clusterCache,
      backlogsActive: () => this.backlogs.some((h) => h.active()),
      clientRetries: design.traffic.clientRetries,
    });
    this.evaluation = new FluidEvaluation(parts);

    this.ACCOUNT = sim.register('traffic/account', () => {
      this.ownDispatched++;
      this.account();
    });
    const repeat = input.repeatQuietDays !== false;
    const DEMAND = (this.DEMAND = sim.register('traffic/demandChange', () => {
      this.ownDispatched++;
      if (repeat && this.startHour(sim.now)) return;
      this.markDirty();
      if (sim.now + HOUR_S < input.horizonS) sim.after(HOUR_S, DEMAND, 0);
    }));
    sim.at(HOUR_S, DEMAND, 0);
    const WARMUP = sim.register('traffic/warmup', () => this.endWarmup());
    if (input.warmupS > 0) sim.at(input.warmupS, WARMUP, 0);
    // Spike edges change demand between the hourly changes (an event type of their own: they do not
    // start another hourly chain, and a day with one is never repeated).
    const SPIKE = sim.register('traffic/spikeEdge', () => this.markDirty());
    const edges = new Set<number>();
    for (const u of users) for (const s of u.spikes) for (const t of [s.atS, s.atS + s.forS]) if (t > 0 && t < input.horizonS) edges.add(t);
    for (const t of [...edges].sort((a, b) => a - b)) sim.at(t, SPIKE, 0);
    this.evaluate();
  }

  // ---- inputs from the runtime ----------------------------------------------------------------

  /** A group's ready or lost count changed. */
  groupChanged(service: number, cluster: number): void {
    const group = service * this.clusterCount + cluster;
    this.clusterCache?.podsChanged(group, this.state.ready[group], this.state.lost[group]);
    if (this.answers.isEntryService[service] === 1) this.evaluation.markRoutingDirty(group);
    this.deadEndpoints.groupChanged(group);
    this.routes.serviceChanged(service);
    if (this.slots === null) this.flow.podsChanged(group);
    else for (const flow of this.slots.made()) flow.podsChanged(group);
    this.markDirty();
  }

  /** A region link was partitioned or degraded (active) or healed. */
  setLink(linkId: number, mode: 'partition' | 'degrade', extraLatencyMs: number, lossRatio: number, active: boolean): void {
    this.network.setLink(linkId, mode, extraLatencyMs, lossRatio, active, this.sim.now);
    this.routes.linkChanged();
    // Users' delivered shares and RTTs read the links.
    this.evaluation.markAllChanged();
    this.markDirty();
  }

  /** A fault that acts on requests (episode `id`; a datastore's effect on a group: an id below zero) started (active) or ended. */
  impair(id: number, impairment: Impairment, active: boolean): void {
    const clusters = this.impairments.set(id, impairment, active);
    if (this.slots === null) this.flow.impairmentsChanged(clusters);
    else for (const flow of this.slots.made()) flow.impairmentsChanged(clusters);
    if (clusters.length === 0) return;
    for (const c of clusters) this.clusterCache?.impairmentChanged(c, this.impairments.stateId[c]);
    // Ingress errors and delays enter the users' shares and RTTs.
    this.evaluation.markAllChanged();
    // Deep health checks may see it; crash-looping pods change what shallow ones see too.
    this.evaluation.markRoutingDirty();
    this.markDirty();
  }


  /** A shared dependency this design uses went down (down) or came back: docs/dependencies.md. */
  dependencyDown(spec: DependencySpec, down: boolean): void {
    if (!this.dependencies.set(spec.kind, spec.errorRatio, down)) return;
    switch (spec.kind) {
      case 'dns':
        this.answers.setResolving(this.dependencies.resolutionDown === 0);
        break;
      case 'gslb':
        this.answers.frozen = this.dependencies.steeringFrozen > 0;
        break;
      case 'meshControlPlane':
        this.routes.freezeRemoteEndpoints(this.dependencies.meshFrozen > 0);
        break;
      default:
        break;
    }
    // Answers, entry shares or routes changed; cached per-cluster evaluations stay valid (they are
    // keyed by the entry traffic and the pods).
    this.evaluation.markRoutingDirty();
    this.evaluation.markAllChanged();
    this.markDirty();
  }

  /** A cluster's data plane went down or came back: routing must be recomputed. */
  dataplaneChanged(): void {
    this.evaluation.markRoutingDirty();
    this.evaluation.markAllChanged();
    this.evaluation.markDataplaneChanged();
    this.clusterCache?.invalidateAll();
    this.routes.invalidateAll();
    this.markDirty();
  }

  markDirty(): void {
    this.changeVersion++;
    if (this.evaluationQueued) return;
    this.evaluationQueued = true;
    // Same instant, after whatever else happens now: one evaluation per instant.
    this.sim.after(0, this.ACCOUNT, 0);
  }

  // ---- routing, shared with the request-level mode ------------------------------------------------

  /** Where user region u's new clients go, and the share still on a stale cached answer (and where). */
  userRouting(u: number): { route: Route; staleShare: number; staleRoute: Route | null } {
    const cohort = this.answers.staleCohort[u];
    // The spilled-over shares when the ingress spills over (the answer itself otherwise).
    return { route: this.evaluation.userRouteOf(u), staleShare: this.answers.staleShare(u), staleRoute: cohort ? cohort.route : null };
  }

  /**
   * Share of user requests that get past the design's down entry dependencies (a global anycast
   * load balancer, identity, a custom dependency): 1 when none is down. For the request-level mode.
   */
  /**
   * Share of user region u's requests to cluster c that the network delivers (no partition of the
   * users' link, its loss) and its ingress lets through (no expired certificate): the request-level
   * mode draws against it.
   */
  userPassRatio(u: number, c: number): number {
    return this.network.userDeliveredRatio(u, c) * (1 - this.impairments.ingressErrorRatio[c]);
  }

  userEntryPass(): number {
    return this.dependencies.unroutablePass * this.dependencies.impairedPass;
  }

  /** Where a call from `fromCluster` to `service` goes (valid until the next evaluation). */
  routeOfCall(service: number, fromCluster: number): Route {
    return this.routes.routeOf(service, fromCluster);
  }

  /**
   * Busy share of the servers of a service's ready pods in a cluster (busy servers / servers, 0 with
   * no traffic or no ready pod) in the current state, for a service listed in `utilizationOf`. It is
   * read from the last evaluation, which is only run early when something changed at this instant.
   */
  utilization(service: number, cluster: number): number {
    if (this.poolUtilization === null) throw new RangeError('pool utilization was not asked for (TrafficInput.utilizationOf)');
    // Something changed at this instant (a pod turned Ready as the HPA syncs): evaluate it now, so that
    // the utilization is that of the pods the reader counts. The queued evaluation then has nothing to do.
    if (this.evaluationQueued && this.evaluatedVersion !== this.changeVersion) this.account();
    return this.poolUtilization.utilization(service, cluster);
  }

  /** Share of a pool's traffic that hits dead-but-listed endpoints right now. */
  blackholeShare(service: number, cluster: number): number {
    return this.deadEndpoints.share(service * this.clusterCount + cluster);
  }

  /** Whether a call between two clusters crosses a partitioned link, and its loss ratio. */
  linkState(fromCluster: number, toCluster: number): { partitioned: boolean; lossRatio: number } {
    return this.network.linkState(fromCluster, toCluster);
  }

  clusterRttS(a: number, b: number): number {
    return this.network.rttMs(a, b) / 1000;
  }

  userRttS(u: number, c: number): number {
    return this.network.userRttMs(u, c) / 1000;
  }

  entryOf(u: number): number {
    return this.answers.entryService[u];
  }

  /** Success ratio right now, over all user regions (demand-weighted). */
  currentSuccessRatio(): number {
    // Something changed at this instant but its evaluation is still queued: do it now.
    if (this.evaluationQueued && this.evaluatedVersion !== this.changeVersion) this.account();
    const rates = this.rates;
    let demandPerS = 0;
    let succeededPerS = 0;
    for (let u = 0; u < rates.demandPerS.length; u++) {
      const stale = this.answers.staleShare(u);
      demandPerS += rates.demandPerS[u];
      succeededPerS += rates.demandPerS[u] * ((1 - stale) * rates.successOnAnswer[u] + stale * rates.successOnStale[u]);
    }
    return demandPerS > 0 ? succeededPerS / demandPerS : 1;
  }

  // ---- quiet days ---------------------------------------------------------------------------------

  /**
   * An hour starts (`hourS`). Demand repeats bit for bit every 24 hours from any hour (demand.ts), so
   * 24 hours in which nothing but demand changed — no other event of any model ran, nothing was
   * pending for this model (a follow-up, a backlog, a stale DNS cohort) — are followed by 24-hour
   * stretches identical to them, evaluation for evaluation, until something else happens. Such
   * stretches ("quiet days") are not evaluated hour by hour: the ledger adds the quiet day again as
   * many whole times as fit before the next event of another kind (or the horizon), and the hourly
   * changes resume after the copies. The ledger is marked at the first hour after anything else
   * happened (and again when a mark a day old could not be used), so a quiet day may start at any
   * hour. Returns true when it repeated days (the caller then does not go on with this hour).
   * docs/traffic.md, "Quiet days".
   */
  private startHour(hourS: number): boolean {
    // The last hour, at its rates, as the evaluation queued now would close it.
    this.close(hourS);
    const quietSinceMark = this.dayMarkDispatched >= 0 && this.sim.eventsDispatched - this.dayMarkDispatched === this.ownDispatched - this.dayMarkOwn;
    if (quietSinceMark && this.repeatQuietDays(hourS)) return true;
    // A day that starts with a queue holding messages, or a follow-up pending, does not end as it
    // started: try the next hour (marking now would retry at this hour of every day, maybe always
    // inside a daily peak's backlog).
    if ((!quietSinceMark || !(hourS - this.ledger.dayMarkS() < DAY_S)) && this.nothingPending() && this.backlogs.every((h) => h.dayCanStart())) {
      this.ledger.markDay(hourS);
      for (const holder of this.backlogs) holder.markDay();
      this.dayMarkDispatched = this.sim.eventsDispatched;
      this.dayMarkOwn = this.ownDispatched;
    }
    return false;
  }

  /**
   * No follow-up pending. A superseded follow-up that was not cancelled (one the backlogs alone did
   * not ask for) resets followUpAtS when it runs, though a later one may still be pending: the
   * backlogs' own is therefore also checked by its handle.
   */
  private nothingPending(): boolean {
    return this.followUpAtS === Number.POSITIVE_INFINITY && this.backlogFollowUp === null;
  }

  /** The day since the ledger's mark was quiet (the caller checked that nothing else ran): repeat it if the state allows and whole days fit. */
  private repeatQuietDays(dayS: number): boolean {
    if (!this.ledger.canRepeatDay(DAY_S)) return false;
    if (this.evaluationQueued || !this.nothingPending()) return false;
    if (!this.backlogs.every((h) => h.sameAsMark()) || this.answers.staleCohort.some((c) => c !== null)) return false;
    const endS = Math.min(this.sim.nextTimeExcept([this.DEMAND, this.ACCOUNT]), this.input.horizonS);
    // Whole days that end strictly before it: the next one is evaluated hour by hour.
    const days = Math.ceil((endS - dayS) / DAY_S) - 1;
    if (!(days >= 1)) return false;
    this.ledger.repeatDay(DAY_S, days);
    for (const holder of this.backlogs) holder.repeatDay(DAY_S, days);
    this.lastEvalS = dayS + days * DAY_S;
    this.daysRepeated += days;
    this.sim.at(this.lastEvalS, this.DEMAND, 0);
    return true;
  }

  // ---- evaluation and accounting ----------------------------------------------------------------

  private account(): void {
    this.evaluationQueued = false;
    if (this.evaluatedVersion === this.changeVersion) return; // already done early, for a sample
    this.evaluatedVersion = this.changeVersion;
    this.close(this.sim.now);
    this.evaluate();
  }

  /** The evaluation about to run reads and writes this hour's flow (hourSlots.ts), and so do the parts that read the flow's pools and loads. */
  private useFlow(flow: LoadFlow): void {
    const parts = this.parts;
    if (parts.flow === flow) return;
    parts.flow = flow;
    flow.syncIdleWaits();
    this.latency.useFlow(flow);
    this.deadEndpoints.offeredPerS = flow.offeredPerS;
    this.routes.callsPerS = flow.callsPerS;
  }

  /** Account the interval since the last evaluation at its rates. */
  private close(nowS: number): void {
    if (nowS - this.lastEvalS <= 0) return;
    this.ledger.close(this.lastEvalS, nowS);
    // Queues grew or drained at the rates of the evaluation that ends here.
    for (const holder of this.backlogs) holder.advance(nowS - this.lastEvalS);
    this.lastEvalS = nowS;
  }

  private evaluate(): void {
    if (this.slots !== null) this.useFlow(this.slots.at(this.sim.now));
    this.evaluation.run();
    // With a mesh any pool may have changed (the tracking cache reports its clusters itself).
    if (this.poolUtilization !== null && this.clusterCache === null && this.onUtilizationChange !== null) for (let c = 0; c < this.clusterCount; c++) this.onUtilizationChange(c);
    // Re-evaluate while DNS stale shares decay or ejections are pending, so loads follow them.
    this.scheduleFollowUps(this.sim.now);
    this.lastEvalS = this.sim.now;
  }

  private endWarmup(): void {
    this.close(this.sim.now);
    this.ledger.reset();
    this.asyncQueues.resetStatistics();
    // Peaks restart: every cluster's must be recorded again.
    this.evaluation.markAllChanged();
    this.markDirty(); // re-evaluate now, so peaks and rates restart from the current state
  }

  private scheduleFollowUps(now: number): void {
    let other = Number.POSITIVE_INFINITY;
    const step = Math.max(1, this.ingress.ttlS / 4);
    for (const cohort of this.answers.staleCohort) if (cohort) other = Math.min(other, now + step);
    other = Math.min(other, this.deadEndpoints.nextEjectionS(now), this.routes.nextEjectionS(now));
    // A backlog's next change is at least a microsecond away: a queue a float residue from empty would
    // otherwise ask for a step that `now + step` rounds back to `now` (a year in, the spacing of doubles
    // is ~2 ns), and the model would wake at the same instant forever. advance() handles the overshoot.
    let backlogs = Number.POSITIVE_INFINITY;
    for (const holder of this.backlogs) backlogs = Math.min(backlogs, now + Math.max(MIN_BACKLOG_STEP_S, holder.nextChangeInS()));
    const next = Math.min(other, backlogs);
    if (next < this.input.horizonS && next < this.followUpAtS - 1e-9) {
      this.followUpAtS = next;
      if (this.followUpType < 0) {
        this.followUpType = this.sim.register('traffic/followUp', (backlogsOnly) => {
          // Asked for by the backlogs alone (when a queue would fill or empty at the rates then):
          // it recurs with the state that scheduled it, so a day with it can be quiet (startHour).
          if (backlogsOnly === 1) {
            this.ownDispatched++;
            // The one in force: a superseded one was cancelled.
            this.backlogFollowUp = null;
          }
          this.followUpAtS = Number.POSITIVE_INFINITY;
          this.markDirty();
        });
      }
      // One the backlogs alone asked for is superseded: the rates it was computed from are gone,
      // and so is its reason (left pending, it would evaluate for nothing, and bound every quiet day).
      if (this.backlogFollowUp !== null) this.sim.cancel(this.backlogFollowUp);
      const backlogsOnly = other === Number.POSITIVE_INFINITY;
      const handle = this.sim.at(next, this.followUpType, backlogsOnly ? 1 : 0);
      this.backlogFollowUp = backlogsOnly ? handle : null;
    }
  }

  // ---- results ----------------------------------------------------------------------------------

  finish(): TrafficOutcome {
    this.close(this.input.horizonS);
    const outcome = this.ledger.outcome(this.input.scenario, this.input.fleet, { evaluations: this.evaluation.evaluations, latencyEstimates: this.latency.estimatesUsed, daysRepeated: this.daysRepeated }, this.breakdown);
    // Only designs that have them carry these, so results of the others keep their shape.
    const queues = this.asyncQueues.summary(this.input.fleet.clusters.map((c) => c.name));
    const overload = this.poolBacklogs.summary();
    if (queues.length === 0 && overload === undefined) return outcome;
    return { ...outcome, ...(queues.length > 0 ? { asyncQueues: queues } : {}), ...(overload !== undefined ? { overload } : {}) };
  }
}

/** Where `FluidTraffic.utilization` reads from. */
interface PoolUtilization {
  utilization(service: number, cluster: number): number;
}

/** A pool's busy share as the load flow left it; 0 when it admitted nothing (an idle pool's other fields may be stale). */
function utilizationOfPool(pool: PoolState): number {
  return pool.admittedPerS > 0 ? pool.utilization : 0;
}

/**
 * The per-cluster cache, keeping beside each evaluation it computes the utilization of the tracked
 * services' pools (read from the load flow right after the computation: a cached evaluation is
 * reused without running the flow again, so the pools then hold another state), and which
 * evaluation each cluster uses now. Only built when something reads utilization.
 */
class UtilizationTrackingCache extends ClusterEvaluationCache implements PoolUtilization {
  override readonly notesCurrent = true;
  /** Per service: its index among the tracked ones, −1 if not tracked. */
  private readonly trackedIndex: Int32Array;
  private readonly tracked: readonly number[];
  private readonly fromPools: (service: number, cluster: number) => number;
  private readonly byEvaluation = new WeakMap<ClusterEvaluation, Float64Array>();
  private readonly changed: (cluster: number) => void;
  /** Per cluster: the tracked services' utilization in its current evaluation (null: none, its data plane is down). */
  private readonly inUse: (Float64Array | null)[];
  /** The computation of the evaluation() call under way (kept in a field so that no closure is made per call). */
  private compute: ((cluster: number) => ClusterEvaluation) | null = null;
  private readonly computeAndNote = (cluster: number): ClusterEvaluation => {
    const evaluation = this.compute!(cluster);
    const u = new Float64Array(this.tracked.length);
    for (let i = 0; i < this.tracked.length; i++) u[i] = this.fromPools(this.tracked[i], cluster);
    this.byEvaluation.set(evaluation, u);
    return evaluation;
  };

  constructor(
    services: ServiceModel,
    network: FleetNetwork,
    state: RuntimeState,
    tracked: readonly number[],
    fromPools: (service: number, cluster: number) => number,
    changed: (cluster: number) => void,
  ) {
    super(services, network, state);
    this.tracked = tracked;
    this.fromPools = fromPools;
    this.changed = changed;
    this.trackedIndex = new Int32Array(services.serviceCount).fill(-1);
    tracked.forEach((s, i) => (this.trackedIndex[s] = i));
    this.inUse = new Array(network.clusterCount).fill(null);
  }

  override evaluation(cluster: number, entryPerS: Float64Array, entryServices: readonly number[], compute: (cluster: number) => ClusterEvaluation): ClusterEvaluation {
    this.compute = compute;
    const evaluation = super.evaluation(cluster, entryPerS, entryServices, this.computeAndNote);
    this.compute = null;
    this.use(cluster, this.byEvaluation.get(evaluation) ?? null);
    return evaluation;
  }

  override invalidate(cluster: number): void {
    super.invalidate(cluster);
    this.use(cluster, null);
  }

  private use(cluster: number, utilization: Float64Array | null): void {
    if (this.inUse[cluster] === utilization) return;
    this.inUse[cluster] = utilization;
    this.changed(cluster);
  }

  utilization(service: number, cluster: number): number {
    const i = this.trackedIndex[service];
    if (i < 0) throw new RangeError(`the utilization of service ${service} is not tracked`);
    const u = this.inUse[cluster];
    return u === null ? 0 : u[i];
  }
}
