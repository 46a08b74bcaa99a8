import type { LoadFlow } from './loadFlow.js';
import { ExactKeyMap } from './exactKeyMap.js';
import { TrafficImpairments } from './impairments.js';
import { FINGERPRINT_SEED1, FINGERPRINT_SEED2, StateFingerprint } from './fingerprint.js';
import { extraLatencyStep, FingerprintInputs, pWaitStep, waitRateStep, weightStep } from './fingerprintInputs.js';
import { incremental } from './incremental.js';
import { ATTEMPT_INPUTS, attemptInputs, attemptPoliciesOf, avoidingServices, backlogWait, timeoutsIn, type AttemptPolicy } from './latencyAttempts.js';
import { LATENCY_BREAKDOWN_IN_RESULTS } from './latencyBreakdown.js';
import { answerKeyMs, HopCache, LatencyDistribution } from './latencyDistribution.js';
import { LatencyMonteCarlo, type LatencyEstimate, type LatencyResult, type RequestOrigin } from './latencyMonteCarlo.js';
import type { FleetNetwork } from './network.js';
import type { PoolState } from './pool.js';
import type { CallRoutes, Route } from './routing.js';
import type { ServiceModel } from './serviceModel.js';

/** Cached estimates per cache before it is emptied (a bound on memory; states repeat far less often). */
const MAX_CACHED_ESTIMATES = 50_000;

/** The Monte Carlo's per-sample seeds: one set per user region, one for clusters. */
export interface LatencySeeds {
  readonly perUserRegion: readonly Uint32Array[];
  readonly clusters: Uint32Array;
}

/**
 * Estimates that are computed (LatencyDistribution), not sampled, are a function of their fingerprint
 * and of the service model alone, so one store serves every replication and design of a thread whose
 * services have the same service-time tables and calls: a state met in an earlier replication costs a
 * lookup. Which replication computed an entry first cannot change any result (ids only tell entries
 * apart: the ledger keys weights by them, in the order it meets them).
 */
interface SharedStore {
  readonly clusters: ExactKeyMap<LatencyResult>;
  readonly userRegions: ExactKeyMap<LatencyResult>;
  nextId: number;
  /** The computed hops (pure too: shared with the breakdown's runs as well). */
  readonly hops: HopCache;
}
const sharedStores = new Map<string, SharedStore>();
const MAX_SHARED_STORES = 4;

function sharedStoreOf(services: ServiceModel, queueing: boolean, policies: readonly (AttemptPolicy | undefined)[]): SharedStore {
  const tables = services.serviceTimeQuantilesS;
  // The cluster count too: keys name pools by group (service × clusterCount + cluster), which means
  // another service in a fleet of another size. The retry policies too: keys hold what attempts
  // meet, not what a policy does with it.
  const signature = JSON.stringify({
    queueing,
    clusters: services.clusterCount,
    services: services.calls.map((calls, s) => [tables[s].serial, calls.map((c) => [c.service, c.callsPerRequest, c.mode])]),
    policies: policies.map((p) => (p === undefined ? null : [p.attempts, p.retryDeadEndpoint, p.retryShed, p.retryImpaired, p.retryTimeout, p.backoffBaseS, p.backoffMaxS, p.maxAmplification, p.avoid, p.hop.attempts])),
  });
  let store = sharedStores.get(signature);
  if (store === undefined) {
    // A few service models at a time (a TUI session or a plan may make many): each store holds up to
    // 64 MB of hop spectra besides its estimates.
    if (sharedStores.size >= MAX_SHARED_STORES) sharedStores.clear();
    sharedStores.set(signature, (store = { clusters: new ExactKeyMap(), userRegions: new ExactKeyMap(), nextId: 0, hops: new HopCache() }));
  }
  return store;
}

/**
 * Latency estimates, cached by a fingerprint of everything the Monte Carlo reads, so that a state
 * seen before (a healthy hour of yesterday, an identical sibling cluster) costs a lookup. The
 * fingerprint is quantized below the Monte Carlo's own noise (0.25% in P(wait), 1% in the wait rate,
 * 0.1% in a route weight): states that differ by less share one estimate. States share an estimate only
 * when their quantized tuples are equal (ExactKeyMap), never because their hashes collide.
 *
 * Two fingerprints, one per evaluation path; they are not interchangeable because states that one
 * treats as equal the other may not, and which estimate a state reuses is part of the results:
 * - per cluster (no mesh): the cluster's own RTT and the waits of all its pools (calls stay inside);
 * - per user region (mesh): its answer and user RTTs, then every pool reachable from it through the
 *   call routes (route lengths, clusters, weights, RTTs and the pools' waits), in depth-first order.
 */
