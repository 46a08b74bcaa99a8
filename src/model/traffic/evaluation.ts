import type { Simulator } from '../../engine/simulator.js';
import type { RetryPolicySpec, Scenario, SpilloverSpec } from '../../scenario/types.js';
import type { RuntimeState } from '../runtime/state.js';
import type { TrafficLedger } from './accounting.js';
import { AnswerTerms, CountedFlags, SortedClusterSet } from './answerTerms.js';
import type { ClusterEvaluation, ClusterEvaluationCache } from './clusterCache.js';
import { ClusterHourSlots, type ClusterPathState } from './clusterSlots.js';
import { clientRetry, CLIENT_RETRY_TOLERANCE, largestRelativeChange, MAX_CLIENT_RETRY_PASSES, retriedOverRoute, TruncatedLatencies, type AttemptOutcome, type ClientRetry, type RouteRetryOutcome } from './clientRetries.js';
import { hourlyFactor, spikeFactorAt } from './demand.js';
import type { DependencyState } from './dependencyState.js';
import { entryPassesChecks, probeTimeoutS } from './healthProbe.js';
import type { TrafficImpairments } from './impairments.js';
import { incremental } from './incremental.js';
import type { IngressHealth } from './ingress.js';
import type { LatencyEstimates } from './latencyEstimates.js';
import type { LatencyResult } from './latencyMonteCarlo.js';
import { emptyTally, type LoadFlow, type LoadTally } from './loadFlow.js';
import type { FleetNetwork } from './network.js';
import { noFailures, type FailureCounts, type LatencyPart, type TrafficRates } from './rates.js';
import { NEAR_TIE_MS, type CallRoutes, type Route, type UserAnswers } from './routing.js';
import type { ServiceModel } from './serviceModel.js';
import { minuteCriterion } from './sloMinutes.js';
import { spillLevels, spillOver, type SpillUser } from './spillover.js';

const FAILURE_KEYS: readonly (keyof FailureCounts)[] = ['unroutable', 'deadEndpoint', 'shed', 'noReplica', 'impaired', 'timeout'];

/** A cluster's failures by cause in its evaluation (the mix its requests' failures are split by). */
function clusterFailureMix(result: ClusterEvaluation): FailureCounts {
  return { unroutable: 0, deadEndpoint: result.deadEndpointPerS, shed: result.shedPerS, noReplica: result.noReplicaPerS, impaired: result.impairedPerS, timeout: result.timeoutPerS };
}

/**
 * Set region u's attempts per request on each cluster of `route` from its retried outcome (the
 * amplification there: attempts reaching it ÷ its weight); returns the largest relative change.
 */
function nextAttempts(store: (Float64Array | null)[], u: number, route: Route, out: RouteRetryOutcome): number {
  const n = route.clusters.length;
  const next = new Float64Array(n);
  for (let i = 0; i < n; i++) next[i] = route.weights[i] > 0 ? out.attemptsAt[i] / route.weights[i] : 1;
  const before = store[u] ?? new Float64Array(n).fill(1);
  store[u] = next;
  return before.length === n ? largestRelativeChange(before, next) : Number.POSITIVE_INFINITY;
}

/** The parts of the fluid model an evaluation reads and writes. */
export interface FluidParts {
  readonly sim: Simulator;
  readonly state: RuntimeState;
  readonly scenario: Scenario;
  readonly warmupS: number;
  readonly dataplaneUp: (cluster: number) => boolean;
  readonly services: ServiceModel;
  readonly network: FleetNetwork;
  readonly ingress: IngressHealth;
  readonly answers: UserAnswers;
  readonly routes: CallRoutes;
  /** The load flow: with hour slots (hourSlots.ts), the current hour's, set before each evaluation. */
  flow: LoadFlow;
  readonly latency: LatencyEstimates;
  readonly rates: TrafficRates;
  readonly ledger: TrafficLedger;
  readonly impairments: TrafficImpairments;
  /** The design's shared dependencies that are down (DNS, GSLB steering, anycast LB, identity…). */
  readonly dependencies: DependencyState;
  /** Present without a mesh: calls stay in their cluster, so clusters are evaluated (and cached) one by one. */
  readonly clusterCache: ClusterEvaluationCache | null;
  /** Whether some backlog is non-zero (backlog.ts): evaluations then depend on it, so none is cached. */
  readonly backlogsActive: () => boolean;
  /** The design's client retries (designs[].traffic.clientRetries); undefined: users do not retry. */
  readonly clientRetries: RetryPolicySpec | undefined;
}

/**
 * One evaluation of the current state into rates (TrafficRates): routing (health truths, answers,
 * stale cohorts), demand, then loads, success probabilities and latency, either for the whole fleet
 * at once (with a mesh, calls may cross clusters) or cluster by cluster from a content-keyed cache
 * (without one). Both paths run the same entry traffic, load flow (LoadFlow) and latency Monte Carlo
 * (LatencyMonteCarlo). What still differs between them, kept because unifying it moves results:
 * - idle pools: reset on the per-cluster path, left with their waits fleet-wide (see IdlePools);
 * - latency: one estimate per user region over its whole answer (draws pick the cluster) fleet-wide,
 *   against one server-side estimate per cluster mixed by each cluster's share of successes per
 *   cluster; different draws, so neither reproduces the other to the last bit;
 * - internet egress: split evenly over the answer's clusters fleet-wide, by each cluster's
 *   successful share per cluster;
 * - the latency fingerprints (see LatencyEstimates).
 */
