import { ExactKeyMap } from './exactKeyMap.js';
import { StateFingerprint } from './fingerprint.js';
import { extraLatencyStep, pWaitStep, waitRateStep, weightStep } from './fingerprintInputs.js';
import { TrafficImpairments } from './impairments.js';
import { ATTEMPT_INPUTS, attemptInputs, attemptPoliciesOf, avoidingServices, backlogWait, backoffS, budgetRetryChance, timeoutsIn, type AttemptPolicy } from './latencyAttempts.js';
import { LATENCY_POINTS, type LatencyEstimate, type RequestOrigin } from './latencyMonteCarlo.js';
import {
  addDelayed,
  addScaled,
  convolveExponentialWait,
  delay,
  fromMasses,
  HALF,
  multiply,
  newSpectrum,
  power,
  scale,
  setOne,
  SIZE,
  tableMasses,
  toMasses,
  type Spectrum,
} from './latticeSpectra.js';
import type { LoadFlow } from './loadFlow.js';
import type { FleetNetwork } from './network.js';
import type { PoolState, QuantileTable } from './pool.js';
import type { CallRoutes } from './routing.js';
import { deadShareAtAttempt } from './retryModel.js';
import type { ServiceModel } from './serviceModel.js';

/** Mass the result may leave in the lattice's upper half (else a lattice twice as coarse is tried): what wraps around is far less. */
const UPPER_HALF_MASS = 1e-6;
/** The first lattice spans this many times the mean latency (the mean bounds the tails of these sums loosely; a miss costs one more try). */
const FIRST_SPAN_MEANS = 12;
/** The first lattice spans the bound when the bound is at most this many means. */
const MAX_BOUND_MEANS = 24;
/** Hop spectra kept (32 KB each) before the cache is emptied, at the start of a run. */
const MAX_CACHED_HOPS = 2048;
/** Coarser lattices tried at most (each doubles the step). */
const MAX_TRIES = 40;

/**
 * Hop spectra by what they depend on, shared by the runs (and, through latencyEstimates.ts's store,
 * by the replications) whose service model is the same. A hop's key is interned to an id: its pool's
 * quantized waits and added latency, and for each waited call the route's clusters, quantized
 * weights, round trips and the callees' own ids, so that a subtree whose inputs did not change is
 * not computed again (in a segmented fleet a state change moves a few pools of a tree of hundreds).
 * The spectrum is then a function of (id, step).
 */
export class HopCache {
  readonly ids = new ExactKeyMap<number>();
  readonly spectra = new Map<number, Spectrum | null>();
  nextId = 0;

  /** Emptied between runs when large (ids and spectra together: an id means nothing without its key). */
  trim(): void {
    if (this.spectra.size <= MAX_CACHED_HOPS) return;
    this.ids.clear();
    this.spectra.clear();
    this.nextId = 0;
  }
}

/**
 * The latency distribution of the fluid model, computed rather than sampled: the same model the
 * latency Monte Carlo draws from (latencyMonteCarlo.ts, without retries or timeouts), evaluated
 * exactly on a lattice of 4096 points (latticeSpectra.ts). A request entering a
 * pool takes the service's own time (its quantile table) plus the pool's added latency, waits with
 * probability P(wait) an exponential time of the pool's wait rate (or, with a backlog, a fixed one),
 * then makes its calls: N = ⌊n⌋ calls, one more with probability n − ⌊n⌋, each to a cluster of the
 * call's route chosen by weight, paying the round trip and the callee's own latency, independently.
 * Sequential calls add; parallel ones run together after them and the slowest counts (a product of
 * CDFs, on the lattice). A user region's requests add the users' round trip to the cluster their
 * answer chose.
 *
 * It reads the pools' waits, added latencies and route weights only as the latency fingerprint
 * quantizes them (fingerprintInputs.ts), so that its result is a function of the fingerprint alone:
 * two states with one fingerprint get the same distribution whichever came first, and the estimate
 * cache can be shared by every replication and design (latencyEstimates.ts) without making results
 * depend on their order. No sampling noise is left; the lattice's step is 1/2048 to 1/1024 of the
 * span it was chosen for (see compute), and quantile points are interpolated within a step.
 *
 * A call with no route (no ready endpoint anywhere its mesh may send it) fails its request: the
 * distribution is of the requests that succeed, as the Monte Carlo's with retries is. When none
 * succeeds a cluster's estimate leaves such calls out (its success share near 0 weighs it), and a
 * user region's is null.
 *
 * With retries but no timeouts (the meshes' default: Istio and Linkerd set neither a per-try nor an
 * overall timeout unless told), every hop is the Monte Carlo's sequence of attempts, and since no
 * attempt's fate depends on its time the sum over attempts is exact on the lattice too: attempt j
 * meets a dead endpoint (d_j, with host avoidance; 0 s), is shed (rtt), or is served (rtt plus the
 * hop); a served one fails with the pool's error ratio, or with a failed call (not retried here: the
 * callee retried it), else succeeds. Failures of retried causes go on, within the budget's chance,
 * after the uniform backoff B_j, so the hop is S_1 + F_1·B_1·(S_2 + F_2·B_2·(… S_k)), with S_j the
 * successes and F_j the retried failures of attempt j: products and sums of spectra. The outcome
 * shares are read as the fingerprint quantizes them (0.1%), as the waits are. With a timeout the
 * time decides the outcome (and a failed call's time matters to its caller's timeout), which the
 * Monte Carlo samples (latencyEstimates.ts chooses).
 */
