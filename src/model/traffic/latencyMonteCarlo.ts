import { TrafficImpairments } from './impairments.js';
import { attemptPoliciesOf, backlogWait, backoffS, budgetRetryChance, listedEndpoints, shedShareAt, type AttemptPolicy } from './latencyAttempts.js';
import type { LatencyResult } from './latencyResult.js';
export type { LatencyResult } from './latencyResult.js';
import { BAND_COUNT, BAND_START_SLOTS, PARTS, PART_NETWORK, PART_QUEUEING, PART_RETRIES, PART_SERVICE, type EstimateBreakdown } from './latencyBreakdown.js';
import type { LoadFlow } from './loadFlow.js';
import type { PoolState } from './pool.js';
import type { FleetNetwork } from './network.js';
import { deadShareAtAttempt } from './retryModel.js';
import { pickCluster, type CallRoutes, type Route } from './routing.js';
import { RunRoutes } from './runRoutes.js';
import type { ServiceModel } from './serviceModel.js';
import { sortLatencies } from './sortLatencies.js';

/** Draws per estimate (each with its own fixed seed) and quantile points kept of each. */
export const LATENCY_SAMPLES = 8192;
export const LATENCY_POINTS = 256;


/** What one Monte Carlo run yields (a LatencyResult without its id). */
export interface LatencyEstimate {
  readonly points: Float64Array;
  readonly meanS: number;
  readonly breakdown?: EstimateBreakdown;
}

/** Where the sampled requests start. */
export type RequestOrigin =
  /** Server-side latency of requests entering one cluster: no draw for the cluster, no user RTT. */
  | { readonly kind: 'cluster'; readonly cluster: number }
  /** A user region's requests: each draw picks a cluster of its answer and adds the user's RTT to it. */
  | { readonly kind: 'userRegion'; readonly userRegion: number; readonly answer: Route };

/** mulberry32: seeded per sample from a named stream, allocation-free (module state: one sampler runs at a time). */
let rngState = 1;
function rand(): number {
  rngState = (rngState + 0x6d2b79f5) | 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
}

/** Per-sample seeds for a Monte Carlo, drawn once from a named stream (same draws for every state and design). */
export function sampleSeeds(next: () => number): Uint32Array {
  return Uint32Array.from({ length: LATENCY_SAMPLES }, () => (next() * 0x100000000) >>> 0 || 1);
}

/** Sorts `samples` in place: LATENCY_POINTS quantile points and the mean (summed in sorted order). */
export function quantilePoints(samples: Float64Array): { points: Float64Array; meanS: number } {
  const n = samples.length;
  const sorted = sortLatencies(samples);
  const points = new Float64Array(LATENCY_POINTS);
  let sumS = 0;
  for (let i = 0; i < n; i++) sumS += sorted[i];
  for (let j = 0; j < LATENCY_POINTS; j++) points[j] = sorted[Math.min(n - 1, Math.floor(((j + 0.5) / LATENCY_POINTS) * n))];
  return { points, meanS: sumS / n };
}

/** Why a sampled attempt or request failed (0: it did not). */
const OK = 0;
const DEAD_ENDPOINT = 1;
const SHED = 2;
const IMPAIRED = 3;
const TIMEOUT = 4;
const NO_REPLICA = 5;
const UNROUTABLE = 6;

/** Sample indices packed into the low mantissa bits of their latency (rankOrder), and which 32-bit word of a float64 holds them. */
const INDEX_MASK = LATENCY_SAMPLES - 1;
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** Bounds pathological depth (the call graph is acyclic). */
const MAX_DEPTH = 32;

export interface LatencyMonteCarloOptions {
  /** The load flow whose pools these are: dead-endpoint shares (and listed endpoints) that attempts meet. */
  readonly flow?: LoadFlow;
  /** Per service, the retry policy of requests into it; default: the design's (attemptPoliciesOf). */
  readonly policies?: readonly (AttemptPolicy | undefined)[];
  /** Keep where each sample's time went (latencyBreakdown.ts). */
  readonly breakdown?: boolean;
}