export class FluidEvaluation {
  private readonly parts: FluidParts;
  private readonly clusterCount: number;
  /** Per cluster, this evaluation: 1 when its data plane is up. */
  private readonly dataplane: Uint8Array;
  /** Per group of an entry service: requests per second entering it from users. */
  private readonly entryPerS: Float64Array;
  private readonly allClusters: Int32Array;
  private readonly oneCluster = new Int32Array(1);
  /** Per cluster, this evaluation (per-cluster path): its evaluation, null when its data plane is down. */
  private readonly clusterResults: (ClusterEvaluation | null)[];
  /** Answers and health truths need recomputing (an entry's pods, a view, the data plane changed). */
  private routingDirty = true;
  /** Every entry group's health truth needs recomputing; else only those in routingGroups (flagged in routingGroupFlag). */
  private routingAll = true;
  private readonly routingGroups: number[] = [];
  private readonly routingGroupFlag: Uint8Array;
  /** The data planes must be read again (markDataplaneChanged); with a mesh they are read at every evaluation. */
  private dataplaneStale = true;
  /**
   * Per user region: where its requests go in this evaluation: its answer, or with spill-over
   * (spillover.ts) the shares the load balancer spreads them over.
   */
  private readonly userRoute: Route[];
  private readonly spillover: SpilloverSpec | undefined;
  /** Users' own retries (clientRetries.ts); undefined: users do not retry. */
  private readonly clientRetry: ClientRetry | undefined;
  /**
   * With client retries, per user region: attempts per request sent to each cluster of its route
   * (and of its stale DNS route) that the entry traffic multiplies by; null: one (the first pass).
   */
  private readonly attemptsOnRoute: (Float64Array | null)[];
  private readonly attemptsOnStale: (Float64Array | null)[];
  /** With client retries, per user region: the outcome over its route and its stale route, this evaluation. */
  private readonly retriedOnRoute: (RouteRetryOutcome | null)[];
  private readonly retriedOnStale: (RouteRetryOutcome | null)[];
  /** With a client per-try timeout: latency estimates cut at it (the successes within it). */
  private readonly truncated = new TruncatedLatencies();
  /** Per user region: the latency parts composeUserRegion fills (reused objects). */
  private readonly composedParts: { result: LatencyResult; rttS: number; share: number }[][];
  /** Fixed-point passes of the last evaluation with client retries (diagnostics and tests). */
  lastRetryPasses = 0;
  evaluations = 0;
  /**
   * Per-cluster path: per user region, its route's terms of success (AnswerTerms), and the clusters
   * whose evaluation has a failure or residency figure other than 0 (what the failure sums visit).
   */
  private readonly answerTerms: AnswerTerms[];
  private readonly failing: SortedClusterSet;
  /**
   * Whether an evaluation may visit only the clusters that changed (byClusterChanges): per-cluster
   * path, no users' retries, no spill-over, and the switch on (incremental.changedClustersOnly).
   */
  private readonly changesOnlyPossible: boolean;
  /**
   * Per-cluster path: its state kept per hour of the day (ClusterHourSlots), when changes-only
   * evaluations are possible and the switch is on (incremental.clusterHourSlots); and that state,
   * by reference, as the slots copy it.
   */
  private readonly hourSlots: ClusterHourSlots | null;
  private readonly pathState: ClusterPathState;
  /** The next evaluation visits every cluster (see markAllChanged). */
  private fullNext = true;
  /** Users' shares through and RTTs to the clusters changed: AnswerTerms.weightedPass and rttS must be recomputed. */
  private passStale = true;
  /**
   * Per cluster, 1 when its internet bytes rate is not 0, and how many such clusters there are
   * (per-cluster path; when none, the ledger skips those totals).
   */
  private readonly internetLive: CountedFlags;
  /** A data plane went up or down since the last evaluation that visited every cluster. */
  private dataplaneMoved = false;
  /** Per user region: the demand of the last evaluation. */
  private readonly lastDemandPerS: Float64Array;
  /** Simulated time of the last evaluation. */
  private lastEvaluationS = Number.NEGATIVE_INFINITY;
  /** Some user region had a stale DNS cohort at the last evaluation. */
  private lastHadCohort = true;
  /** The failures entryTraffic found at the last evaluation that visited every cluster (unroutable, impaired). */
  private entryFailures: FailureCounts = noFailures();
  /** Evaluations that visited only the clusters that changed (diagnostics and tests). */
  changesOnlyEvaluations = 0;
  /** computeCluster as the cache calls it (one closure, not one per evaluation). */
  private readonly compute = (c: number): ClusterEvaluation => this.computeCluster(c);
  /**
   * Per-cluster path: per cluster, 1 when the inter-zone (log) bytes rate written for it is not 0,
   * and how many such clusters there are: when none, the ledger skips those totals (clusterRatesLive).
   */
  private readonly interZoneLive: CountedFlags;
  private readonly logBytesLive: CountedFlags;

  constructor(parts: FluidParts) {
    this.parts = parts;
    const clusterCount = (this.clusterCount = parts.network.clusterCount);
    this.dataplane = new Uint8Array(clusterCount);
    this.routingGroupFlag = new Uint8Array(parts.services.serviceCount * clusterCount);
    this.entryPerS = new Float64Array(parts.services.serviceCount * clusterCount);
    this.allClusters = Int32Array.from({ length: clusterCount }, (_, c) => c);
    this.clusterResults = new Array(clusterCount).fill(null);
    const userCount = parts.scenario.workload.userRegions.length;
    this.userRoute = Array.from({ length: userCount }, (_, u) => parts.answers.answer[u]);
    const policy = parts.ingress.policy;
    this.spillover = policy.kind === 'anycast' ? policy.spillover : undefined;
    this.clientRetry = clientRetry(parts.clientRetries, policy.kind);
    this.attemptsOnRoute = new Array(userCount).fill(null);
    this.attemptsOnStale = new Array(userCount).fill(null);
    this.retriedOnRoute = new Array(userCount).fill(null);
    this.retriedOnStale = new Array(userCount).fill(null);
    this.composedParts = Array.from({ length: userCount }, () => []);
    this.answerTerms = Array.from({ length: parts.clusterCache === null ? 0 : userCount }, () => new AnswerTerms(clusterCount));
    this.failing = new SortedClusterSet(clusterCount);
    this.interZoneLive = new CountedFlags(clusterCount);
    this.internetLive = new CountedFlags(clusterCount);
    this.logBytesLive = new CountedFlags(clusterCount);
    this.lastDemandPerS = new Float64Array(userCount);
    this.changesOnlyPossible = parts.clusterCache !== null && this.clientRetry === undefined && this.spillover === undefined && incremental.changedClustersOnly;
    // Not where the cache notes each cluster's current evaluation (HPAs read its utilization): a
    // restored state would bypass it.
    this.hourSlots = this.changesOnlyPossible && incremental.clusterHourSlots && !parts.clusterCache!.notesCurrent ? new ClusterHourSlots(clusterCount, userCount, parts.answers.entryServices.length) : null;
    this.pathState = {
      entryPerS: this.entryPerS,
      entryServices: parts.answers.entryServices,
      clusterResults: this.clusterResults,
      rates: parts.rates,
      interZoneLive: this.interZoneLive,
      logBytesLive: this.logBytesLive,
      internetLive: this.internetLive,
      failing: this.failing,
      answerTerms: this.answerTerms,
      composedParts: this.composedParts,
      userRoute: this.userRoute,
      lastDemandPerS: this.lastDemandPerS,
    };
    // The ledger is built knowing only the availability target; the minutes users felt are judged
    // on the SLO's latency targets too, which need the scenario this evaluation reads.
    parts.ledger.judgeMinutesBy(minuteCriterion(parts.scenario.run.slo, parts.scenario.workload.userRegions.map((u) => u.name)));
  }

