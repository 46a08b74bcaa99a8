import type { Simulator } from '../../engine/simulator.js';
import type { Scenario } from '../../scenario/types.js';
import type { RuntimeState } from '../runtime/state.js';
import type { TrafficLedger } from './accounting.js';
import type { ClusterEvaluation, ClusterEvaluationCache } from './clusterCache.js';
import { hourlyFactor, spikeFactorAt } from './demand.js';
import type { DependencyState } from './dependencyState.js';
import { entryPassesChecks, probeTimeoutS } from './healthProbe.js';
import type { TrafficImpairments } from './impairments.js';
import type { IngressHealth } from './ingress.js';
import type { LatencyEstimates } from './latencyEstimates.js';
import { emptyTally, type LoadFlow } from './loadFlow.js';
import type { FleetNetwork } from './network.js';
import { noFailures, type FailureCounts, type LatencyPart, type TrafficRates } from './rates.js';
import type { CallRoutes, Route, UserAnswers } from './routing.js';
import type { ServiceModel } from './serviceModel.js';
import { minuteCriterion } from './sloMinutes.js';

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
  readonly flow: LoadFlow;
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
  evaluations = 0;

  constructor(parts: FluidParts) {
    this.parts = parts;
    const clusterCount = (this.clusterCount = parts.network.clusterCount);
    this.dataplane = new Uint8Array(clusterCount);
    this.entryPerS = new Float64Array(parts.services.serviceCount * clusterCount);
    this.allClusters = Int32Array.from({ length: clusterCount }, (_, c) => c);
    this.clusterResults = new Array(clusterCount).fill(null);
    // The ledger is built knowing only the availability target; the minutes users felt are judged
    // on the SLO's latency targets too, which need the scenario this evaluation reads.
    parts.ledger.judgeMinutesBy(minuteCriterion(parts.scenario.run.slo, parts.scenario.workload.userRegions.map((u) => u.name)));
  }

  markRoutingDirty(): void {
    this.routingDirty = true;
  }

  run(): void {
    this.evaluations++;
    const { sim, state, scenario, ingress, answers, routes, rates, clusterCache } = this.parts;
    const now = sim.now;
    const clusterCount = this.clusterCount;
    for (let c = 0; c < clusterCount; c++) this.dataplane[c] = this.parts.dataplaneUp(c) ? 1 : 0;
    // Health truth of each entry endpoint, for the checkers, and each region's answer. With a mesh
    // they are refreshed at every evaluation; without one only when something they read changed.
    const refreshRouting = this.routingDirty || clusterCache === null;
    if (refreshRouting) {
      const check = ingress.policy.healthCheck;
      const timeoutS = probeTimeoutS(ingress.policy);
      const impairments = this.parts.impairments;
      for (const e of answers.entryServices) {
        for (let c = 0; c < clusterCount; c++) {
          const group = e * clusterCount + c;
          const ready = state.ready[group];
          ingress.setTruth(group, this.dataplane[c] === 1 && ready > 0 && (check === undefined || entryPassesChecks(check, impairments, group, c, ready, timeoutS)));
        }
      }
      this.routingDirty = false;
    }
    if (clusterCache === null) routes.clear();
    const users = scenario.workload.userRegions;
    for (let u = 0; u < users.length; u++) {
      if (refreshRouting) answers.update(u);
      answers.expireStale(u);
      const spec = users[u];
      rates.demandPerS[u] = spec.ratePerS * hourlyFactor(now, spec.diurnal) * spikeFactorAt(now, spec.spikes);
    }
    if (clusterCache === null) this.fleetWide(now);
    else {
      clusterCache.bypass = this.parts.backlogsActive();
      this.byCluster(now, clusterCache);
    }
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
      const add = (route: Route, share: number) => {
        // DNS not resolving: the clients without a cached answer have nowhere to go.
        if (!resolving && route.clusters.length === 0) failuresPerS.unroutable += rates.demandPerS[u] * this.unresolvedShare(u, share);
        for (let i = 0; i < route.clusters.length; i++) {
          const c = route.clusters[i];
          let perS = rates.demandPerS[u] * share * route.weights[i];
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
      add(answers.answer[u], 1 - staleShare);
      if (cohort && staleShare > 0) add(cohort.route, staleShare);
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
    const { answers, flow, latency, rates, services } = this.parts;
    const clusterCount = this.clusterCount;
    const failuresPerS = noFailures();
    this.entryTraffic(failuresPerS);
    rates.internetBytesPerS.fill(0);
    const all = this.allClusters;
    flow.begin(all, this.entryPerS, answers.entryServices);
    const tally = emptyTally();
    flow.forward(all, this.dataplane, tally, 'keepWaits');
    failuresPerS.deadEndpoint = tally.deadEndpoint;
    failuresPerS.shed = tally.shed;
    failuresPerS.noReplica = tally.noReplica;
    failuresPerS.impaired += tally.impaired;
    failuresPerS.timeout = tally.timeout;
    rates.residencyViolationsPerS = tally.residency;
    for (let c = 0; c < clusterCount; c++) this.recordPeak(now, c, flow.peakUtilization[c]);
    rates.failuresPerS = failuresPerS;
    flow.backward(all);
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
      const answer = answers.answer[u];
      const cohort = answers.staleCohort[u];
      rates.successOnAnswer[u] = routeSuccess(answer, entry, u);
      rates.successOnStale[u] = cohort ? routeSuccess(cohort.route, entry, u) : 1;
      // Response bytes split evenly over the answer (the per-cluster path splits them by success).
      for (const c of answer.clusters) rates.internetBytesPerS[c] += (rates.demandPerS[u] * rates.successOnAnswer[u] * services.responseBytes[entry]) / answer.clusters.length;
      const estimate = latency.forUserRegion(u, entry, answer);
      rates.latencyMix[u] = estimate ? [{ result: estimate, rttS: 0, share: 1 }] : [];
    }
  }

  /** Without a mesh: each cluster from its own pods and entry traffic, through the cache. */
  private byCluster(now: number, cache: ClusterEvaluationCache): void {
    const { answers, rates } = this.parts;
    const failuresPerS = noFailures();
    this.entryTraffic(failuresPerS);
    rates.residencyViolationsPerS = 0;
    const compute = (c: number) => this.computeCluster(c);
    for (let c = 0; c < this.clusterCount; c++) {
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
        continue;
      }
      const result = cache.evaluation(c, this.entryPerS, answers.entryServices, compute);
      this.clusterResults[c] = result;
      rates.servedPerS[c] = result.servedPerS;
      rates.logBytesPerS[c] = result.logBytesPerS;
      rates.interZoneBytesPerS[c] = result.interZoneBytesPerS;
      rates.residencyViolationsPerS += result.residencyViolationsPerS;
      failuresPerS.deadEndpoint += result.deadEndpointPerS;
      failuresPerS.shed += result.shedPerS;
      failuresPerS.noReplica += result.noReplicaPerS;
      failuresPerS.impaired += result.impairedPerS;
      failuresPerS.timeout += result.timeoutPerS;
      this.recordPeak(now, c, result.peakUtilization);
    }
    rates.failuresPerS = failuresPerS;
    for (let u = 0; u < rates.demandPerS.length; u++) this.composeUserRegion(u);
  }

  /** A region's success and latency mix from the evaluations of the clusters its answers reach. */
  private composeUserRegion(u: number): void {
    const { answers, network, rates, services } = this.parts;
    const entry = answers.entryService[u];
    const routeSuccess = (route: Route) => {
      let p = 0;
      for (let i = 0; i < route.clusters.length; i++) {
        const c = route.clusters[i];
        const result = this.clusterResults[c];
        if (result !== null) p += route.weights[i] * this.userPass(u, c) * result.successRatio[entry];
      }
      return p;
    };
    const answer = answers.answer[u];
    const successOnAnswer = (rates.successOnAnswer[u] = routeSuccess(answer));
    const cohort = answers.staleCohort[u];
    rates.successOnStale[u] = cohort ? routeSuccess(cohort.route) : 1;
    const parts: LatencyPart[] = [];
    for (let i = 0; i < answer.clusters.length; i++) {
      const c = answer.clusters[i];
      const result = this.clusterResults[c];
      if (result === null) continue;
      const okShare = answer.weights[i] * this.userPass(u, c) * result.successRatio[entry];
      rates.internetBytesPerS[c] += rates.demandPerS[u] * okShare * services.responseBytes[entry];
      const estimate = result.latency[entry];
      const rttS = network.userRttMs(u, c) / 1000 + this.parts.impairments.ingressExtraLatencyS[c];
      if (estimate !== null && okShare > 0 && successOnAnswer > 0) parts.push({ result: estimate, rttS, share: okShare / successOnAnswer });
    }
    rates.latencyMix[u] = parts;
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