export class LatencyDistribution {
  private readonly services: ServiceModel;
  private readonly network: FleetNetwork;
  private pools: readonly PoolState[];
  private readonly routes: CallRoutes;
  private readonly impairments: TrafficImpairments;
  private flow: LoadFlow | undefined;
  private readonly queueing: boolean;
  private readonly clusterCount: number;
  private readonly tables: readonly QuantileTable[];
  /** Per service: its calls that are waited for (not async). */
  private readonly waited: readonly { readonly callee: number; readonly whole: number; readonly fraction: number; readonly parallel: boolean }[][];
  /** Per group: the hop's spectrum in this try (valid when hopTry equals tries), and its mean latency (valid when meanRun equals runs). */
  private readonly hopSpectra: (Spectrum | null)[];
  private readonly hopTry: Int32Array;
  private readonly hopMeanS: Float64Array;
  private readonly hopBoundS: Float64Array;
  /** Per group: the longest service time (table point) of the hop and the calls it makes. */
  private readonly hopLongestS: Float64Array;
  private readonly meanRun: Int32Array;
  private readonly tableMeanS: Float64Array;
  private readonly hops: HopCache;
  /** Per group: the hop's id in this run (valid when idRun equals runs). */
  private readonly hopIds: Int32Array;
  private readonly idRun: Int32Array;
  private readonly keyBuilder = new StateFingerprint();
  private tries = 0;
  private runs = 0;
  /** Leave calls without a route out instead of failing their requests (a cluster none of whose requests succeeds). */
  private skipUnroutable = false;
  private readonly masses = new Float64Array(SIZE);
  private readonly scratch = newSpectrum();
  private readonly scratch2 = newSpectrum();
  private readonly total = newSpectrum();
  /** Per service: the policy of requests into it (retries without timeouts). */
  private readonly policyInto: readonly (AttemptPolicy | undefined)[];
  /** Some hop has a policy: every hop is a sequence of attempts whose failures leave the distribution. */
  private readonly attempting: boolean;
  private readonly served = newSpectrum();
  private readonly failed = newSpectrum();
  private readonly attemptsOut = newSpectrum();
  private readonly chainQ = new Float64Array(16);
  /** An attempt's inputs as the fingerprint keys them: servers > 0, dead, shed and error shares in 0.1% steps, endpoints listed. */
  private readonly outcome = new Float64Array(ATTEMPT_INPUTS);
  /** Per service: its policy avoids previous hosts (attemptInputs). */
  private readonly avoids: Uint8Array;
  /** Share of the last run's requests that succeeded. */
  lastSuccessShare = 1;
  /** Lattices tried by the last run (1: the first fitted). */
  lastTries = 0;