  /**
   * Where user region u's requests go as of the last evaluation: its answer, or with spill-over the
   * shares over the clusters with room (for the request-level mode, which must draw the same).
   */
  userRouteOf(u: number): Route {
    return this.userRoute[u];
  }

  /**
   * Answers and health truths need recomputing: with `group`, only that entry group's truth can
   * have changed (its ready pods, or its view: the answers); without, every group's may have.
   */
  markRoutingDirty(group?: number): void {
    this.routingDirty = true;
    if (group === undefined) this.routingAll = true;
    else if (!this.routingAll && this.routingGroupFlag[group] === 0) {
      this.routingGroupFlag[group] = 1;
      this.routingGroups.push(group);
    }
  }

  /** A cluster's data plane went up or down: the next evaluation reads them all again. */
  markDataplaneChanged(): void {
    this.dataplaneStale = true;
  }

  /**
   * Something every cluster's evaluation or every user's route reads changed (a link, an impairment,
   * a shared dependency, a data plane, the end of warm-up): the next evaluation visits every cluster.
   */
  markAllChanged(): void {
    this.fullNext = true;
    this.passStale = true;
  }

  run(): void {
    this.evaluations++;
    const { sim, state, scenario, ingress, answers, routes, rates, clusterCache } = this.parts;
    const now = sim.now;
    const clusterCount = this.clusterCount;
    // Without a mesh, only when one changed (FluidTraffic.dataplaneChanged is told of every change).
    if (this.dataplaneStale || clusterCache === null) {
      let moved = false;
      for (let c = 0; c < clusterCount; c++) {
        const up = this.parts.dataplaneUp(c) ? 1 : 0;
        if (up !== this.dataplane[c]) moved = true;
        this.dataplane[c] = up;
      }
      if (moved) this.dataplaneMoved = true;
      this.dataplaneStale = false;
    }
    // Health truth of each entry endpoint, for the checkers, and each region's answer. With a mesh
    // they are refreshed at every evaluation; without one only when something they read changed.
    const refreshRouting = this.routingDirty || clusterCache === null;
    if (refreshRouting) {
      const check = ingress.policy.healthCheck;
      const timeoutS = probeTimeoutS(ingress.policy);
      const impairments = this.parts.impairments;
      const truth = (group: number, c: number) => {
        const ready = state.ready[group];
        ingress.setTruth(group, this.dataplane[c] === 1 && ready > 0 && (check === undefined || entryPassesChecks(check, impairments, group, c, ready, timeoutS)));
      };
      if (this.routingAll || clusterCache === null) {
        for (const e of answers.entryServices) for (let c = 0; c < clusterCount; c++) truth(e * clusterCount + c, c);
      } else {
        // Only the groups whose truth can have changed, in the same (ascending) order: setTruth
        // schedules the checkers' flips, whose order among simultaneous events counts.
        const groups = this.routingGroups.sort((a, b) => a - b);
        for (const group of groups) truth(group, group % clusterCount);
      }
      for (const group of this.routingGroups) this.routingGroupFlag[group] = 0;
      this.routingGroups.length = 0;
      this.routingAll = false;
      this.routingDirty = false;
    }
    if (clusterCache === null) routes.beginEvaluation(now);
    const users = scenario.workload.userRegions;
    for (let u = 0; u < users.length; u++) {
      if (refreshRouting) answers.update(u);
      answers.expireStale(u);
      const spec = users[u];
      rates.demandPerS[u] = spec.ratePerS * hourlyFactor(now, spec.diurnal) * spikeFactorAt(now, spec.spikes);
    }
    this.routeUsers();
    if (clusterCache === null) this.fleetWide(now);
    else {
      clusterCache.bypass = this.parts.backlogsActive();
      this.byCluster(now, clusterCache);
      // Without a mesh nothing crosses regions or clusters; inter-zone and log bytes as counted.
      const live = this.parts.ledger.clusterRatesLive;
      live.interRegion = false;
      live.crossCluster = false;
      live.interZone = this.interZoneLive.count > 0;
      live.internet = this.internetLive.count > 0;
      live.logBytes = this.logBytesLive.count > 0;
    }
    this.lastEvaluationS = now;
    this.lastHadCohort = answers.staleCohort.some((cohort) => cohort !== null);
  }

  /**
   * Share of user region u's requests sent to cluster c that reach its entry pods: the network
   * delivers them (no partition of the users' links) and its ingress does not fail them.
   */
  private userPass(u: number, c: number): number {
    const delivered = this.parts.network.userDeliveredRatio(u, c);
    const ingressError = this.parts.impairments.ingressErrorRatio[c];
    const pass = ingressError > 0 ? delivered * (1 - ingressError) : delivered;
    const deps = this.parts.dependencies;
    return deps.entryFailing ? pass * deps.unroutablePass * deps.impairedPass : pass;
  }

  /**
   * Users' requests into their answers' entry pools. Requests to a dead data plane or over a cut
   * link are unroutable; those an impaired ingress fails (an expired certificate) never reach a pod.
   */
  private entryTraffic(failuresPerS: FailureCounts): void {
    const { answers, rates, network, impairments, dependencies } = this.parts;
    const clusterCount = this.clusterCount;
    const entryPerS = this.entryPerS;
    const resolving = answers.resolvingNow;
    const entryFailing = dependencies.entryFailing;
    for (const e of answers.entryServices) for (let c = 0; c < clusterCount; c++) entryPerS[e * clusterCount + c] = 0;
    for (let u = 0; u < rates.demandPerS.length; u++) {
      const cohort = answers.staleCohort[u];
      const staleShare = answers.staleShare(u);
      const entry = answers.entryService[u];
      const add = (route: Route, share: number, attempts: Float64Array | null) => {
        // DNS not resolving: the clients without a cached answer have nowhere to go.
        if (!resolving && route.clusters.length === 0) failuresPerS.unroutable += rates.demandPerS[u] * this.unresolvedShare(u, share);
        for (let i = 0; i < route.clusters.length; i++) {
          const c = route.clusters[i];
          let perS = rates.demandPerS[u] * share * route.weights[i];
          // Users' retries reach the same entry pools (clientRetries.ts).
          if (attempts !== null) perS *= attempts[i];
          if (entryFailing) {
            // A down anycast load balancer drops the request; identity (or a custom dependency) fails it.
            failuresPerS.unroutable += perS * (1 - dependencies.unroutablePass);
            failuresPerS.impaired += perS * dependencies.unroutablePass * (1 - dependencies.impairedPass);
            perS *= dependencies.unroutablePass * dependencies.impairedPass;
          }
          if (this.dataplane[c] === 0) {
            failuresPerS.unroutable += perS;
            continue;
          }
          const delivered = network.userDeliveredRatio(u, c);
          const ingressError = impairments.ingressErrorRatio[c];
          if (delivered === 1 && ingressError === 0) {
            entryPerS[entry * clusterCount + c] += perS;
            continue;
          }
          failuresPerS.unroutable += perS * (1 - delivered);
          failuresPerS.impaired += perS * delivered * ingressError;
          entryPerS[entry * clusterCount + c] += perS * delivered * (1 - ingressError);
        }
      };
      add(this.userRoute[u], 1 - staleShare, this.attemptsOnRoute[u]);
      if (cohort && staleShare > 0) add(cohort.route, staleShare, this.attemptsOnStale[u]);
    }
  }