export class LatencyEstimates {
  private readonly services: ServiceModel;
  private readonly network: FleetNetwork;
  private pools: readonly PoolState[];
  private readonly routes: CallRoutes;
  private readonly impairments: TrafficImpairments;
  private readonly monteCarlo: LatencyMonteCarlo;
  /** The computed distribution, used unless a retry policy has a timeout; null then. */
  private readonly distribution: LatencyDistribution | null;
  private readonly shared: SharedStore | null;
  private readonly breakdown: boolean;
  private readonly fingerprint = new StateFingerprint();
  /** Per user region, then one shared by all clusters. */
  private readonly userRegionCaches: ExactKeyMap<LatencyResult>[];
  private readonly clusterCache = new ExactKeyMap<LatencyResult>();
  private readonly userRegionSeeds: readonly Uint32Array[];
  private readonly clusterSeeds: Uint32Array;
  /** Visit marks of the depth-first fingerprint (a pool is visited when its mark equals visitStamp). */
  private readonly visitMarks: Int32Array;
  private visitStamp = 0;
  private nextId = 0;
  /** Estimates made here (cache misses): Monte Carlo runs or computed distributions. With the shared store this depends on what earlier replications of the thread met; estimatesUsed does not. */
  monteCarloRuns = 0;
  /** Ids of the distinct estimates this replication's lookups returned. */
  private readonly used = new Set<number>();

  /** Distinct latency estimates this replication used (the same whatever the thread ran before). */
  get estimatesUsed(): number {
    return this.used.size;
  }
  private flow: LoadFlow | undefined;
  /** Per service: its policy avoids previous hosts. */
  private readonly avoids: Uint8Array;
  /** The Monte Carlo draws attempts' outcomes (retries, timeouts): the keys include what they read. */
  private readonly keyOutcomes: boolean;
  /** The shedding policy queues: whether a pool's wait is a backlog's (fixed) is keyed too. */
  private readonly keyBacklogs: boolean;
  /**
   * What the user regions' walks read, watched for changes (null: every lookup walks; with attempts'
   * outcomes or backlogs keyed, inline ejection, or no load flow). Per user region: the estimate its
   * last lookup returned, the inputs' epoch then, and its entry service and answer's part of the key.
   */
  private readonly inputs: FingerprintInputs | null;
  private readonly lastResult: (LatencyResult | null)[];
  private readonly lastEpoch: Float64Array;
  private readonly lastEntry: Int32Array;
  private readonly lastAnswer: (Float64Array | null)[];

  constructor(
    services: ServiceModel,
    network: FleetNetwork,
    pools: readonly PoolState[],
    routes: CallRoutes,
    /** The Monte Carlo's per-sample seeds (or how to draw them: only when it runs), one set per user region and one for clusters. */
    seedsOrDraw: LatencySeeds | (() => LatencySeeds),
    impairments: TrafficImpairments = new TrafficImpairments(services.indexByName, network.clusterCount),
    /** The load flow whose pools these are: attempts' outcomes (dead shares, shedding, timeouts) for retries' latency. */
    flow?: LoadFlow,
    /** Keep where the time goes in each estimate (latencyBreakdown.ts). */
    breakdown = LATENCY_BREAKDOWN_IN_RESULTS,
  ) {
    this.flow = flow;
    this.services = services;
    this.impairments = impairments;
    this.network = network;
    this.pools = pools;
    this.routes = routes;
    const policies = attemptPoliciesOf(services);
    this.avoids = avoidingServices(policies);
    this.monteCarlo = new LatencyMonteCarlo(services, network, pools, routes, impairments, { flow, breakdown, policies });
    this.keyOutcomes = this.monteCarlo.attemptsDrawn;
    this.keyBacklogs = flow?.poolBacklogs.queueing ?? false;
    // Computed unless a policy has a timeout (then an attempt's fate depends on its time: sampled).
    // The breakdown (where the time goes) is still sampled, beside the computed points, so turning it
    // on changes no other figure; its estimates then depend on the replication's seeds, so they are
    // not shared.
    const computed = !timeoutsIn(policies);
    this.breakdown = breakdown;
    const store = computed ? sharedStoreOf(services, this.keyBacklogs, policies) : null;
    this.distribution = store !== null ? new LatencyDistribution(services, network, pools, routes, impairments, flow, store.hops, policies) : null;
    this.shared = !breakdown ? store : null;
    const sampled = !computed || breakdown;
    const seeds: LatencySeeds = !sampled ? { perUserRegion: [], clusters: new Uint32Array(0) } : typeof seedsOrDraw === 'function' ? seedsOrDraw() : seedsOrDraw;
    this.userRegionSeeds = seeds.perUserRegion;
    this.clusterSeeds = seeds.clusters;
    this.userRegionCaches = seeds.perUserRegion.map(() => new ExactKeyMap<LatencyResult>());
    this.visitMarks = new Int32Array(services.serviceCount * network.clusterCount);
    const watch = incremental.watchedLatencyInputs && flow !== undefined && !this.keyBacklogs && routes.readsArePure;
    this.inputs = watch ? new FingerprintInputs(flow, routes, network, impairments, services.serviceCount, this.keyOutcomes ? (group, out) => this.outcomeKey(group, out) : null) : null;
    const regions = computed ? network.userRegionCount : seeds.perUserRegion.length;
    this.lastResult = new Array<LatencyResult | null>(regions).fill(null);
    this.lastEpoch = new Float64Array(regions).fill(-1);
    this.lastEntry = new Int32Array(regions).fill(-1);
    this.lastAnswer = new Array<Float64Array | null>(regions).fill(null);
  }

