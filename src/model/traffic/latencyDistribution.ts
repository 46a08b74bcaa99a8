import { ExactKeyMap } from './exactKeyMap.js';
import { StateFingerprint } from './fingerprint.js';
import { extraLatencyStep, pWaitStep, waitRateStep, weightStep } from './fingerprintInputs.js';
import { TrafficImpairments } from './impairments.js';
import { backlogWait } from './latencyAttempts.js';
import { LATENCY_POINTS, type LatencyEstimate, type RequestOrigin } from './latencyMonteCarlo.js';
import {
  addDelayed,
  convolveExponentialWait,
  delay,
  fromMasses,
  HALF,
  multiply,
  newSpectrum,
  power,
  scale,
  SIZE,
  tableMasses,
  toMasses,
  type Spectrum,
} from './latticeSpectra.js';
import type { LoadFlow } from './loadFlow.js';
import type { FleetNetwork } from './network.js';
import type { PoolState, QuantileTable } from './pool.js';
import type { CallRoutes } from './routing.js';
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
 */
export class LatencyDistribution {
  private readonly services: ServiceModel;
  private readonly network: FleetNetwork;
  private readonly pools: readonly PoolState[];
  private readonly routes: CallRoutes;
  private readonly impairments: TrafficImpairments;
  private readonly flow: LoadFlow | undefined;
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
    /** Where hop spectra are kept (one per service model; a new one by default). */
    hops: HopCache = new HopCache(),
  ) {
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
      const hop = this.hop(entryService, origin.cluster, h);
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
      const hop = this.hop(entryService, c, h);
      if (hop === null) return null;
      addDelayed(total, hop, weights[i], this.userS(origin.userRegion, c), h);
    }
    return total;
  }

  /** The users' round trip to c with the ingress's added latency, seconds: from the number the fingerprint keys (answerKeyMs). */
  private userS(userRegion: number, c: number): number {
    return answerKeyMs(this.network, this.impairments, userRegion, c) / 1000;
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
      const hop = this.hop(callee, to, h);
      if (hop === null) return null;
      addDelayed(out, hop, weights[i], this.network.rttMs(cluster, to) / 1000, h);
    }
    return true;
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
      return { meanS: this.hopMeanS[group], boundS: this.hopBoundS[group], longestS: this.hopLongestS[group] };
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
      boundS = Math.max(boundS, userS + this.hopBoundS[group]);
      longestS = Math.max(longestS, this.hopLongestS[group]);
    }
    return { meanS, boundS, longestS };
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
        callBoundS = Math.max(callBoundS, rttS + this.hopBoundS[callee]);
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