  /**
   * For attributing failures while DNS does not resolve: the share of region u's clients without a
   * cached answer, averaged over the next quarter TTL (the model re-evaluates that often while
   * caches drain). The share right now is 0 at the outage's start, yet the interval that follows
   * already fails the clients whose caches expire in it.
   */
  private unresolvedShare(u: number, shareNow: number): number {
    const { answers, ingress, sim } = this.parts;
    const cohort = answers.staleCohort[u];
    if (cohort === null) return shareNow;
    const stepS = Math.max(1, ingress.ttlS / 4);
    const x = sim.now - cohort.sinceS;
    return 1 - ingress.staleIntegral(x, x + stepS) / stepS;
  }

  /** With a mesh: every pool of the fleet at once, one latency estimate per user region. */
  private fleetWide(now: number): void {
    if (this.clientRetry !== undefined) {
      this.fleetWideRetried(now, this.clientRetry);
      return;
    }
    const { answers, flow, latency, rates, services } = this.parts;
    const clusterCount = this.clusterCount;
    const failuresPerS = noFailures();
    this.entryTraffic(failuresPerS);
    rates.internetBytesPerS.fill(0);
    const tally = this.fleetFlow();
    failuresPerS.deadEndpoint = tally.deadEndpoint;
    failuresPerS.shed = tally.shed;
    failuresPerS.noReplica = tally.noReplica;
    failuresPerS.impaired += tally.impaired;
    failuresPerS.timeout = tally.timeout;
    rates.residencyViolationsPerS = tally.residency;
    for (let c = 0; c < clusterCount; c++) this.recordPeak(now, c, flow.peakUtilization[c]);
    rates.failuresPerS = failuresPerS;
    flow.backward(this.allClusters);
    const success = flow.successRatio;
    const routeSuccess = (route: Route, entry: number, u: number) => {
      let p = 0;
      for (let i = 0; i < route.clusters.length; i++) {
        const c = route.clusters[i];
        if (this.dataplane[c] === 1) p += route.weights[i] * this.userPass(u, c) * success[entry * clusterCount + c];
      }
      return p;
    };
    for (let u = 0; u < rates.demandPerS.length; u++) {
      const entry = answers.entryService[u];
      const answer = this.userRoute[u];
      const cohort = answers.staleCohort[u];
      rates.successOnAnswer[u] = routeSuccess(answer, entry, u);
      rates.successOnStale[u] = cohort ? routeSuccess(cohort.route, entry, u) : 1;
      // Response bytes split evenly over the answer (the per-cluster path splits them by success).
      for (const c of answer.clusters) rates.internetBytesPerS[c] += (rates.demandPerS[u] * rates.successOnAnswer[u] * services.responseBytes[entry]) / answer.clusters.length;
      const estimate = latency.forUserRegion(u, entry, answer);
      rates.latencyMix[u] = estimate ? [{ result: estimate, rttS: 0, share: 1 }] : [];
    }
  }

  /** The load flow over every pool of the fleet from the current entry traffic (forward only). */
  private fleetFlow(): LoadTally {
    const { answers, flow } = this.parts;
    const tally = emptyTally();
    flow.fleetPass(this.allClusters, this.entryPerS, answers.entryServices, this.dataplane, tally);
    flow.copyClusterRatesInto(this.parts.rates);
    return tally;
  }

  /** fleetWide with users' retries: the fixed point of retryPasses, then success and latency with retries. */
  private fleetWideRetried(now: number, retry: ClientRetry): void {
    const { answers, flow, latency, rates, services } = this.parts;
    const clusterCount = this.clusterCount;
    let tally = emptyTally();
    // Without a per-cluster breakdown in the fleet-wide flow, every cluster's failures are split by the fleet's mix.
    const mix = noFailures();
    // With a client timeout: each region's latency estimate of this pass (user RTT included), read
    // for the share of attempts slower than their limit (the same share at every cluster of the route).
    const timed = Number.isFinite(retry.perTryTimeoutS) || Number.isFinite(retry.timeoutS);
    const estimates: (LatencyResult | null | undefined)[] = new Array(rates.demandPerS.length);
    const estimateOf = (u: number) => {
      if (estimates[u] === undefined) estimates[u] = latency.forUserRegion(u, answers.entryService[u], this.userRoute[u]);
      return estimates[u]!;
    };
    this.retryPasses(
      retry,
      () => {
        this.entryTraffic(noFailures());
        tally = this.fleetFlow();
        flow.backward(this.allClusters);
        mix.deadEndpoint = tally.deadEndpoint;
        mix.shed = tally.shed;
        mix.noReplica = tally.noReplica;
        mix.impaired = tally.impaired;
        mix.timeout = tally.timeout;
        estimates.fill(undefined);
      },
      (u, c) => this.attemptOutcome(u, c, this.dataplane[c] === 1 ? flow.successRatio[answers.entryService[u] * clusterCount + c] : null, mix, timed ? estimateOf(u) : null, 0),
    );
    rates.residencyViolationsPerS = tally.residency;
    for (let c = 0; c < clusterCount; c++) this.recordPeak(now, c, flow.peakUtilization[c]);
    rates.failuresPerS = this.retriedFailures();
    rates.internetBytesPerS.fill(0);
    const k = retry.attempts;
    for (let u = 0; u < rates.demandPerS.length; u++) {
      const entry = answers.entryService[u];
      const route = this.userRoute[u];
      const out = this.retriedOnRoute[u]!;
      rates.successOnAnswer[u] = out.success;
      rates.successOnStale[u] = this.retriedOnStale[u]?.success ?? 1;
      for (const c of route.clusters) rates.internetBytesPerS[c] += (rates.demandPerS[u] * out.success * services.responseBytes[entry]) / route.clusters.length;
      const whole = latency.forUserRegion(u, entry, route);
      const parts: LatencyPart[] = [];
      // The estimate draws the cluster itself; a success on attempt j + 1 comes after the mean delay
      // of j failed attempts, and under a client timeout within that attempt's limit (the same at
      // every cluster of a DNS route; an anycast route's are weighted by their successes).
      if (whole !== null && out.success > 0) {
        for (let j = 0; j < k; j++) {
          let p = 0;
          let delayS = 0;
          let limitS = 0;
          for (let i = 0; i < route.clusters.length; i++) {
            const at = i * k + j;
            p += out.successAt[at];
            delayS += out.successAt[at] * out.delayBeforeS[at];
            limitS += out.successAt[at] * out.limitS[at];
          }
          const estimate = timed && p > 0 ? this.truncated.of(whole, limitS / p) : whole;
          if (p > 0 && estimate !== null) parts.push({ result: estimate, rttS: delayS / p, share: p / out.success });
        }
      }
      rates.latencyMix[u] = parts;
    }
  }