/**
 * The one latency Monte Carlo of the fluid model: end-to-end latency of requests through the call
 * tree under the pools' current waits and the current call routes. Each draw is one request: the
 * entry pool's service time and wait (exponential, with probability P(wait)), then each call (N = ⌊n⌋
 * plus one with probability n − ⌊n⌋) made one after another, each paying the RTT to the callee's
 * cluster and the callee's own latency, recursively. Parallel calls start together after the
 * sequential ones and the request waits for the slowest; async calls take no time.
 *
 * With retries or timeouts (a design's traffic.retries; issue-16 semantics 1 and 2) every hop is a
 * sequence of attempts at the pool: each meets a dead endpoint (the load flow's dead share, with host
 * avoidance), is shed (1 − admitted/offered), or is served; a served attempt whose response time
 * passes the per-try timeout T fails at T, else it fails with a failed call's cause (not retried
 * at this hop: the callee's hop retried it) or the pool's error ratio, else it succeeds. Failed attempts take their time (dead, shed ≈ 0; timeout T; others
 * their served time), retried causes lead to another attempt after a uniform backoff (within the
 * budget), the overall timeout cuts. The call's RTT is paid once per call. Only requests that
 * succeed are in the distribution. Designs without a policy draw exactly as before (no outcome draws).
 */
export class LatencyMonteCarlo {
  private readonly services: ServiceModel;
  private readonly network: FleetNetwork;
  private pools: readonly PoolState[];
  private readonly routes: CallRoutes;
  private readonly clusterCount: number;
  private readonly impairments: TrafficImpairments;
  private flow: LoadFlow | undefined;
  private readonly samplesS = new Float64Array(LATENCY_SAMPLES);
  /** The call routes as this run reads them. */
  private readonly runRoutes: RunRoutes;
  /** Per service: its calls that are waited for (not async), from callStart[s] to callStart[s + 1]: callee, whole calls per request, the fraction's chance of one more, parallel (1) or sequential. */
  private readonly callStart: Int32Array;
  private readonly callee: Int32Array;
  private readonly callWhole: Float64Array;
  private readonly callFraction: Float64Array;
  private readonly callParallel: Uint8Array;
  private readonly quantiles: ServiceModel['serviceTimeQuantilesS'];
  /** Per service: the policy of requests into it. */
  private readonly policyInto: readonly (AttemptPolicy | undefined)[];
  /** Some hop has a policy: attempts' outcomes are drawn and failed requests left out. */
  private readonly attempting: boolean;
  /** The design's shedding policy queues: an overloaded pool's wait is its backlog's, fixed. */
  private readonly queueing: boolean;
  /** Why the hop being sampled failed (OK: it did not). */
  private cause = OK;
  /** Per group: this run's budget retry chance (valid when chanceRun equals runCount). */
  private readonly retryChanceOf: Float64Array;
  private readonly chanceRun: Int32Array;
  private runCount = 0;
  /** Share of the last run's draws that succeeded (of those that reached a cluster). */
  lastSuccessShare = 1;
  /** Scratch: per-attempt retried-failure probabilities (budgets). */
  private readonly chainQ = new Float64Array(16);

  // ---- the breakdown (null when not asked for) -------------------------------------------------
  /** The parts of the sample being drawn: per service × PARTS, seconds. */
  private readonly parts: Float64Array | null;
  /** Every sample's parts (LATENCY_SAMPLES × stride). */
  private readonly sampleParts: Float64Array | null;
  private readonly stride: number;
  /** Per depth: the parts when the hop began (failed attempts roll back to them), before a parallel call, and what the slowest parallel call added. */
  private readonly atHop: Float64Array[] = [];
  private readonly beforeBranch: Float64Array[] = [];
  private readonly branch: Float64Array[] = [];
  private readonly order: Uint32Array | null;
  private readonly keys: Float64Array | null;
  private readonly keyWords: Uint32Array | null;