  constructor(
    services: ServiceModel,
    network: FleetNetwork,
    pools: readonly PoolState[],
    routes: CallRoutes,
    impairments: TrafficImpairments = new TrafficImpairments(services.indexByName, network.clusterCount),
    flow?: LoadFlow,
    /** Where hop spectra are kept (one per service model and policies; a new one by default). */
    hops: HopCache = new HopCache(),
    /** Per service, the policy of requests into it; default: the design's (attemptPoliciesOf). None may have a timeout. */
    policies: readonly (AttemptPolicy | undefined)[] = attemptPoliciesOf(services),
  ) {
    if (timeoutsIn(policies)) throw new RangeError('latency distribution: a policy with a timeout is sampled (LatencyMonteCarlo), not computed');
    this.policyInto = policies;
    this.avoids = avoidingServices(policies);
    this.attempting = policies.some((p) => p !== undefined);
    this.hops = hops;
    this.services = services;
    this.network = network;
    this.pools = pools;
    this.routes = routes;
    this.impairments = impairments;
    this.flow = flow;
    this.queueing = flow?.poolBacklogs.queueing ?? false;
    this.clusterCount = network.clusterCount;
    this.tables = services.serviceTimeQuantilesS;
    this.waited = services.calls.map((calls) =>
      calls
        .filter((call) => call.mode !== 'async')
        .map((call) => ({ callee: call.service, whole: Math.floor(call.callsPerRequest), fraction: call.callsPerRequest - Math.floor(call.callsPerRequest), parallel: call.mode === 'parallel' })),
    );
    const groups = services.serviceCount * network.clusterCount;
    this.hopSpectra = new Array<Spectrum | null>(groups).fill(null);
    this.hopTry = new Int32Array(groups).fill(-1);
    this.hopMeanS = new Float64Array(groups);
    this.hopBoundS = new Float64Array(groups);
    this.hopLongestS = new Float64Array(groups);
    this.tableMeanS = Float64Array.from(this.tables, (t) => t.meanS);
    this.meanRun = new Int32Array(groups).fill(-1);
    this.hopIds = new Int32Array(groups);
    this.idRun = new Int32Array(groups).fill(-1);
  }
  /** Read another load flow's pools from now on (the hour slots' flow of the hour: hourSlots.ts); nothing kept here depends on which. */
  useFlow(flow: LoadFlow): void {
    this.flow = flow;
    this.pools = flow.pools;
  }


  /** Quantile points and mean of the latency of requests entering `entryService` from `origin` that succeed; null when none does (a user region) or none reaches a cluster. */
  run(entryService: number, origin: RequestOrigin): LatencyEstimate | null {
    this.hops.trim();
    this.runs++;
    this.skipUnroutable = false;
    let estimate = this.compute(entryService, origin);
    if (estimate === null && origin.kind === 'cluster') {
      this.skipUnroutable = true;
      this.runs++;
      estimate = this.compute(entryService, origin);
      this.lastSuccessShare = 0;
    }
    return estimate;
  }