  /** Without a mesh: each cluster from its own pods and entry traffic, through the cache. */
  private byCluster(now: number, cache: ClusterEvaluationCache): void {
    const changed = cache.takeChanged();
    if (this.clientRetry !== undefined) {
      this.byClusterRetried(now, cache, this.clientRetry);
      return;
    }
    const { rates } = this.parts;
    const slots = this.hourSlots;
    const globalUnchanged = changed !== null && this.globalUnchanged(now, cache);
    // An evaluation that is not globalUnchanged invalidates every slot below: nothing to keep for it
    // (under a bypassed cache, every evaluation; copying the state each hour was ~3% of such a run).
    const newHour = slots !== null && slots.enter(now, this.evaluations, changed, this.pathState, this.entryFailures, cache.generation, !globalUnchanged);
    if (globalUnchanged && this.demandUnchanged()) {
      this.byClusterChanges(now, cache, changed);
      return;
    }
    if (newHour && globalUnchanged && this.fromHourSlot(now, cache, slots!)) return;
    // A full evaluation for any reason but demand: what the slots kept no longer holds.
    if (slots !== null && !globalUnchanged) slots.invalidate();
    slots?.noteFull();
    const failuresPerS = noFailures();
    this.entryTraffic(failuresPerS);
    this.entryFailures = { ...failuresPerS };
    this.evaluateClusters(cache, failuresPerS);
    this.recordClusterPeaks(now);
    rates.failuresPerS = failuresPerS;
    for (let u = 0; u < rates.demandPerS.length; u++) this.composeUserRegion(u);
    this.passStale = false;
    for (let c = 0; c < this.clusterCount; c++) this.noteInternet(c);
    // Evaluations under a bypassed cache keep no cluster's evaluation: the next one must visit all.
    this.fullNext = cache.bypass;
    this.dataplaneMoved = false;
    this.lastDemandPerS.set(rates.demandPerS);
  }

  /** Every user region's demand as at the last evaluation (with globalUnchanged: changes only matter). */
  private demandUnchanged(): boolean {
    const demandPerS = this.parts.rates.demandPerS;
    for (let u = 0; u < demandPerS.length; u++) if (demandPerS[u] !== this.lastDemandPerS[u]) return false;
    return true;
  }

  /**
   * With demandUnchanged, whether this evaluation can differ from the last one only in the clusters
   * whose pods changed: nothing every cluster reads changed (markAllChanged, a data plane), no
   * backlog makes evaluations time-dependent, warm-up did not end in between (peaks start being
   * recorded), and every user region has the same route and no stale DNS cohort, now or at the last
   * evaluation (a cohort's share decays, and its end moves its clients' traffic). Then the entry
   * traffic of every cluster is what it was, and so is the evaluation of every cluster whose pods did
   * not change. Without demandUnchanged (an hour's step): an hour slot may stand (fromHourSlot).
   */
  private globalUnchanged(now: number, cache: ClusterEvaluationCache): boolean {
    if (!this.changesOnlyPossible || this.fullNext || this.dataplaneMoved || cache.bypass || this.lastHadCohort) return false;
    const warmupS = this.parts.warmupS;
    if (this.lastEvaluationS < warmupS && now >= warmupS) return false;
    const answers = this.parts.answers;
    for (let u = 0; u < this.userRoute.length; u++) {
      if (this.userRoute[u] !== this.answerTerms[u].route || answers.staleCohort[u] !== null) return false;
    }
    return true;
  }

  /**
   * The first evaluation of an hour of the day, when nothing but demand and some clusters changed
   * since the last one: from the state the last evaluation in this hour of the day left (its slot,
   * ClusterHourSlots), evaluating again only the clusters changed since. False when no slot stands
   * for a full evaluation now.
   */
  private fromHourSlot(now: number, cache: ClusterEvaluationCache, slots: ClusterHourSlots): boolean {
    const restored = slots.restore(this.pathState, cache.generation);
    if (restored === null) return false;
    this.entryFailures = restored.entryFailures;
    this.lastDemandPerS.set(this.parts.rates.demandPerS);
    // Every region's parts were rewritten in place (the ledger's plans read them again).
    for (let u = 0; u < this.userRoute.length; u++) this.parts.ledger.latencyMixChanged(u);
    this.byClusterChanges(now, cache, restored.since);
    return true;
  }

  /**
   * byCluster when only the clusters in `changed` (ascending) can differ (globalUnchanged, demandUnchanged): those
   * are evaluated again, the failure sums run over the clusters with failures in cluster order,
   * and only the regions whose route holds a changed cluster are composed again, from their kept
   * terms. Every figure is computed from the same numbers in the same order as in byCluster.
   */
  private byClusterChanges(now: number, cache: ClusterEvaluationCache, changed: readonly number[]): void {
    this.changesOnlyEvaluations++;
    const { answers, rates, services } = this.parts;
    const atEntry = this.entryFailures;
    const failuresPerS: FailureCounts = { unroutable: atEntry.unroutable, deadEndpoint: atEntry.deadEndpoint, shed: atEntry.shed, noReplica: atEntry.noReplica, impaired: atEntry.impaired, timeout: atEntry.timeout };
    for (const c of changed) this.evaluateCluster(c, cache, this.compute);
    this.hourSlots?.noteEvaluated(changed);
    this.addClusterFailures(failuresPerS);
    for (const c of changed) {
      const result = this.clusterResults[c];
      if (result !== null) this.recordPeak(now, c, result.peakUtilization);
    }
    rates.failuresPerS = failuresPerS;
    for (let u = 0; u < rates.demandPerS.length; u++) {
      const terms = this.answerTerms[u];
      const entry = answers.entryService[u];
      let touched = false;
      for (const c of changed) {
        const i = terms.indexOf[c];
        if (i < 0) continue;
        touched = true;
        this.fillTerm(terms, i, entry);
        // Response bytes of the changed clusters, region after region as composeUserRegion adds them.
        if (this.clusterResults[c] !== null) rates.internetBytesPerS[c] += rates.demandPerS[u] * terms.terms[i] * services.responseBytes[entry];
      }
      if (touched) {
        this.composeFromTerms(u);
        this.hourSlots?.noteComposed(u);
      }
    }
    for (const c of changed) this.noteInternet(c);
  }