  constructor(
    services: ServiceModel,
    network: FleetNetwork,
    pools: readonly PoolState[],
    routes: CallRoutes,
    impairments: TrafficImpairments = new TrafficImpairments(services.indexByName, network.clusterCount),
    options: LatencyMonteCarloOptions = {},
  ) {
    this.services = services;
    this.impairments = impairments;
    this.network = network;
    this.pools = pools;
    this.routes = routes;
    this.clusterCount = network.clusterCount;
    this.runRoutes = new RunRoutes(routes, network, services.serviceCount);
    this.quantiles = services.serviceTimeQuantilesS;
    const waited = services.calls.map((calls) => calls.filter((call) => call.mode !== 'async'));
    this.callStart = new Int32Array(services.serviceCount + 1);
    for (let s = 0; s < services.serviceCount; s++) this.callStart[s + 1] = this.callStart[s] + waited[s].length;
    const flat = waited.flat();
    this.callee = Int32Array.from(flat, (call) => call.service);
    this.callWhole = Float64Array.from(flat, (call) => Math.floor(call.callsPerRequest));
    // The same difference the draw compared against: callsPerRequest − ⌊callsPerRequest⌋.
    this.callFraction = Float64Array.from(flat, (call) => call.callsPerRequest - Math.floor(call.callsPerRequest));
    this.callParallel = Uint8Array.from(flat, (call) => (call.mode === 'parallel' ? 1 : 0));
    this.flow = options.flow;
    this.policyInto = options.policies ?? attemptPoliciesOf(services);
    this.attempting = this.policyInto.some((p) => p !== undefined);
    this.queueing = this.flow?.poolBacklogs.queueing ?? false;
    const groups = services.serviceCount * network.clusterCount;
    this.retryChanceOf = new Float64Array(this.attempting ? groups : 0);
    this.chanceRun = new Int32Array(this.attempting ? groups : 0).fill(-1);
    this.stride = services.serviceCount * PARTS;
    this.parts = options.breakdown ? new Float64Array(this.stride) : null;
    this.sampleParts = options.breakdown ? new Float64Array(LATENCY_SAMPLES * this.stride) : null;
    this.order = options.breakdown ? new Uint32Array(LATENCY_SAMPLES) : null;
    this.keys = options.breakdown ? new Float64Array(LATENCY_SAMPLES) : null;
    this.keyWords = this.keys !== null ? new Uint32Array(this.keys.buffer) : null;
  }
  /** Read another load flow's pools from now on (the hour slots' flow of the hour: hourSlots.ts); nothing kept here depends on which. */
  useFlow(flow: LoadFlow): void {
    this.flow = flow;
    this.pools = flow.pools;
  }


  /** Whether some hop retries or times out (then the latency fingerprint must key attempts' outcomes). */
  get attemptsDrawn(): boolean {
    return this.attempting;
  }