  private compute(entryService: number, origin: RequestOrigin): LatencyEstimate | null {
    const scale = this.originScale(entryService, origin);
    if (scale === null) return null;
    const { meanS, boundS, longestS } = scale;
    // The bound when it is not far above the mean (then the first lattice holds the requests), else
    // a span of some means and coarser lattices as needed. Steps are powers of two, so that the
    // service times' lattice masses are shared between runs.
    const spanS = boundS <= MAX_BOUND_MEANS * meanS ? boundS : FIRST_SPAN_MEANS * meanS;
    // Every service time must fit the lattice's lower half (tableMasses), whatever the span.
    let h = Math.pow(2, Math.ceil(Math.log2(Math.max(spanS / HALF, longestS / (HALF - 2), 1e-9))));
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++, h *= 2) {
      this.tries++;
      const total = this.originSpectrum(entryService, origin, h);
      if (total === null) continue; // a service time longer than the lattice's half
      const masses = toMasses(total, this.masses);
      let sum = 0;
      let upper = 0;
      for (let i = 0; i < SIZE; i++) {
        sum += masses[i];
        if (i >= HALF) upper += masses[i];
      }
      if (!(sum > 1e-12)) {
        this.lastSuccessShare = 0;
        this.lastTries = attempt;
        return null;
      }
      if (upper > UPPER_HALF_MASS * sum) continue;
      this.lastSuccessShare = Math.min(1, sum);
      this.lastTries = attempt;
      return quantilesOf(masses, sum, h);
    }
    throw new RangeError(`latency distribution: no lattice up to a step of ${h} s holds the requests (mean ${meanS} s)`);
  }

  /** The spectrum of the latency from the origin on the lattice of step h (null: too fine for a service time). */
  private originSpectrum(entryService: number, origin: RequestOrigin, h: number): Spectrum | null {
    const total = this.total;
    if (origin.kind === 'cluster') {
      const hop = this.entered(entryService, origin.cluster, h);
      if (hop === null) return null;
      total.set(hop);
      return total;
    }
    total.fill(0);
    const answer = origin.answer;
    const weights = pickShares(answer.weights);
    for (let i = 0; i < answer.clusters.length; i++) {
      if (weights[i] === 0) continue;
      const c = answer.clusters[i];
      const hop = this.entered(entryService, c, h);
      if (hop === null) return null;
      addDelayed(total, hop, weights[i], this.userS(origin.userRegion, c), h);
    }
    return total;
  }

  /** The users' round trip to c with the ingress's added latency, seconds: from the number the fingerprint keys (answerKeyMs). */
  private userS(userRegion: number, c: number): number {
    return answerKeyMs(this.network, this.impairments, userRegion, c) / 1000;
  }

  /** The request into the entry pool from the ingress: the hop, or with a policy its attempts (no round trip: the users' is added). */
  private entered(service: number, cluster: number, h: number): Spectrum | null {
    return this.attempting ? this.attempts(service, cluster, 0, h) : this.hop(service, cluster, h);
  }

  /** The latency of a request into (service, cluster): its own time, its wait and its calls (null: lattice too fine). */
  private hop(service: number, cluster: number, h: number): Spectrum | null {
    const group = service * this.clusterCount + cluster;
    if (this.hopTry[group] === this.tries) return this.hopSpectra[group];
    this.hopTry[group] = this.tries;
    this.hopSpectra[group] = null;
    const key = this.hopId(service, cluster) * 256 + (Math.round(Math.log2(h)) + 128);
    const kept = this.hops.spectra.get(key);
    if (kept !== undefined) return (this.hopSpectra[group] = kept);
    const s = this.computeHop(service, cluster, group, h);
    this.hops.spectra.set(key, s);
    return (this.hopSpectra[group] = s);
  }

  /** The hop's spectrum, computed (a new array: it is kept). */
  private computeHop(service: number, cluster: number, group: number, h: number): Spectrum | null {
    const own = ownSpectrum(this.tables[service], h);
    if (own === null) return null;
    const s = newSpectrum();
    s.set(own);
    const pool = this.pools[group];
    delay(s, extraLatencyStep(pool) / 1e6, h, this.scratch);
    const p = pWaitStep(pool) / 400;
    if (p > 0) {
      const rate = Math.exp(waitRateStep(pool) / 100);
      if (this.queueing && backlogWait(this.flow, group)) {
        // A backlog's wait is fixed at 1/rate: (1 − p)·δ0 + p·δ(1/rate).
        const waited = this.scratch2;
        waited.fill(0);
        addDelayed(waited, s, p, 1 / rate, h);
        scale(s, 1 - p);
        for (let i = 0; i < s.length; i++) s[i] += waited[i];
      } else convolveExponentialWait(s, p, rate, h);
    }
    let parallel: { readonly spectrum: Spectrum; readonly whole: number; readonly fraction: number }[] | null = null;
    const calls = this.waited[service];
    for (let k = 0; k < calls.length; k++) {
      const call = calls[k];
      // One spectrum per (service, call): the graph is acyclic, so no call of this service is computed inside this one's.
      const slots = (this.callSlots[service] ??= []);
      const spectrum = (slots[k] ??= newSpectrum());
      const routed = this.callSpectrum(spectrum, call.callee, cluster, h);
      if (routed === null) return null;
      if (!routed) {
        // No route: a request that makes the call fails; it succeeds only when it makes none.
        if (this.skipUnroutable) continue;
        scale(s, call.whole === 0 ? 1 - call.fraction : 0);
        continue;
      }
      if (call.parallel) (parallel ??= []).push({ spectrum, whole: call.whole, fraction: call.fraction });
      else {
        countMixture(spectrum, call.whole, call.fraction, this.scratch, this.scratch2);
        multiply(s, spectrum);
      }
    }
    if (parallel !== null) multiply(s, slowestOf(parallel, this.masses, this.scratch));
    return s;
  }

  /**
   * The hop's id (HopCache): its key is everything computeHop reads, the callees by their own ids.
   * Computed once per run (the state does not change during one).
   */
  private hopId(service: number, cluster: number): number {
    const group = service * this.clusterCount + cluster;
    if (this.idRun[group] === this.runs) return this.hopIds[group];
    const pool = this.pools[group];
    const key: number[] = [group, pWaitStep(pool), waitRateStep(pool), extraLatencyStep(pool), this.queueing && backlogWait(this.flow, group) ? 1 : 0, this.skipUnroutable ? 1 : 0];
    for (const call of this.waited[service]) {
      const route = this.routes.routeOf(call.callee, cluster);
      key.push(route.clusters.length);
      for (let i = 0; i < route.clusters.length; i++) {
        const to = route.clusters[i];
        key.push(to, weightStep(route.weights[i]), this.network.rttMs(cluster, to), this.hopId(call.callee, to));
        if (this.attempting) for (const x of this.outcomeOf(call.callee, call.callee * this.clusterCount + to)) key.push(x);
      }
    }
    const fp = this.keyBuilder.start(0x5eed, 0x1a77);
    for (const x of key) fp.add(x);
    let id = this.hops.ids.get(fp);
    if (id === undefined) {
      id = this.hops.nextId++;
      this.hops.ids.set(fp, id);
    }
    this.idRun[group] = this.runs;
    this.hopIds[group] = id;
    return id;
  }

  /** The spectrum of one call to `callee` from `cluster`: the route's clusters by weight, each its round trip plus the callee's latency (false: no route). */
  private callSpectrum(out: Spectrum, callee: number, cluster: number, h: number): boolean | null {
    const route = this.routes.routeOf(callee, cluster);
    if (route.clusters.length === 0) return false;
    const weights = pickShares(route.weights);
    out.fill(0);
    for (let i = 0; i < route.clusters.length; i++) {
      if (weights[i] === 0) continue;
      const to = route.clusters[i];
      const rttS = this.network.rttMs(cluster, to) / 1000;
      if (this.attempting) {
        const attempts = this.attempts(callee, to, rttS, h);
        if (attempts === null) return null;
        addScaled(out, attempts, weights[i]);
        continue;
      }
      const hop = this.hop(callee, to, h);
      if (hop === null) return null;
      addDelayed(out, hop, weights[i], rttS, h);
    }
    return true;
  }

  /**
   * The successful part of a request's attempts at (service, cluster), `rttS` away (see the class
   * comment): S_1 + F_1·B_1·(S_2 + F_2·B_2·(… S_k)), folded from the last attempt. In a scratch
   * spectrum, valid until the next call (null: lattice too fine). When the run leaves failures out
   * (skipUnroutable: a cluster none of whose requests succeeds) every attempt is served.
   */
  private attempts(service: number, cluster: number, rttS: number, h: number): Spectrum | null {
    const group = service * this.clusterCount + cluster;
    // The hop first: it recurses into the callees' attempts, which use the same scratch.
    const hop = this.hop(service, cluster, h);
    if (hop === null) return null;
    // Before outcomeOf and the key below: it may key callees (through the same scratch) when not yet known this run.
    const hopId = this.hopId(service, cluster);
    const o = this.outcomeOf(service, group);
    // Every attempt served and none failing (most pools, most of the time): the first attempt is the
    // hop, which is what the fold below gives (times 1, plus retries of weight 0).
    if (this.skipUnroutable || (o[0] === 1 && o[1] === 0 && o[2] === 0 && o[3] === 0)) {
      const served = this.served;
      served.fill(0);
      addDelayed(served, hop, 1, rttS, h);
      return served;
    }
    if (o[0] === 0) {
      this.attemptsOut.fill(0); // no servers: every attempt fails
      return this.attemptsOut;
    }
    // The fold depends on the hop, the shares, the round trip and the service's policy: kept like a hop's spectrum.
    const fp = this.keyBuilder.start(0xa77e, 0x5a5a);
    fp.add(-1);
    fp.add(service);
    fp.add(hopId);
    for (let i = 0; i < o.length; i++) fp.add(o[i]);
    fp.add(rttS);
    let id = this.hops.ids.get(fp);
    if (id === undefined) {
      id = this.hops.nextId++;
      this.hops.ids.set(fp, id);
    }
    const key = id * 256 + (Math.round(Math.log2(h)) + 128);
    const kept = this.hops.spectra.get(key);
    if (kept !== undefined) return kept;
    const folded = this.fold(service, hop, o, rttS, h);
    this.hops.spectra.set(key, folded);
    return folded;
  }

  /** The attempts' fold (see attempts) into a new spectrum (it is kept), from the hop and the shares `o` (outcomeOf). */
  private fold(service: number, hop: Spectrum, o: Float64Array, rttS: number, h: number): Spectrum | null {
    const served = this.served;
    served.fill(0);
    addDelayed(served, hop, 1, rttS, h);
    const out = newSpectrum();
    const dead = o[1] / 1000;
    const shed = o[2] / 1000;
    const error = o[3] / 1000;
    const listed = o[4];
    const policy = this.policyInto[service];
    const k = policy?.attempts ?? 1;
    const avoid = policy?.avoid ?? 'none';
    const servedShare = (j: number) => (1 - deadShareAtAttempt(avoid, dead, listed, j)) * (1 - shed);
    out.set(served);
    scale(out, servedShare(k) * (1 - error));
    if (policy === undefined || k === 1) return out;
    const q = k <= this.chainQ.length ? this.chainQ : new Float64Array(k);
    const chance = budgetRetryChance(policy, dead, shed, error, listed, 0, q);
    const failed = this.failed;
    for (let j = k - 1; j >= 1; j--) {
      const d = deadShareAtAttempt(avoid, dead, listed, j);
      const atDead = policy.retryDeadEndpoint ? d : 0;
      const atShed = policy.retryShed ? (1 - d) * shed : 0;
      const atError = policy.retryImpaired ? (1 - d) * (1 - shed) * error : 0;
      // F_j: a refused connect at once, a shed after the round trip, an error after a served attempt.
      failed.fill(0);
      for (let i = 0; i < failed.length; i += 2) failed[i] = atDead;
      if (atShed > 0) addDelayed(failed, ONE, atShed, rttS, h);
      if (atError > 0) addScaled(failed, served, atError);
      const pause = backoffSpectrum(policy, j, h);
      if (pause === null) return null;
      multiply(failed, pause);
      multiply(out, failed);
      scale(out, chance);
      addScaled(out, served, servedShare(j) * (1 - error));
    }
    return out;
  }

  /** The pool's attempt inputs as the estimates' fingerprint keys them (attemptInputs), in `outcome`. */
  private outcomeOf(service: number, group: number): Float64Array {
    return attemptInputs(this.flow, this.pools[group], this.impairments.errorRatio[group], service, group, this.avoids[service] === 1, this.outcome);
  }

  /** Per service, its calls' spectra (reused: allocated once each). */
  private readonly callSlots: Spectrum[][] = [];

  /**
   * The mean latency from the origin (an upper bound with parallel calls: they are counted as if
   * sequential) and a bound that all but about 10⁻⁷ per wait of the requests stay under (every
   * service time at its table's last point, every wait at 16 of its means, the most calls and the
   * farthest route); null when no cluster is reached. They choose the first lattice.
   */
  private originScale(entryService: number, origin: RequestOrigin): { meanS: number; boundS: number; longestS: number } | null {
    if (origin.kind === 'cluster') {
      const group = this.scaleOf(entryService, origin.cluster);
      return { meanS: this.hopMeanS[group], boundS: this.attemptsBoundS(entryService, this.hopBoundS[group]), longestS: this.hopLongestS[group] };
    }
    const answer = origin.answer;
    if (answer.clusters.length === 0) return null;
    const weights = pickShares(answer.weights);
    let meanS = 0;
    let boundS = 0;
    let longestS = 0;
    for (let i = 0; i < answer.clusters.length; i++) {
      if (weights[i] === 0) continue;
      const c = answer.clusters[i];
      const group = this.scaleOf(entryService, c);
      const userS = this.userS(origin.userRegion, c);
      meanS += weights[i] * (userS + this.hopMeanS[group]);
      boundS = Math.max(boundS, userS + this.attemptsBoundS(entryService, this.hopBoundS[group]));
      longestS = Math.max(longestS, this.hopLongestS[group]);
    }
    return { meanS, boundS, longestS };
  }

  /** A bound on the attempts at a hop whose one attempt is bounded by `oneS`: every attempt and every longest pause. */
  private attemptsBoundS(service: number, oneS: number): number {
    const policy = this.attempting ? this.policyInto[service] : undefined;
    if (policy === undefined || policy.attempts === 1) return oneS;
    let boundS = policy.attempts * oneS;
    for (let j = 1; j < policy.attempts; j++) boundS += backoffS(policy, j, 1);
    return boundS;
  }

  /** The group's mean and bound (hopMeanS, hopBoundS), computed once per run. */
  private scaleOf(service: number, cluster: number): number {
    const group = service * this.clusterCount + cluster;
    if (this.meanRun[group] === this.runs) return group;
    this.meanRun[group] = this.runs;
    this.hopMeanS[group] = 0;
    this.hopBoundS[group] = 0;
    this.hopLongestS[group] = 0;
    const pool = this.pools[group];
    const extraS = extraLatencyStep(pool) / 1e6;
    const table = this.tables[service];
    let mean = this.tableMeanS[service] + extraS;
    let longest = table.pointsS[table.pointsS.length - 1];
    let bound = longest + extraS;
    const p = pWaitStep(pool) / 400;
    if (p > 0) {
      const waitS = 1 / Math.exp(waitRateStep(pool) / 100);
      mean += p * waitS;
      bound += 16 * waitS;
    }
    for (const call of this.waited[service]) {
      const route = this.routes.routeOf(call.callee, cluster);
      const weights = pickShares(route.weights);
      let callMeanS = 0;
      let callBoundS = 0;
      for (let i = 0; i < route.clusters.length; i++) {
        if (weights[i] === 0) continue;
        const to = route.clusters[i];
        const rttS = this.network.rttMs(cluster, to) / 1000;
        const callee = this.scaleOf(call.callee, to);
        callMeanS += weights[i] * (rttS + this.hopMeanS[callee]);
        callBoundS = Math.max(callBoundS, this.attemptsBoundS(call.callee, rttS + this.hopBoundS[callee]));
        longest = Math.max(longest, this.hopLongestS[callee]);
      }
      mean += (call.whole + call.fraction) * callMeanS;
      bound += (call.whole + (call.fraction > 0 ? 1 : 0)) * callBoundS;
    }
    this.hopMeanS[group] = mean;
    this.hopBoundS[group] = bound;
    this.hopLongestS[group] = longest;
    return group;
  }
}