  /** Keep count of the clusters whose internet bytes rate is not 0 (the ledger's hint). */
  private noteInternet(c: number): void {
    this.internetLive.set(c, this.parts.rates.internetBytesPerS[c] !== 0);
  }

  /** Every cluster's evaluation for the current entry traffic (cached by content), its rates, and its failures into `failuresPerS`. */
  private evaluateClusters(cache: ClusterEvaluationCache, failuresPerS: FailureCounts): void {
    for (let c = 0; c < this.clusterCount; c++) this.evaluateCluster(c, cache, this.compute);
    this.addClusterFailures(failuresPerS);
  }

  /** One cluster's evaluation (null while its data plane is down) and its per-cluster rates; internet bytes restart at 0. */
  private evaluateCluster(c: number, cache: ClusterEvaluationCache, compute: (c: number) => ClusterEvaluation): void {
    const { answers, rates } = this.parts;
    // Without a mesh calls stay in their cluster: nothing crosses regions or clusters.
    rates.interRegionBytesPerS[c] = 0;
    rates.crossClusterBytesPerS[c] = 0;
    rates.internetBytesPerS[c] = 0;
    if (this.dataplane[c] === 0) {
      cache.invalidate(c);
      this.clusterResults[c] = null;
      rates.servedPerS[c] = 0;
      rates.logBytesPerS[c] = 0;
      rates.interZoneBytesPerS[c] = 0;
      this.noteByteRates(c, 0, 0);
      this.failing.set(c, false);
      return;
    }
    const result = cache.evaluation(c, this.entryPerS, answers.entryServices, compute);
    this.clusterResults[c] = result;
    rates.servedPerS[c] = result.servedPerS;
    rates.logBytesPerS[c] = result.logBytesPerS;
    rates.interZoneBytesPerS[c] = result.interZoneBytesPerS;
    this.noteByteRates(c, result.interZoneBytesPerS, result.logBytesPerS);
    const fails =
      result.residencyViolationsPerS !== 0 || result.deadEndpointPerS !== 0 || result.shedPerS !== 0 || result.noReplicaPerS !== 0 || result.impairedPerS !== 0 || result.timeoutPerS !== 0;
    this.failing.set(c, fails);
  }

  /** Keep count of the clusters whose inter-zone and log bytes rates are not 0 (the ledger's hints). */
  private noteByteRates(c: number, interZonePerS: number, logPerS: number): void {
    this.interZoneLive.set(c, interZonePerS !== 0);
    this.logBytesLive.set(c, logPerS !== 0);
  }

  /**
   * The clusters' failures by cause into `failuresPerS`, and their residency violations, summed in
   * cluster order over the clusters with any (the others' zeros leave the sums as they are).
   */
  private addClusterFailures(failuresPerS: FailureCounts): void {
    const rates = this.parts.rates;
    rates.residencyViolationsPerS = 0;
    for (const c of this.failing.list) {
      const result = this.clusterResults[c]!;
      rates.residencyViolationsPerS += result.residencyViolationsPerS;
      failuresPerS.deadEndpoint += result.deadEndpointPerS;
      failuresPerS.shed += result.shedPerS;
      failuresPerS.noReplica += result.noReplicaPerS;
      failuresPerS.impaired += result.impairedPerS;
      failuresPerS.timeout += result.timeoutPerS;
    }
  }

  private recordClusterPeaks(now: number): void {
    for (let c = 0; c < this.clusterCount; c++) {
      const result = this.clusterResults[c];
      if (result !== null) this.recordPeak(now, c, result.peakUtilization);
    }
  }

  /** byCluster with users' retries: the fixed point of retryPasses, then each region's success and latency mix. */
  private byClusterRetried(now: number, cache: ClusterEvaluationCache, retry: ClientRetry): void {
    const { answers, rates } = this.parts;
    this.retryPasses(
      retry,
      () => {
        this.entryTraffic(noFailures());
        this.evaluateClusters(cache, noFailures());
      },
      (u, c) => {
        const result = this.clusterResults[c];
        if (result === null) return this.attemptOutcome(u, c, null, null, null, 0);
        const entry = answers.entryService[u];
        return this.attemptOutcome(u, c, result.successRatio[entry], clusterFailureMix(result), result.latency[entry], this.userRttS(u, c));
      },
    );
    this.recordClusterPeaks(now);
    rates.failuresPerS = this.retriedFailures();
    for (let u = 0; u < rates.demandPerS.length; u++) this.composeRetried(u, retry);
  }

  /**
   * The fixed point between the entry load and users' retries. Pass 1 sends each request once;
   * each pass evaluates the state (`evaluate`), computes every region's outcome over its route (and
   * stale route) with retries, and from it the attempts per request each route cluster receives,
   * which the next pass's entry traffic multiplies by. Retried failures only grow with load (shed
   * and timed-out shares rise with it; dead endpoints, lost links and errors do not move), so the
   * attempts rise pass after pass towards the least fixed point, bounded by the policy's attempts.
   * It stops when no figure moved by more than CLIENT_RETRY_TOLERANCE (relative) or after
   * MAX_CLIENT_RETRY_PASSES; the outcomes kept are those of the last state evaluated. Every
   * evaluation starts again from pass 1: its result depends on the state only.
   */
  private retryPasses(retry: ClientRetry, evaluate: () => void, attemptAt: (u: number, c: number) => AttemptOutcome): void {
    const { answers, rates } = this.parts;
    this.attemptsOnRoute.fill(null);
    this.attemptsOnStale.fill(null);
    const retried = (u: number, route: Route) =>
      retriedOverRoute(
        retry,
        route.weights,
        route.clusters.map((c) => attemptAt(u, c)),
      );
    for (let pass = 1; ; pass++) {
      evaluate();
      let change = 0;
      for (let u = 0; u < rates.demandPerS.length; u++) {
        const route = this.userRoute[u];
        const out = (this.retriedOnRoute[u] = retried(u, route));
        change = Math.max(change, nextAttempts(this.attemptsOnRoute, u, route, out));
        const cohort = answers.staleCohort[u];
        const stale = (this.retriedOnStale[u] = cohort ? retried(u, cohort.route) : null);
        if (cohort && stale) change = Math.max(change, nextAttempts(this.attemptsOnStale, u, cohort.route, stale));
      }
      this.lastRetryPasses = pass;
      if (change <= CLIENT_RETRY_TOLERANCE || pass >= MAX_CLIENT_RETRY_PASSES) return;
    }
  }