  /**
   * Read another load flow's pools from now on (the hour slots' flow of the hour: hourSlots.ts).
   * Estimates are functions of their keys, so the caches stay; the watch compares the pools its
   * walks read with the new flow's (FingerprintInputs.useFlow).
   */
  useFlow(flow: LoadFlow): void {
    if (flow === this.flow) return;
    this.flow = flow;
    this.pools = flow.pools;
    this.monteCarlo.useFlow(flow);
    this.distribution?.useFlow(flow);
    this.inputs?.useFlow(flow);
  }

  /** Server-side latency of requests entering `entryService` in cluster `c` (no user RTT; calls stay in c). */
  forCluster(entryService: number, c: number): LatencyResult {
    const fp = this.fingerprint.start(FINGERPRINT_SEED1 ^ entryService, FINGERPRINT_SEED2);
    fp.add(this.network.ownRttMs(c));
    const clusterCount = this.network.clusterCount;
    for (let s = 0; s < this.services.serviceCount; s++) {
      addWaits(fp, this.pools[s * clusterCount + c], null, 0);
      if (this.keyOutcomes) this.addOutcomes(s, s * clusterCount + c);
      if (this.keyBacklogs) fp.add(backlogWait(this.flow, s * clusterCount + c) ? 1 : 0);
    }
    const cache = this.shared?.clusters ?? this.clusterCache;
    const hit = cache.get(fp);
    if (hit) {
      this.used.add(hit.id);
      return hit;
    }
    this.monteCarloRuns++;
    // Never null: a cluster origin does not draw a cluster, and when none of its requests succeeds the failed ones stand in.
    const origin = { kind: 'cluster', cluster: c } as const;
    const estimate = this.estimate(this.clusterSeeds, entryService, origin)!;
    return this.remember(cache, estimate);
  }

  /** Latency of a user region's requests through its answer, user RTT included (null when the answer is empty). */
  forUserRegion(userRegion: number, entryService: number, answer: Route): LatencyResult | null {
    const inputs = this.inputs;
    if (inputs !== null) {
      inputs.refresh();
      const last = this.lastResult[userRegion];
      if (last !== null && this.lastEpoch[userRegion] === inputs.epoch && this.lastEntry[userRegion] === entryService && this.sameAnswer(userRegion, answer)) return last;
    }
    const result = this.lookUpUserRegion(userRegion, entryService, answer);
    if (inputs !== null) {
      this.lastResult[userRegion] = result;
      this.lastEpoch[userRegion] = inputs.epoch;
      this.lastEntry[userRegion] = entryService;
      this.keepAnswer(userRegion, answer);
    }
    return result;
  }

  /** The answer's part of the key: its clusters, the users' RTT to each (with ingress latency) and the share each is picked by. */
  private answerKey(userRegion: number, answer: Route, i: number): number {
    return answerKeyMs(this.network, this.impairments, userRegion, answer.clusters[i]);
  }

  private sameAnswer(userRegion: number, answer: Route): boolean {
    const kept = this.lastAnswer[userRegion]!;
    const n = answer.clusters.length;
    if (kept.length !== 3 * n) return false;
    for (let i = 0; i < n; i++) {
      if (kept[3 * i] !== answer.clusters[i] || !Object.is(kept[3 * i + 1], this.answerKey(userRegion, answer, i)) || kept[3 * i + 2] !== weightStep(answer.weights[i])) return false;
    }
    return true;
  }