/** What a user region's fingerprint keys of an answer's cluster: the users' RTT to it plus the ingress's added latency, ms. */
export function answerKeyMs(network: FleetNetwork, impairments: TrafficImpairments, userRegion: number, c: number): number {
  return network.userRttMs(userRegion, c) + impairments.ingressExtraLatencyS[c] * 1000;
}

/**
 * The chance that a draw picks each entry of a route (pickCluster: the first whose running sum of
 * weights passes a uniform draw, else the last), from the weights as the fingerprint quantizes them.
 */
function pickShares(weights: readonly number[]): Float64Array {
  const n = weights.length;
  const shares = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const w = weightStep(weights[i]) / 1000;
    const next = Math.min(1, acc + w);
    shares[i] = Math.max(0, next - acc);
    acc = Math.max(acc, next);
  }
  if (n > 0) shares[n - 1] += Math.max(0, 1 - acc);
  return shares;
}

/** s ← E[s^N] for N = whole, or whole + 1 with probability fraction. */
function countMixture(s: Spectrum, whole: number, fraction: number, base: Spectrum, scratch: Spectrum): void {
  if (whole === 1 && fraction === 0) return;
  base.set(s);
  power(s, base, whole, scratch);
  if (fraction > 0) {
    // (1 − f)·C^w + f·C^(w+1) = C^w·(1 − f + f·C)
    scale(base, fraction);
    for (let k = 0; k < base.length; k += 2) base[k] += 1 - fraction;
    multiply(s, base);
  }
}