  /**
   * One attempt of user region u at cluster c: the entry dependencies, the data plane, the users'
   * link and the ingress as in entryTraffic, then the cluster's success ratio for its entry
   * service (null: its data plane is down), its failures split by the cluster's mix of causes. With
   * a client per-try timeout, `latency` (plus `latencyShiftS`) tells which successes come too late.
   */
  private attemptOutcome(u: number, c: number, successRatio: number | null, mix: FailureCounts | null, latency: LatencyResult | null, latencyShiftS: number): AttemptOutcome {
    const { network, impairments, dependencies: deps } = this.parts;
    const failed = noFailures();
    const unroutablePass = deps.entryFailing ? deps.unroutablePass : 1;
    const impairedPass = deps.entryFailing ? deps.impairedPass : 1;
    failed.unroutable = 1 - unroutablePass;
    failed.impaired = unroutablePass * (1 - impairedPass);
    const through = unroutablePass * impairedPass;
    const rttS = this.userRttS(u, c);
    if (successRatio === null) {
      failed.unroutable += through;
      return { success: 0, failed, rttS };
    }
    const delivered = network.userDeliveredRatio(u, c);
    const ingressError = impairments.ingressErrorRatio[c];
    failed.unroutable += through * (1 - delivered);
    failed.impaired += through * delivered * ingressError;
    const entering = through * delivered * (1 - ingressError);
    const clusterFailed = entering * (1 - successRatio);
    let total = 0;
    if (mix !== null) for (const k of FAILURE_KEYS) total += mix[k];
    if (mix !== null && total > 0) for (const k of FAILURE_KEYS) failed[k] += (clusterFailed * mix[k]) / total;
    else failed.impaired += clusterFailed; // no cause seen (nothing failed in the flow): counted as a server error, not retried unless asked
    // Under a client timeout, clientRetries.ts reads how long the successes take.
    return { success: entering * successRatio, failed, rttS, latency: latency?.points ?? null, latencyShiftS };
  }

  /** What a user of region u waits for a cluster's answer besides the cluster's own time: the RTT and a slow ingress's delay. */
  private userRttS(u: number, c: number): number {
    return this.parts.network.userRttMs(u, c) / 1000 + this.parts.impairments.ingressExtraLatencyS[c];
  }

  /** Failed requests per second by their last cause, with client retries (the stale clients' are the ledger's). */
  private retriedFailures(): FailureCounts {
    const { answers, rates } = this.parts;
    const f = noFailures();
    for (let u = 0; u < rates.demandPerS.length; u++) {
      const demand = rates.demandPerS[u];
      const fresh = 1 - answers.staleShare(u);
      // DNS not resolving: as entryTraffic, the clients without a cached answer over the next quarter TTL.
      if (!answers.resolvingNow && this.userRoute[u].clusters.length === 0) {
        f.unroutable += demand * this.unresolvedShare(u, fresh);
        continue;
      }
      const out = this.retriedOnRoute[u]!;
      for (const k of FAILURE_KEYS) f[k] += demand * fresh * out.failed[k];
    }
    return f;
  }

  /** composeUserRegion with users' retries: a latency part per cluster and attempt, delayed by the failed attempts before it. */
  private composeRetried(u: number, retry: ClientRetry): void {
    const { answers, rates, services } = this.parts;
    const entry = answers.entryService[u];
    const route = this.userRoute[u];
    const out = this.retriedOnRoute[u]!;
    rates.successOnAnswer[u] = out.success;
    rates.successOnStale[u] = this.retriedOnStale[u]?.success ?? 1;
    const k = retry.attempts;
    const parts: LatencyPart[] = [];
    for (let i = 0; i < route.clusters.length; i++) {
      const c = route.clusters[i];
      const result = this.clusterResults[c];
      if (result === null) continue;
      let okShare = 0;
      for (let j = 0; j < k; j++) okShare += out.successAt[i * k + j];
      rates.internetBytesPerS[c] += rates.demandPerS[u] * okShare * services.responseBytes[entry];
      const whole = result.latency[entry];
      if (whole === null || !(out.success > 0)) continue;
      const rttS = this.userRttS(u, c);
      for (let j = 0; j < k; j++) {
        const at = i * k + j;
        const p = out.successAt[at];
        // Under a client timeout the successes of an attempt are those within its limit.
        const estimate = Number.isFinite(out.limitS[at]) ? this.truncated.of(whole, out.limitS[at] - rttS) : whole;
        if (p > 0 && estimate !== null) parts.push({ result: estimate, rttS: rttS + out.delayBeforeS[at], share: p / out.success });
      }
    }
    rates.latencyMix[u] = parts;
  }

  /**
   * Each user region's route (userRoute): its answer, or with spill-over (anycast) the shares over
   * the clusters with room, nearest first (spillover.ts). A cluster's room for an entry service is
   * maxUtilization × its ready pods × concurrency per pod ÷ mean service time; the candidates are
   * the clusters running the entry service in the ingress's health view, by the users' base RTT
   * (as answers are chosen); the load counted is the requests the load balancer sends (first
   * attempts: users' retries do not move the shares).
   */
  private routeUsers(): void {
    const { answers, rates, state, services, network, ingress, dependencies: deps } = this.parts;
    const userCount = rates.demandPerS.length;
    const spill = this.spillover;
    if (spill === undefined) {
      for (let u = 0; u < userCount; u++) this.userRoute[u] = answers.answer[u];
      return;
    }
    const clusterCount = this.clusterCount;
    const room = new Float64Array(services.serviceCount * clusterCount);
    for (const e of answers.entryServices) {
      for (let c = 0; c < clusterCount; c++) {
        const group = e * clusterCount + c;
        room[group] = (spill.maxUtilization * state.ready[group] * services.serversPerPod[e]) / services.meanServiceS[e];
      }
    }
    const pass = deps.entryFailing ? deps.unroutablePass * deps.impairedPass : 1;
    const users: SpillUser[] = [];
    for (let u = 0; u < userCount; u++) {
      const entry = answers.entryService[u];
      const eligible: number[] = [];
      for (let c = 0; c < clusterCount; c++) {
        const group = entry * clusterCount + c;
        if ((state.desired[group] > 0 || state.ready[group] > 0) && ingress.inView[group] === 1) eligible.push(c);
      }
      const levels = spillLevels(answers.answer[u], eligible, (c) => network.userBaseRttMs(u, c), NEAR_TIE_MS);
      users.push({ demandPerS: rates.demandPerS[u] * pass, entry, levels });
    }
    const routes = spillOver(users, room, clusterCount);
    for (let u = 0; u < userCount; u++) this.userRoute[u] = routes[u];
  }