  private keepAnswer(userRegion: number, answer: Route): void {
    const n = answer.clusters.length;
    let kept = this.lastAnswer[userRegion];
    if (kept === null || kept.length !== 3 * n) kept = this.lastAnswer[userRegion] = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      kept[3 * i] = answer.clusters[i];
      kept[3 * i + 1] = this.answerKey(userRegion, answer, i);
      kept[3 * i + 2] = weightStep(answer.weights[i]);
    }
  }

  private lookUpUserRegion(userRegion: number, entryService: number, answer: Route): LatencyResult | null {
    const fp = this.fingerprint.start(FINGERPRINT_SEED1 ^ userRegion, FINGERPRINT_SEED2);
    this.visitStamp++;
    // Lengths make the depth-first tuple decodable: without them, routes that split the same
    // clusters differently (with their pools already visited) would read as the same tuple.
    fp.add(answer.clusters.length);
    for (let i = 0; i < answer.clusters.length; i++) {
      const c = answer.clusters[i];
      fp.add(c);
      fp.add(this.answerKey(userRegion, answer, i));
      // Answers that split users between clusters (weighted or nearest-tied) mix the clusters' latencies by share.
      fp.add(weightStep(answer.weights[i]));
      this.visit(entryService, c);
    }
    const cache = this.shared?.userRegions ?? this.userRegionCaches[userRegion];
    const hit = cache.get(fp);
    if (hit) {
      this.used.add(hit.id);
      return hit;
    }
    this.monteCarloRuns++;
    const origin = { kind: 'userRegion', userRegion, answer } as const;
    const estimate = this.estimate(this.userRegionSeeds[userRegion], entryService, origin);
    return estimate === null ? null : this.remember(cache, estimate);
  }

  /** Computed (with the sampled breakdown when asked for), or sampled when attempts' outcomes are drawn. */
  private estimate(seeds: Uint32Array, entryService: number, origin: RequestOrigin): LatencyEstimate | null {
    if (this.distribution === null) return this.monteCarlo.run(seeds, entryService, origin);
    const computed = this.distribution.run(entryService, origin);
    if (computed === null || !this.breakdown) return computed;
    const breakdown = this.monteCarlo.run(seeds, entryService, origin)?.breakdown;
    return breakdown !== undefined ? { ...computed, breakdown } : computed;
  }

  /** Depth-first over the pools a request entering (service, cluster) can reach, each once. */
  private visit(service: number, cluster: number): void {
    const group = service * this.network.clusterCount + cluster;
    if (this.visitMarks[group] === this.visitStamp) return;
    this.visitMarks[group] = this.visitStamp;
    const fp = this.fingerprint;
    fp.add(group);
    addWaits(fp, this.pools[group], this.inputs, group);
    if (this.keyOutcomes) this.addOutcomes(service, group);
    if (this.keyBacklogs) fp.add(backlogWait(this.flow, group) ? 1 : 0);
    for (const call of this.services.calls[service]) {
      const route = this.routes.routeOf(call.service, cluster);
      if (this.inputs !== null) this.inputs.readRoute(call.service, cluster, route);
      fp.add(route.clusters.length);
      for (let i = 0; i < route.clusters.length; i++) {
        const to = route.clusters[i];
        fp.add(to);
        fp.add(weightStep(route.weights[i]));
        fp.add(this.network.rttMs(cluster, to));
        this.visit(call.service, to);
      }
    }
  }

  private addOutcomes(service: number, group: number): void {
    const key = this.outcomeKey(group, this.outcomeScratch);
    for (let i = 0; i < key.length; i++) this.fingerprint.add(key[i]);
    if (this.inputs !== null) this.inputs.readOutcomes(group, key);
  }

  private readonly outcomeScratch = new Float64Array(ATTEMPT_INPUTS);

  /** What attempts meet at the pool, as keyed (attemptInputs), into `out`. */
  private outcomeKey(group: number, out: Float64Array): Float64Array {
    const service = Math.floor(group / this.network.clusterCount);
    return attemptInputs(this.flow, this.pools[group], this.impairments.errorRatio[group], service, group, this.avoids[service] === 1, out);
  }

  /** Store under the fingerprint's current tuple (the Monte Carlo does not touch the fingerprint). */
  private remember(cache: ExactKeyMap<LatencyResult>, estimate: LatencyEstimate): LatencyResult {
    const id = this.shared !== null ? this.shared.nextId++ : this.nextId++;
    const result: LatencyResult = estimate.breakdown !== undefined ? { id, points: estimate.points, meanS: estimate.meanS, breakdown: estimate.breakdown } : { id, points: estimate.points, meanS: estimate.meanS };
    if (cache.size > MAX_CACHED_ESTIMATES) {
      cache.clear();
      // A region's kept estimate stands for its cache entry: an entry dropped would be estimated anew.
      if (this.inputs !== null) this.inputs.epoch++;
    }
    cache.set(this.fingerprint, result);
    this.used.add(id);
    return result;
  }
}

/** A pool's wait parameters, quantized: P(wait) in steps of 0.25%, the wait rate in steps of 1%; its added latency to the µs (told to `inputs` when watched). */
function addWaits(fp: StateFingerprint, pool: PoolState, inputs: FingerprintInputs | null, group: number): void {
  const a = pWaitStep(pool);
  const b = waitRateStep(pool);
  const c = extraLatencyStep(pool);
  fp.add(a);
  fp.add(b);
  fp.add(c);
  if (inputs !== null) inputs.readPool(group, a, b, c);
}