/**
 * The slowest of the parallel calls, as a spectrum: with F the CDF of one call of a kind on the
 * lattice and N its count, P(slowest ≤ x) = Π E[F(x)^N] (a call that fails leaves its request's mass
 * out: the product of defective CDFs).
 */
const slowestCdf = new Float64Array(SIZE);
const slowestOne = new Float64Array(SIZE);

function slowestOf(parallel: readonly { readonly spectrum: Spectrum; readonly whole: number; readonly fraction: number }[], masses: Float64Array, out: Spectrum): Spectrum {
  const cdf = slowestCdf.fill(1);
  const one = slowestOne;
  for (const call of parallel) {
    toMasses(call.spectrum, one);
    let F = 0;
    for (let i = 0; i < SIZE; i++) {
      F += one[i];
      cdf[i] *= Math.pow(F, call.whole) * (1 - call.fraction + call.fraction * F);
    }
  }
  let prev = 0;
  for (let i = 0; i < SIZE; i++) {
    masses[i] = Math.max(0, cdf[i] - prev);
    prev = Math.max(prev, cdf[i]);
  }
  return fromMasses(masses, out);
}

/** The spectrum of 0 s for sure (every bin 1). */
const ONE = setOne(newSpectrum());

/** Backoff spectra by their largest pause and step (a handful per policy). */
const pauseSpectra = new Map<string, Spectrum | null>();