  /** A region's success and latency mix from the evaluations of the clusters its answers reach. */
  private composeUserRegion(u: number): void {
    const { answers, rates, services } = this.parts;
    const entry = answers.entryService[u];
    const answer = this.userRoute[u];
    const terms = this.answerTerms[u];
    if (terms.setRoute(answer) || this.passStale) {
      for (let i = 0; i < answer.clusters.length; i++) {
        const c = answer.clusters[i];
        terms.weightedPass[i] = answer.weights[i] * this.userPass(u, c);
        terms.rttS[i] = this.parts.network.userRttMs(u, c) / 1000 + this.parts.impairments.ingressExtraLatencyS[c];
      }
    }
    for (let i = 0; i < answer.clusters.length; i++) {
      this.fillTerm(terms, i, entry);
      const c = answer.clusters[i];
      if (this.clusterResults[c] !== null) rates.internetBytesPerS[c] += rates.demandPerS[u] * terms.terms[i] * services.responseBytes[entry];
    }
    this.composeFromTerms(u);
  }

  /**
   * The term of the cluster at index i of region u's route (AnswerTerms): the share of the region's
   * requests it answers successfully (0 while its data plane is down): weight × share through ×
   * success ratio, multiplied in that order.
   */
  private fillTerm(terms: AnswerTerms, i: number, entry: number): void {
    const result = this.clusterResults[terms.route!.clusters[i]];
    terms.terms[i] = result === null ? 0 : terms.weightedPass[i] * result.successRatio[entry];
  }

  /** Region u's success (on its route and its stale route) and latency mix from its route's terms. */
  private composeFromTerms(u: number): void {
    const { answers, rates } = this.parts;
    const entry = answers.entryService[u];
    const terms = this.answerTerms[u];
    const answer = terms.route!;
    const successOnAnswer = (rates.successOnAnswer[u] = terms.success());
    const cohort = answers.staleCohort[u];
    rates.successOnStale[u] = cohort ? this.routeSuccess(u, cohort.route) : 1;
    // The region's parts are rewritten in place: the ledger reads them once, when the interval they
    // rate closes (before the next evaluation), and an answer of hundreds of clusters (an edge
    // fleet) would otherwise allocate as many objects at every evaluation.
    const parts = this.composedParts[u];
    const before = parts.length;
    // Whether only the shares changed, part for part (the ledger then keeps its plan: accounting.ts).
    let sharesOnly = rates.latencyMix[u] === parts;
    let n = 0;
    for (let i = 0; i < answer.clusters.length; i++) {
      const result = this.clusterResults[answer.clusters[i]];
      if (result === null) continue;
      const okShare = terms.terms[i];
      const estimate = result.latency[entry];
      const rttS = terms.rttS[i];
      if (estimate !== null && okShare > 0 && successOnAnswer > 0) {
        if (n === parts.length) {
          parts.push({ result: estimate, rttS, share: okShare / successOnAnswer });
          sharesOnly = false;
        } else {
          const part = parts[n];
          if (part.result !== estimate || part.rttS !== rttS) sharesOnly = false;
          part.result = estimate;
          part.rttS = rttS;
          part.share = okShare / successOnAnswer;
        }
        n++;
      }
    }
    if (n !== before) sharesOnly = false;
    parts.length = n;
    rates.latencyMix[u] = parts;
    this.parts.ledger.latencyMixChanged(u, sharesOnly);
  }

  /** Success of region u's requests over a route (its stale DNS route), from the clusters' evaluations. */
  private routeSuccess(u: number, route: Route): number {
    const entry = this.parts.answers.entryService[u];
    let p = 0;
    for (let i = 0; i < route.clusters.length; i++) {
      const c = route.clusters[i];
      const result = this.clusterResults[c];
      if (result !== null) p += route.weights[i] * this.userPass(u, c) * result.successRatio[entry];
    }
    return p;
  }

  /** One cluster through the shared load flow, with its own latency estimate per entry service. */
  private computeCluster(c: number): ClusterEvaluation {
    const { answers, flow, latency, rates, services } = this.parts;
    const clusterCount = this.clusterCount;
    const one = this.oneCluster;
    one[0] = c;
    flow.begin(one, this.entryPerS, answers.entryServices);
    const tally = emptyTally();
    flow.forward(one, this.dataplane, tally, 'reset');
    flow.backward(one);
    const successRatio = new Float64Array(services.serviceCount);
    for (let s = 0; s < services.serviceCount; s++) successRatio[s] = flow.successRatio[s * clusterCount + c];
    const estimates: ClusterEvaluation['latency'] = new Array(services.serviceCount).fill(null);
    for (const e of answers.entryServices) {
      if (flow.offeredPerS[e * clusterCount + c] > 0 && successRatio[e] > 0) estimates[e] = latency.forCluster(e, c);
    }
    return {
      successRatio,
      servedPerS: rates.servedPerS[c],
      logBytesPerS: rates.logBytesPerS[c],
      interZoneBytesPerS: rates.interZoneBytesPerS[c],
      residencyViolationsPerS: tally.residency,
      deadEndpointPerS: tally.deadEndpoint,
      shedPerS: tally.shed,
      noReplicaPerS: tally.noReplica,
      impairedPerS: tally.impaired,
      timeoutPerS: tally.timeout,
      peakUtilization: flow.peakUtilization[c],
      latency: estimates,
    };
  }

  /** Peaks count after warm-up only. */
  private recordPeak(now: number, c: number, utilization: number): void {
    const peaks = this.parts.ledger.peakUtilization;
    if (now >= this.parts.warmupS && utilization > peaks[c]) peaks[c] = utilization;
  }
}