  /** Quantile points and mean of the latency of successful requests entering `entryService` from `origin`; null when no draw succeeds or reaches a cluster. */
  run(seeds: Uint32Array, entryService: number, origin: RequestOrigin): LatencyEstimate | null {
    const samples = this.samplesS;
    const parts = this.parts;
    this.runCount++;
    this.runRoutes.begin();
    let n = 0;
    let failed = 0;
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      rngState = seeds[i];
      this.cause = OK;
      if (parts !== null) parts.fill(0);
      let x: number;
      if (origin.kind === 'cluster') x = this.hop(entryService, origin.cluster, 0, 0);
      else {
        const c = pickCluster(origin.answer, rand());
        if (c < 0) continue;
        const userS = this.network.userRttMs(origin.userRegion, c) / 1000 + this.impairments.ingressExtraLatencyS[c];
        if (parts !== null) parts[entryService * PARTS + PART_NETWORK] += userS;
        x = userS + this.hop(entryService, c, 0, 0);
      }
      if (this.cause !== OK) {
        // Only successful requests count; failed ones are kept from the end, for a cluster none of whose requests succeeds.
        samples[LATENCY_SAMPLES - 1 - failed++] = x;
        continue;
      }
      if (parts !== null) this.sampleParts!.set(parts, n * this.stride);
      samples[n++] = x;
    }
    this.lastSuccessShare = n + failed > 0 ? n / (n + failed) : 1;
    if (n === 0) {
      // A cluster's estimate is read whenever its success is above 0; with none in the draws, the failed requests' times stand in (weighed by a success near 0).
      if (origin.kind !== 'cluster' || failed === 0) return null;
      return quantilePoints(samples.subarray(LATENCY_SAMPLES - failed));
    }
    const breakdown = parts !== null ? this.bands(n, entryService) : undefined;
    const { points, meanS } = quantilePoints(samples.subarray(0, n));
    return breakdown !== undefined ? { points, meanS, breakdown } : { points, meanS };
  }

  /**
   * The mean parts of the n samples in each rank band. A sample at sorted position p is in the
   * quantile-point slot ⌊p × 256 / n⌋ (the slot whose point it is nearest), and so in that slot's band.
   */
  private bands(n: number, entryService: number): EstimateBreakdown {
    const order = this.rankOrder(n);
    const stride = this.stride;
    const bandMeansS = new Float64Array(BAND_COUNT * stride);
    const bandShares = new Float64Array(BAND_COUNT);
    const counts = new Float64Array(BAND_COUNT);
    const all = this.sampleParts!;
    let band = 0;
    for (let p = 0; p < n; p++) {
      const slot = Math.floor((p * LATENCY_POINTS) / n);
      while (band + 1 < BAND_COUNT && BAND_START_SLOTS[band + 1] <= slot) band++;
      const from = order[p] * stride;
      const to = band * stride;
      for (let k = 0; k < stride; k++) bandMeansS[to + k] += all[from + k];
      counts[band]++;
    }
    for (let b = 0; b < BAND_COUNT; b++) {
      bandShares[b] = counts[b] / n;
      if (counts[b] > 0) for (let k = 0; k < stride; k++) bandMeansS[b * stride + k] /= counts[b];
    }
    return { entryService, bandMeansS, bandShares };
  }

  /**
   * The samples' indices in latency order. Each latency (≥ 0) gets its index in the low 13 bits of
   * its mantissa (LATENCY_SAMPLES = 2^13; a change of at most 2^−39 relative, far below anything
   * timed) and the keys are sorted as numbers (sortLatencies): a comparator sort of the indices tripled a run's cost.
   */
  private rankOrder(n: number): Uint32Array {
    const keys = this.keys!.subarray(0, n);
    const words = this.keyWords!;
    keys.set(this.samplesS.subarray(0, n));
    for (let i = 0; i < n; i++) words[2 * i + LOW_WORD] = (words[2 * i + LOW_WORD] & ~INDEX_MASK) | i;
    sortLatencies(keys);
    const order = this.order!.subarray(0, n);
    for (let p = 0; p < n; p++) order[p] = words[2 * p + LOW_WORD] & INDEX_MASK;
    return order;
  }

  /** A request into (service, cluster) from its caller's side, `rttS` away (0 from the ingress); sets `cause` when it fails. */
  private hop(service: number, cluster: number, rttS: number, depth: number): number {
    if (!this.attempting) {
      if (this.parts !== null) this.parts[service * PARTS + PART_NETWORK] += rttS;
      return rttS + this.served(service, cluster, depth);
    }
    return this.attempts(service, cluster, rttS, depth, this.policyInto[service]);
  }

  /** One attempt the pool serves: its wait, own service (and added latency) and calls; sets `cause` when a call fails. */
  private served(service: number, cluster: number, depth: number): number {
    const group = service * this.clusterCount + cluster;
    const pool = this.pools[group];
    const ownS = this.quantiles[service].at(rand()) + pool.extraLatencyS;
    let t = ownS;
    const parts = this.parts;
    if (pool.pWait > 0 && rand() < pool.pWait) {
      const waitS = this.queueing && backlogWait(this.flow, group) ? 1 / pool.waitRatePerS : -Math.log(1 - rand()) / pool.waitRatePerS;
      t += waitS;
      if (parts !== null) parts[service * PARTS + PART_QUEUEING] += waitS;
    }
    if (parts !== null) parts[service * PARTS + PART_SERVICE] += ownS;
    if (depth > MAX_DEPTH) return t;
    let slowestS = -1;
    const routes = this.runRoutes;
    // The calls waited for (async ones draw nothing: not waited for).
    for (let k = this.callStart[service], end = this.callStart[service + 1]; k < end; k++) {
      const count = this.callWhole[k] + (rand() < this.callFraction[k] ? 1 : 0);
      if (count === 0) continue;
      const callee = this.callee[k];
      const route = routes.of(callee, cluster);
      const parallel = this.callParallel[k] === 1;
      for (let j = 0; j < count; j++) {
        const entry = routes.pick(route, rand());
        const to = entry >= 0 ? routes.clusters[entry] : -1;
        if (to < 0 && this.attempting) {
          this.cause = UNROUTABLE;
          return t;
        }
        const rttS = entry >= 0 ? routes.rttS[entry] : this.network.rttMs(cluster, to) / 1000;
        if (parallel) {
          // Started with the other parallel calls once the sequential ones are done: the slowest counts.
          const saved = parts !== null ? this.save(this.beforeBranch, depth, parts) : null;
          const branchS = this.hop(callee, to, rttS, depth + 1);
          if (parts !== null) {
            if (branchS > slowestS) this.keepBranch(depth, parts, saved!);
            parts.set(saved!);
          }
          if (branchS > slowestS) slowestS = branchS;
          if (this.cause !== OK) return t + slowestS;
        } else {
          t += this.hop(callee, to, rttS, depth + 1);
          if (this.cause !== OK) return t; // the caller's attempt fails with its call
        }
      }
    }
    if (slowestS >= 0) {
      t += slowestS;
      if (parts !== null) {
        const delta = this.branch[depth];
        for (let k = 0; k < parts.length; k++) parts[k] += delta[k];
      }
    }
    return t;
  }

  /**
   * The request's attempts at the pool (service, cluster), `rttS` away, under `policy` (undefined: one
   * attempt, no timeout). Every attempt sent pays the round trip, as in the request-level mode: a
   * served one's time is rttS + its response time (what the per-try timeout compares), a shed one's
   * rttS (a fast 503), a dead endpoint's 0 (a refused connect).
   */
  private attempts(service: number, cluster: number, rttS: number, depth: number, policy: AttemptPolicy | undefined): number {
    const group = service * this.clusterCount + cluster;
    const pool = this.pools[group];
    if (pool.servers <= 0) {
      this.cause = NO_REPLICA;
      return 0;
    }
    const flow = this.flow;
    const deadShare = flow !== undefined ? flow.deadEndpointShare[group] : 0;
    const shedShare = shedShareAt(flow, pool, service, group);
    const errorRatio = this.impairments.errorRatio[group];
    const listed = listedEndpoints(flow, group);
    const attempts = policy?.attempts ?? 1;
    const perTryS = policy?.perTryTimeoutS ?? Number.POSITIVE_INFINITY;
    const overallS = policy?.timeoutS ?? Number.POSITIVE_INFINITY;
    const parts = this.parts;
    const saved = parts !== null ? this.save(this.atHop, depth, parts) : null;
    const retriesPart = service * PARTS + PART_RETRIES;
    let elapsedS = 0;
    for (let j = 1; j <= attempts; j++) {
      if (j > 1) {
        const pauseS = backoffS(policy!, j - 1, rand());
        if (elapsedS + pauseS >= overallS) return this.fail(TIMEOUT, overallS);
        elapsedS += pauseS;
        if (parts !== null) parts[retriesPart] += pauseS;
      }
      const d = deadShareAtAttempt(policy?.avoid ?? 'none', deadShare, listed, j);
      const refused = d + (1 - d) * shedShare;
      let cause = OK;
      let attemptS = 0;
      // A failed call ends the hop: the callee's own hop retried it already (request-path.md, rule 1).
      let fromCall = false;
      const u = refused > 0 ? rand() : 1;
      if (u < d) cause = DEAD_ENDPOINT;
      else if (u < refused) {
        cause = SHED;
        attemptS = rttS;
        if (elapsedS + rttS > overallS) return this.fail(TIMEOUT, overallS);
      } else {
        const limitS = Math.min(perTryS, overallS - elapsedS);
        if (parts !== null) parts[service * PARTS + PART_NETWORK] += rttS;
        const r = rttS + this.served(service, cluster, depth);
        if (r > limitS) {
          // The caller gives up at the limit (the callee keeps working: its load is the load flow's).
          this.cause = OK;
          if (perTryS >= overallS - elapsedS) return this.fail(TIMEOUT, overallS);
          cause = TIMEOUT;
          attemptS = perTryS;
        } else if (this.cause !== OK) {
          cause = this.cause;
          attemptS = r;
          fromCall = true;
        } else if (errorRatio > 0 && rand() < errorRatio) {
          cause = IMPAIRED;
          attemptS = r;
        } else return elapsedS + r;
      }
      this.cause = OK;
      elapsedS += attemptS;
      if (parts !== null) {
        // What the failed attempt's calls and pods did is not what the request waited for: its time is the retries'.
        parts.set(saved!);
        parts[retriesPart] += elapsedS;
      }
      if (j === attempts || fromCall || !retried(policy!, cause)) return this.fail(cause, elapsedS);
      const chance = this.budgetChance(group, policy!, deadShare, shedShare, errorRatio, listed);
      if (chance < 1 && rand() >= chance) return this.fail(cause, elapsedS);
    }
    return this.fail(TIMEOUT, elapsedS); // not reached: the last attempt returns above
  }

  /** The hop failed with `cause` after `elapsedS` (the sample is left out, so its parts need not be exact). */
  private fail(cause: number, elapsedS: number): number {
    this.cause = cause;
    return elapsedS;
  }

  /**
   * The probability that a retried failure is retried within the budget (retryModel.ts retryChance),
   * from the shares of retried causes each attempt meets, the timed-out share of served attempts the
   * load flow's (LoadFlow.timeoutShareOf, 0 off its policy path): the load flow's chance, so both
   * retry alike. Computed once per group and run.
   */
  private budgetChance(group: number, policy: AttemptPolicy, deadShare: number, shedShare: number, errorRatio: number, listed: number): number {
    if (policy.maxAmplification === Number.POSITIVE_INFINITY) return 1;
    if (this.chanceRun[group] === this.runCount) return this.retryChanceOf[group];
    const q = policy.attempts <= this.chainQ.length ? this.chainQ : new Float64Array(policy.attempts);
    const timedOut = this.flow !== undefined ? this.flow.timeoutShareOf[group] : 0;
    const chance = budgetRetryChance(policy, deadShare, shedShare, errorRatio, listed, timedOut, q);
    this.chanceRun[group] = this.runCount;
    this.retryChanceOf[group] = chance;
    return chance;
  }

  /** Copy `parts` into the depth's buffer of `stack` (allocated once per depth). */
  private save(stack: Float64Array[], depth: number, parts: Float64Array): Float64Array {
    let buffer = stack[depth];
    if (buffer === undefined) buffer = stack[depth] = new Float64Array(parts.length);
    buffer.set(parts);
    return buffer;
  }

  /** The branch just sampled is the slowest parallel call so far: keep what it added to the parts. */
  private keepBranch(depth: number, parts: Float64Array, before: Float64Array): void {
    let delta = this.branch[depth];
    if (delta === undefined) delta = this.branch[depth] = new Float64Array(parts.length);
    for (let k = 0; k < parts.length; k++) delta[k] = parts[k] - before[k];
  }
}

/** Whether the policy retries a failure of this cause. */
function retried(policy: AttemptPolicy, cause: number): boolean {
  switch (cause) {
    case DEAD_ENDPOINT:
      return policy.retryDeadEndpoint;
    case SHED:
      return policy.retryShed;
    case IMPAIRED:
      return policy.retryImpaired;
    case TIMEOUT:
      return policy.retryTimeout;
    default:
      return false;
  }
}