/**
 * The pause before retry n (backoffS: uniform on [0, W], W = min(max, base·(2^n − 1))) on the
 * lattice of step h by the tent rule, whose masses are exact integrals: with u = W/h and G the
 * integral of the unit tent, the mass at i is (G(u − i) − G(−i)) / u (they sum to 1 and keep the
 * mean W/2). Null when the pause does not fit the lattice's lower half.
 */
function backoffSpectrum(policy: AttemptPolicy, retry: number, h: number): Spectrum | null {
  const widthS = backoffS(policy, retry, 1);
  const key = `${widthS}:${h}`;
  let s = pauseSpectra.get(key);
  if (s !== undefined) return s;
  const u = widthS / h;
  if (u > HALF - 2) s = null;
  else if (u === 0) s = setOne(newSpectrum());
  else {
    const masses = tableScratch.fill(0);
    for (let i = 0; i <= Math.ceil(u) + 1 && i < SIZE; i++) masses[i] = (tentIntegral(u - i) - tentIntegral(-i)) / u;
    s = fromMasses(masses, newSpectrum());
  }
  if (pauseSpectra.size >= 256) pauseSpectra.clear();
  pauseSpectra.set(key, s);
  return s;
}

/** ∫ from −∞ to a of the unit tent max(0, 1 − |x|). */
function tentIntegral(a: number): number {
  if (a <= -1) return 0;
  if (a <= 0) return ((a + 1) * (a + 1)) / 2;
  if (a <= 1) return 1 - ((1 - a) * (1 - a)) / 2;
  return 1;
}

/** Lattice masses of service times, per table and step (steps are powers of two: a handful per table). */
const ownSpectra = new Map<number, Map<number, Spectrum | null>>();
const tableScratch = new Float64Array(SIZE);

function ownSpectrum(table: QuantileTable, h: number): Spectrum | null {
  let byStep = ownSpectra.get(table.serial);
  if (byStep === undefined) {
    if (ownSpectra.size >= 1000) ownSpectra.clear();
    ownSpectra.set(table.serial, (byStep = new Map()));
  }
  let s = byStep.get(h);
  if (s === undefined) {
    const masses = tableMasses(table, h, tableScratch);
    s = masses === null ? null : fromMasses(masses, newSpectrum());
    byStep.set(h, s);
  }
  return s;
}

/**
 * The 256 quantile points (at (j + ½)/256, as the Monte Carlo's) and the mean of lattice masses that
 * sum to `sum`: the masses at i·h read as spread evenly over [(i − ½)h, (i + ½)h] (clipped at 0), the
 * CDF interpolated within a step.
 */
export function quantilesOf(masses: Float64Array, sum: number, h: number): LatencyEstimate {
  const points = new Float64Array(LATENCY_POINTS);
  let meanS = 0;
  for (let i = 1; i < SIZE; i++) meanS += i * masses[i];
  meanS = (meanS * h) / sum;
  let j = 0;
  let below = 0;
  for (let i = 0; i < SIZE && j < LATENCY_POINTS; i++) {
    const m = masses[i] / sum;
    const above = below + m;
    const from = i === 0 ? 0 : (i - 0.5) * h;
    const to = (i + 0.5) * h;
    while (j < LATENCY_POINTS && (j + 0.5) / LATENCY_POINTS <= above) {
      const q = (j + 0.5) / LATENCY_POINTS;
      points[j++] = m > 0 ? from + ((q - below) / m) * (to - from) : from;
    }
    below = above;
  }
  for (; j < LATENCY_POINTS; j++) points[j] = (SIZE - 0.5) * h;
  return { points, meanS };
}
