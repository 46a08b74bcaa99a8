import type { RuntimeState } from '../runtime/state.js';
import type { SheddingSpec } from '../../scenario/specs/shedding.js';
import type { DeadEndpoints } from './deadEndpoints.js';
import { AsyncQueues } from './asyncQueues.js';
import { CallComponents } from './callComponents.js';
import { PoolBacklogs } from './overload.js';
import { TrafficImpairments } from './impairments.js';
import type { FleetNetwork } from './network.js';
import { holdingTimes, MAX_HOLDING_PASSES } from './heldConcurrency.js';
import { incremental } from './incremental.js';
import { finiteQueuePoolState, poolState, type PoolState } from './pool.js';
import type { TrafficRates } from './rates.js';
import { sortPrefix } from './sortPrefix.js';
import { TallyAddends } from './tallyAddends.js';
import type { SharedIdleWaits } from './idleWaits.js';
import { hopPolicy, poolRetryOutcome, retryByService, timedPoolOutcome, type HopRetry, type PoolRetryOutcome } from './retryModel.js';
import { MULTI_TARGET, type CallRoutes } from './routing.js';
import { callsSucceed, type ServiceModel } from './serviceModel.js';
import { attemptLimitS, attemptsWithin, callTimesS, timeoutShare } from './timeouts.js';

/** A pool's policy when the design has none but its pools queue (one attempt, no timeout). */
const NO_RETRY: HopRetry = hopPolicy({ attempts: 1, retryOn: [], budgetRatio: undefined, perTryTimeoutS: undefined, timeoutS: undefined, backoff: { baseS: 0, maxS: 0 }, avoidPreviousHosts: 'none' });

/** At most this many rounds of a pool's fixed point (its attempts ↔ its waits, sheds and timeouts). */
const MAX_POOL_ROUNDS = 60;
/** Change of a share below which a pool's fixed point has settled. */
const POOL_SETTLED = 1e-12;

/** Failed and misplaced requests per second that a flow found, summed in the order it visits pools. */
export interface LoadTally {
  deadEndpoint: number;
  shed: number;
  noReplica: number;
  /** Requests per second served outside their data's allowed regions. */
  residency: number;
  /** Requests per second a pool admitted and failed (a bad change, a brownout). */
  impaired: number;
  /** Requests per second that failed on a timeout (per try with nothing left to retry, or overall). */
  timeout: number;
}

export function emptyTally(): LoadTally {
  return { deadEndpoint: 0, shed: 0, noReplica: 0, residency: 0, impaired: 0, timeout: 0 };
}

/**
 * What a pool that receives no traffic in this evaluation looks like afterwards.
 * - 'reset': as its pods alone make it (no waits, its dead-endpoint share), so that evaluating a
 *   cluster is a function of its pods and entry traffic, which the per-cluster cache relies on.
 * - 'keepWaits': the fleet-wide (mesh) evaluation only zeroes its rates and dead-endpoint share and
 *   leaves its wait parameters as the last evaluation that sent it traffic left them; the latency
 *   fingerprint and Monte Carlo of a user region read them when its answer reaches the pool. Making
 *   it 'reset' would be more consistent but can move results, so it is kept as it always was.
 */
export type IdlePools = 'reset' | 'keepWaits';

/**
 * The one load-flow routine of the fluid model, for a set of clusters: offered load enters at the
 * entry services, each pool (a service's pods in a cluster) is a queue in steady state (pool.ts), and
 * what it admits flows on to its callees along the call routes, callers before callees. Then success
 * probabilities are computed callees first. The fleet-wide evaluation (a mesh can send calls
 * anywhere) runs it over all clusters at once; the per-cluster evaluation (calls stay local) runs it
 * over one cluster at a time. Sums run over services in callers-first order, then over the clusters
 * in the given order: each path keeps the summation order it has always had.
 */
export class LoadFlow {
  private readonly services: ServiceModel;
  private readonly network: FleetNetwork;
  private readonly state: RuntimeState;
  private readonly routes: CallRoutes;
  private readonly deadEndpoints: DeadEndpoints;
  private readonly rates: TrafficRates;
  private readonly impairments: TrafficImpairments;
  private readonly clusterCount: number;
  /** Per group (service × clusterCount + cluster): requests per second offered to the pool. */
  readonly offeredPerS: Float64Array;
  readonly pools: PoolState[];
  /** Per group: share of the pool's requests that dead-but-listed endpoints swallow. */
  readonly deadEndpointShare: Float64Array;
  /** Per group: probability that a request entering the pool succeeds, calls included. */
  readonly successRatio: Float64Array;
  /** Per cluster: its busiest pool's utilization in this evaluation. */
  readonly peakUtilization: Float64Array;
  /**
   * Per group, with retries only: probability that a request entering the pool ends with a
   * successful attempt there, its calls not counted (read by backward()).
   */
  private readonly retriedLocalSuccess: Float64Array;
  /**
   * Per group, with held concurrency only: how long an admitted request holds a server, its own
   * service time plus the time it waits on its calls (heldConcurrency.ts); the pool's queue serves
   * at 1 / this. Without held concurrency pools read the mean service time instead.
   */
  readonly holdingS: Float64Array;
  /** Per group, with held concurrency only: the offered load begin() put in (the passes restart from it). */
  private readonly entrySnapshot: Float64Array;
  /** The queues of asynchronous calls (asyncQueues.ts): what they deliver to the callees. */
  readonly asyncQueues: AsyncQueues;
  /**
   * Per callee service × clusterCount + caller cluster: calls per second the caller cluster's pods
   * make to that service in the last pass (inline outlier ejection of remote endpoints counts
   * errors at this rate: outlierDetectionRoutes.ts).
   */
  readonly callsPerS: Float64Array;
  /** Backlogs of pools overloaded under a queueing shedding policy (overload.ts); it also holds the design's shedding policy. */
  readonly poolBacklogs: PoolBacklogs;
  /**
   * Per service: the retry policy of calls into it (and of the ingress's requests into an entry
   * service): its override in designs[].traffic.retries.services, else the design's. All undefined
   * without a retries block.
   */
  readonly retryByService: readonly (HopRetry | undefined)[];
  /**
   * Per group, the policy path only (a policy with timeouts or retried sheds/timeouts, or a queueing
   * shedding policy; else 0): share of the attempts reaching a live pod that are refused at once
   * (shed), and share of the served ones that time out. For readers that need the attempt outcome
   * (latency, the request-level comparison): under overload the pool's admittedPerS is what its
   * pods serve (its capacity), not offered × (1 − shed).
   */
  readonly shedShareOf: Float64Array;
  readonly timeoutShareOf: Float64Array;
  /**
   * Per group, when some policy has a timeout and pools do not hold their slots (held concurrency
   * has them in holdingS): the mean time of a request's synchronous calls (timeouts.ts callTimesS).
   */
  private readonly callS: Float64Array;
  /** Some policy has a timeout and some service makes synchronous calls: the pass is repeated until the calls' times settle. */
  private readonly timedCalls: boolean;
  /**
   * Per group: the pool's servers as the last pass left them (pools[group].servers, in a typed array
   * so that the passes over every pool of a fleet do not touch the pool objects of idle ones).
   */
  private readonly poolServers: Float64Array;
  /** Per group, fleet-wide ('keepWaits') path: 1 when the last pass left the pool idle, and its added latency then. */
  private readonly idleSettled: Uint8Array;
  private readonly idleExtraLatencyS: Float64Array;
  /** Per service: how many asynchronous calls it makes (an idle caller's queues still drain). */
  private readonly asyncCalls: Int32Array;
  private readonly anyAsync: boolean;
  /**
   * Sparse passes (sparseAllowed): per service (rows of clusterCount), the clusters whose pool was
   * busy in the last pass (`active`, ascending) and those called in this pass (`received`, in call
   * order, each once: receivedStamp holds the pass that listed it).
   */
  private readonly active: Int32Array;
  private readonly activeCount: Int32Array;
  private readonly received: Int32Array;
  private readonly receivedCount: Int32Array;
  private readonly receivedStamp: Int32Array;
  private passStamp = 0;
  /** Per service (rows of clusterCount): its clusters whose pool has servers, ascending; rebuilt when servingDirty. */
  private readonly serving: Int32Array;
  private readonly servingCount: Int32Array;
  private readonly servingDirty: Uint8Array;
  /** Numbers the flows (begin): `received` lists each pool once per flow. */
  private flowStamp = 0;
  private readonly sparseScratch: Int32Array;
  /** Per group: the pass that put it in a sparse list (no cluster twice). */
  private readonly listedStamp: Int32Array;
  /** The data planes the last fleet-wide pass saw; whether one has run yet. */
  private readonly lastDataplane: Uint8Array;
  private firstPass = true;
  /**
   * Changes since the last fleet-wide pass (changedStamp numbers that interval): per service the
   * clusters whose pods changed, per cluster whether its impairments changed, and this pass's list
   * of clusters whose data plane or impairments changed.
   */
  private changedStamp = 1;
  private readonly changedGroups: Int32Array;
  private readonly changedGroupCount: Int32Array;
  private readonly changedGroupStamp: Int32Array;
  private readonly impairedCluster: Int32Array;
  private readonly changedClusters: Int32Array;
  private changedClusterCount = 0;
  /**
   * What the last fleet-wide backward pass saw, so that the next one recomputes only the services
   * whose success can differ (sparseBackward): per group its own success (ownSuccessOf) as the
   * passes since left it; per service whether some group's own success, or whether it has servers,
   * changed since; the route drops, link and impairment versions then; and whether it ran at all
   * (a pass over some clusters only, as the per-cluster path does, makes the next one full).
   */
  private readonly ownSuccess: Float64Array;
  private readonly ownChanged: Uint8Array;
  private readonly successChanged: Uint8Array;
  private backwardSeen = false;
  private seenDrops = -1;
  private seenAllDroppedAt = -1;
  private seenImpairmentsVersion = -1;
  /**
   * The pools written since the last takeWritten (each once): every write of a pool's fields is in
   * poolAt, past its check for a settled idle pool, so a pool not listed holds what it held.
   */
  private readonly written: Int32Array;
  private writtenCount = 0;
  private readonly writtenMark: Int32Array;
  private writtenEpoch = 1;
  /** The impairments' version as of the last impairmentsChanged (a change not reported there makes passes visit everything). */
  private reportedImpairmentsVersion = 0;
  private readonly retryOutcome: PoolRetryOutcome = { amplification: 1, liveAmplification: 1, success: 1, deadEndpoint: 0, shed: 0, impaired: 0 };
  /** Delta passes (fleetPass): each pool's last additions to the tallies, and where the last pass's calls went. */
  private readonly addends: TallyAddends;
  private readonly calls: CallComponents;
  /** Per group of an entry service: the users' offered load at the last fleet-wide pass. */
  private readonly lastEntry: Float64Array;
  private lastEntryValid = false;
  /**
   * With hour slots (hourSlots.ts): the waits each pool had when it was last busy in any of the
   * flows, and per pool the record this flow's pool holds (0: none). An idle pool keeps the waits
   * of the last pass that made it busy ('keepWaits'); with one flow per hour that pass may have
   * been another flow's, so an idle pool takes them from here (adoptIdleWaits, syncIdleWaits).
   */
  private idleWaits: SharedIdleWaits | null = null;
  private idleWaitsStamp: Int32Array = new Int32Array(0);
  /** Fleet-wide passes made, and how many of them passed over the whole fleet (HourSlots reads them). */
  fleetPasses = 0;
  wholePasses = 0;
  /** The tallies of the last fleet-wide pass (a delta pass that visits nothing gives them again). */
  private readonly lastTally: LoadTally = emptyTally();
  /** The call routes' drop counts as of the last fleet-wide pass. */
  private dropsAtPass = -1;
  private allDroppedAtPass = -1;
  /** Scratch of deltaClusters: per cluster, 1 when in the clusters a delta pass visits (and their roots). */
  private readonly inDelta: Uint8Array;
  private readonly rootMarked: Uint8Array;
  /** Scratch of deltaClusters: per group, 1 when its pool can be busy in the delta pass; per region, 1 when a visited cluster is in it. */
  private readonly mayBeBusy: Uint8Array;
  private readonly regionVisited: Uint8Array;

  constructor(services: ServiceModel, network: FleetNetwork, state: RuntimeState, routes: CallRoutes, deadEndpoints: DeadEndpoints, rates: TrafficRates, impairments: TrafficImpairments = new TrafficImpairments(services.indexByName, network.clusterCount)) {
    this.services = services;
    this.network = network;
    this.state = state;
    this.routes = routes;
    this.deadEndpoints = deadEndpoints;
    this.rates = rates;
    this.impairments = impairments;
    this.clusterCount = network.clusterCount;
    const groups = services.serviceCount * this.clusterCount;
    this.offeredPerS = new Float64Array(groups);
    this.pools = Array.from({ length: groups }, () => ({ offeredPerS: 0, admittedPerS: 0, servers: 0, utilization: 0, pWait: 0, waitRatePerS: Infinity, extraLatencyS: 0 }));
    this.deadEndpointShare = new Float64Array(groups);
    this.poolServers = new Float64Array(groups);
    this.idleSettled = new Uint8Array(groups);
    this.idleExtraLatencyS = new Float64Array(groups);
    this.asyncCalls = Int32Array.from(services.calls, (calls) => calls.filter((k) => k.mode === 'async').length);
    this.anyAsync = this.asyncCalls.some((n) => n > 0);
    this.active = new Int32Array(groups);
    this.serving = new Int32Array(groups);
    this.servingCount = new Int32Array(services.serviceCount);
    this.servingDirty = new Uint8Array(services.serviceCount);
    this.activeCount = new Int32Array(services.serviceCount);
    this.received = new Int32Array(groups);
    this.receivedCount = new Int32Array(services.serviceCount);
    this.receivedStamp = new Int32Array(groups);
    this.sparseScratch = new Int32Array(this.clusterCount);
    this.listedStamp = new Int32Array(groups);
    this.lastDataplane = new Uint8Array(this.clusterCount);
    this.ownSuccess = new Float64Array(groups).fill(Number.NaN);
    this.ownChanged = new Uint8Array(services.serviceCount);
    this.successChanged = new Uint8Array(services.serviceCount);
    this.written = new Int32Array(groups);
    this.writtenMark = new Int32Array(groups);
    this.changedGroups = new Int32Array(groups);
    this.changedGroupCount = new Int32Array(services.serviceCount);
    this.changedGroupStamp = new Int32Array(groups);
    this.impairedCluster = new Int32Array(this.clusterCount);
    this.changedClusters = new Int32Array(this.clusterCount);
    this.successRatio = new Float64Array(groups);
    this.peakUtilization = new Float64Array(this.clusterCount);
    // Sized for every group: a queueing shedding policy (configured after construction) uses it too.
    this.retriedLocalSuccess = new Float64Array(groups);
    this.holdingS = new Float64Array(services.heldConcurrency ? groups : 0);
    this.entrySnapshot = new Float64Array(services.heldConcurrency ? groups : 0);
    this.asyncQueues = new AsyncQueues(services, this.clusterCount);
    this.callsPerS = new Float64Array(groups);
    this.poolBacklogs = new PoolBacklogs(groups);
    this.retryByService = retryByService(services.retry, services.indexByName, services.serviceCount);
    this.shedShareOf = new Float64Array(groups);
    this.timeoutShareOf = new Float64Array(groups);
    const timed = this.retryByService.some((r) => Number.isFinite(attemptLimitS(r)));
    const syncCalls = services.calls.some((calls) => calls.some((k) => k.mode !== 'async'));
    this.timedCalls = timed && syncCalls && !services.heldConcurrency;
    this.callS = new Float64Array(this.timedCalls ? groups : 0);
    this.addends = new TallyAddends(groups);
    this.calls = new CallComponents(services.serviceCount, this.clusterCount);
    this.lastEntry = new Float64Array(groups);
    this.inDelta = new Uint8Array(this.clusterCount);
    this.rootMarked = new Uint8Array(this.clusterCount);
    this.mayBeBusy = new Uint8Array(groups);
    this.regionVisited = new Uint8Array(Math.max(0, ...Array.from(network.regionOfCluster)) + 1);
  }

  /** Whether pools take the policy path (policyPool) rather than the closed forms. */
  private policyPath(s: number): boolean {
    const retry = this.retryByService[s];
    return this.poolBacklogs.queueing || (retry !== undefined && retry.extended);
  }

  /**
   * Whether a fleet-wide pass can ever be a delta pass here (deltaClusters): the closed-form
   * single-pass path, without retries, held concurrency, timed calls, queueing backlogs or async
   * queues. `shedding`: the design's policy (a queueing one keeps backlogs). A flow kept per hour
   * of the day (hourSlots.ts) only pays where it is.
   */
  static deltaPassesPossibleFor(services: ServiceModel, shedding: SheddingSpec): boolean {
    // Without a retries block no policy has a timeout, so no call is timed (timedCalls).
    const anyAsync = services.calls.some((calls) => calls.some((k) => k.mode === 'async'));
    return incremental.deltaPasses && services.retry === undefined && !services.heldConcurrency && shedding.policy === 'utilization' && !anyAsync;
  }

  /**
   * A flow made after the model started (a slot of hourSlots.ts): the impairment changes before it
   * were not reported to it, and need not be (its first pass visits everything).
   */
  acknowledgeImpairments(): void {
    this.reportedImpairmentsVersion = this.impairments.version;
  }

  /** Keep idle pools' waits as one flow would (see idleWaits): every flow of one HourSlots shares `shared`. */
  shareIdleWaits(shared: SharedIdleWaits): void {
    this.idleWaits = shared;
    this.idleWaitsStamp = new Int32Array(this.pools.length);
  }

  /**
   * Before this flow's evaluations resume (another flow's ran since): each idle pool takes the waits
   * its pool was last busy with in any flow, and is listed as written (takeWritten) when they differ.
   */
  syncIdleWaits(): void {
    const shared = this.idleWaits;
    if (shared === null) return;
    const stamps = shared.stamp;
    const own = this.idleWaitsStamp;
    const idle = this.idleSettled;
    const groups = shared.everBusy;
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      if (own[group] === stamps[group] || idle[group] === 0) continue;
      this.adoptIdleWaits(group);
      if (this.writtenMark[group] !== this.writtenEpoch) {
        this.writtenMark[group] = this.writtenEpoch;
        this.written[this.writtenCount++] = group;
      }
    }
  }

  /**
   * After a fleet-wide pass: every busy pool's waits, visited in this pass (recorded by poolAt) or
   * kept from the last, are the latest its group had; this flow becomes its owner again where
   * another flow was since.
   */
  private recordBusyWaits(): void {
    const shared = this.idleWaits!;
    const stamps = shared.stamp;
    const own = this.idleWaitsStamp;
    const C = this.clusterCount;
    for (let s = 0; s < this.activeCount.length; s++) {
      for (let i = 0; i < this.activeCount[s]; i++) {
        const group = s * C + this.active[s * C + i];
        if (own[group] !== stamps[group]) own[group] = shared.record(group, this);
      }
    }
  }

  private adoptIdleWaits(group: number): void {
    const shared = this.idleWaits!;
    if (this.idleWaitsStamp[group] === shared.stamp[group]) return;
    this.idleWaitsStamp[group] = shared.stamp[group];
    shared.restore(group, this.pools[group]);
  }

  /** The per-cluster rates the passes wrote (served, log and call bytes), copied into `into` when it is not the flow's own. */
  copyClusterRatesInto(into: TrafficRates): void {
    const from = this.rates;
    if (into === from) return;
    for (let c = 0; c < this.clusterCount; c++) {
      into.servedPerS[c] = from.servedPerS[c];
      into.logBytesPerS[c] = from.logBytesPerS[c];
      into.interZoneBytesPerS[c] = from.interZoneBytesPerS[c];
      into.interRegionBytesPerS[c] = from.interRegionBytesPerS[c];
      into.crossClusterBytesPerS[c] = from.crossClusterBytesPerS[c];
    }
  }

  /** Calls `each` with every pool written since the last call (in the order first written), and forgets them. */
  takeWritten(each: (group: number) => void): void {
    for (let i = 0; i < this.writtenCount; i++) each(this.written[i]);
    this.writtenCount = 0;
    this.writtenEpoch++;
  }

  /** Clear the clusters' loads and rates, and put the entry traffic (per group, requests/s) in. */
  begin(clusters: ArrayLike<number>, entryPerS: Float64Array, entryServices: readonly number[]): void {
    const { clusterCount, offeredPerS } = this;
    // A new flow: the pools called in it are listed afresh (sparse passes visit them), users' entry pools first.
    this.flowStamp++;
    this.receivedCount.fill(0);
    const all = clusters.length === clusterCount;
    if (all) offeredPerS.fill(0);
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      if (!all) for (let s = 0; s < this.services.serviceCount; s++) offeredPerS[s * clusterCount + c] = 0;
      for (const e of entryServices) {
        const perS = (offeredPerS[e * clusterCount + c] = entryPerS[e * clusterCount + c]);
        if (perS > 0) this.listReceived(e, c);
      }
      this.clearRates(c);
    }
  }

  private clearRates(c: number): void {
    const rates = this.rates;
    rates.servedPerS[c] = 0;
    rates.logBytesPerS[c] = 0;
    rates.interZoneBytesPerS[c] = 0;
    rates.interRegionBytesPerS[c] = 0;
    rates.crossClusterBytesPerS[c] = 0;
    this.peakUtilization[c] = 0;
  }

  /**
   * Offered load, callers first: each pool's state, its failures (into `tally`), served requests,
   * log and call bytes, and what it sends its callees. `dataplaneUp` is per cluster (1 = up).
   * With held concurrency the pass is repeated: each one sets the holding times, callees first,
   * from the waits the last one found, until they settle (one pass per level of the call graph
   * without shedding); only the last pass counts.
   */
  forward(clusters: ArrayLike<number>, dataplaneUp: Uint8Array, tally: LoadTally, idlePools: IdlePools): void {
    const held = this.services.heldConcurrency;
    if (!held && !this.timedCalls) {
      this.pass(clusters, dataplaneUp, tally, idlePools);
      this.asyncQueues.settle(clusters, this.pools, this.offeredPerS);
      return;
    }
    // With timeouts (and no held concurrency) the same repetition settles the calls' times, which
    // decide what times out (timeouts.ts callTimesS), from the waits of the pass before.
    const { clusterCount, offeredPerS, entrySnapshot, holdingS, services } = this;
    const snapshot = held ? entrySnapshot : new Float64Array(offeredPerS.length);
    for (let k = 0; k < clusters.length; k++) {
      const c = clusters[k];
      for (let s = 0; s < services.serviceCount; s++) {
        snapshot[s * clusterCount + c] = offeredPerS[s * clusterCount + c];
        // Start from the service times: an evaluation depends on its inputs only, not on the last one.
        if (held) holdingS[s * clusterCount + c] = services.meanServiceS[s];
      }
    }
    if (!held) callTimesS(services, this.network, this.routes, this.pools, this.impairments.extraLatencyS, clusters, false, this.callS);
    for (let i = 0; i < MAX_HOLDING_PASSES; i++) {
      this.pass(clusters, dataplaneUp, emptyTally(), idlePools, false);
      const settled = held ? !holdingTimes(services, this.network, this.routes, this.pools, clusters, holdingS) : !callTimesS(services, this.network, this.routes, this.pools, this.impairments.extraLatencyS, clusters, true, this.callS);
      for (let k = 0; k < clusters.length; k++) {
        const c = clusters[k];
        for (let s = 0; s < services.serviceCount; s++) offeredPerS[s * clusterCount + c] = snapshot[s * clusterCount + c];
        this.clearRates(c);
      }
      if (settled) break;
    }
    this.pass(clusters, dataplaneUp, tally, idlePools);
    this.asyncQueues.settle(clusters, this.pools, this.offeredPerS);
  }

  /** `final` false: a pass that only settles holding or call times (it leaves the backlogs' rates alone). */
  private pass(clusters: ArrayLike<number>, dataplaneUp: Uint8Array, tally: LoadTally, idlePools: IdlePools, final = true): void {
    const { services, clusterCount } = this;
    const order = services.callersFirst;
    if (clusters.length === clusterCount) this.callsPerS.fill(0);
    else for (let k = 0; k < clusters.length; k++) for (let s = 0; s < services.serviceCount; s++) this.callsPerS[s * clusterCount + clusters[k]] = 0;
    const sparse = this.sparseAllowed(clusters, dataplaneUp, idlePools);
    this.passStamp++;
    const wholeFleet = idlePools === 'keepWaits' && clusters.length === clusterCount;
    // Where calls go is found again (sendCalls): the targets, the components they join.
    if (wholeFleet) this.calls.reset();
    for (let ti = 0; ti < order.length; ti++) {
      const s = order[ti];
      // Every cluster, or (sparse) only those where the service's pool can differ from the last pass.
      const list = sparse ? this.sparseScratch : clusters;
      const n = sparse ? this.sparseClusters(s) : clusters.length;
      this.activeCount[s] = 0;
      const skipSettled = idlePools === 'keepWaits' && !this.poolBacklogs.queueing && this.asyncCalls[s] === 0;
      for (let k = 0; k < n; k++) this.poolAt(s, list[k], dataplaneUp, tally, idlePools, final, skipSettled);
    }
    this.endPass(dataplaneUp, idlePools);
  }

  /** What every fleet-wide pass leaves for the next one to compare with (sparseAllowed, deltaClusters). */
  private endPass(dataplaneUp: Uint8Array, idlePools: IdlePools): void {
    if (idlePools !== 'keepWaits') return;
    this.lastDataplane.set(dataplaneUp);
    this.firstPass = false;
    this.changedGroupCount.fill(0);
    this.changedStamp++;
  }

  /**
   * The fleet-wide evaluation's load flow: begin and forward over every cluster, or (a delta pass)
   * over only the components of clusters where something changed, when the rest of the fleet cannot
   * differ from the last pass (deltaClusters). The result is the same, bit for bit: a component's
   * pools receive calls only from pools in it, so visiting its clusters in the pass's order adds the
   * same terms in the same order; the other clusters' pools, rates and calls stay as they were, and
   * the failure tallies are folded again over every pool's kept addends in the pass's order.
   */
  fleetPass(clusters: ArrayLike<number>, entryPerS: Float64Array, entryServices: readonly number[], dataplaneUp: Uint8Array, tally: LoadTally): void {
    const delta = this.deltaClusters(entryPerS, entryServices, dataplaneUp, tally);
    this.fleetPasses++;
    if (delta === null) this.wholePasses++;
    if (delta === null) {
      this.begin(clusters, entryPerS, entryServices);
      this.forward(clusters, dataplaneUp, tally, 'keepWaits');
    } else if (delta.length === 0) this.keptPass(dataplaneUp, tally);
    else this.deltaPass(delta, entryPerS, entryServices, dataplaneUp, tally);
    Object.assign(this.lastTally, tally);
    if (this.idleWaits !== null) this.recordBusyWaits();
    const C = this.clusterCount;
    for (const e of entryServices) this.lastEntry.set(entryPerS.subarray(e * C, (e + 1) * C), e * C);
    this.lastEntryValid = true;
    this.dropsAtPass = this.routes.drops;
    this.allDroppedAtPass = this.routes.allDroppedAt;
  }

  /**
   * The clusters a delta pass must visit (ascending), or null when the whole fleet is passed over:
   * the components (of the last pass's calls) of the clusters whose pods, data plane, impairments
   * or users' load changed, or that have dead-but-listed endpoints (their share moves with time),
   * when every call of the last pass went to one cluster, the calls from those clusters stay among
   * them, and every other busy pool's calls go where they went. Only on the closed-form single-pass
   * path (no retries, timeouts, held concurrency, queueing backlogs or async queues), without
   * inline ejection or mesh client errors, and for at most a quarter of the clusters (a whole pass
   * is cheaper then). Pods that changed and came back do not count (podsAsLastPass); after every
   * route was dropped, every busy pool's calls are checked (callsStayPut). An empty result is a
   * kept pass.
   */
  private deltaClusters(entryPerS: Float64Array, entryServices: readonly number[], dataplaneUp: Uint8Array, tally: LoadTally): Int32Array | null {
    const { services, state, routes, impairments, clusterCount: C } = this;
    if (!incremental.deltaPasses || this.firstPass || !this.calls.allSingle || !this.lastEntryValid) return null;
    if (services.retry !== undefined || services.heldConcurrency || this.timedCalls || this.poolBacklogs.queueing || this.anyAsync) return null;
    if (impairments.version !== this.reportedImpairmentsVersion || !routes.readsArePure) return null;
    if (tally.deadEndpoint !== 0 || tally.shed !== 0 || tally.noReplica !== 0 || tally.residency !== 0 || tally.impaired !== 0 || tally.timeout !== 0) return null;
    const changed = this.inDelta;
    changed.fill(0);
    // The users' load first: an hour's demand step changes it everywhere (a whole pass then).
    let n = 0;
    const lastEntry = this.lastEntry;
    for (const e of entryServices) {
      for (let c = 0; c < C; c++) {
        const now = entryPerS[e * C + c];
        const before = lastEntry[e * C + c];
        // Bit for bit (0 and −0 differ; NaN counts as a change).
        if (changed[c] === 1 || (now === before && (now !== 0 || 1 / now === 1 / before))) continue;
        changed[c] = 1;
        n++;
      }
    }
    if (4 * n > C) return null;
    for (let c = 0; c < C; c++) if (impairments.clientErrorRatio[c] !== 0) return null;
    // Pods that changed and came back (a node lost and its pods placed again) leave the pool as the
    // last pass computed it: only a pool whose servers or dead endpoints differ counts.
    for (let s = 0; s < services.serviceCount; s++) {
      for (let i = 0; i < this.changedGroupCount[s]; i++) {
        const c = this.changedGroups[s * C + i];
        if (changed[c] === 0 && !this.podsAsLastPass(s, c, dataplaneUp)) changed[c] = 1;
      }
    }
    // As sparseAllowed lists them: the clusters whose data plane or impairments changed.
    this.changedClusterCount = 0;
    for (let c = 0; c < C; c++) {
      if (dataplaneUp[c] !== this.lastDataplane[c] || this.impairedCluster[c] === this.changedStamp) {
        changed[c] = 1;
        this.changedClusters[this.changedClusterCount++] = c;
      }
    }
    // Only the services with some (RuntimeState.serviceLost counts them) are read.
    const lost = state.lost;
    for (let s = 0; s < services.serviceCount; s++) {
      if (state.serviceLost[s] === 0) continue;
      for (let c = 0; c < C; c++) if (lost[s * C + c] !== 0) changed[c] = 1;
    }
    // Whole components.
    const roots = this.rootMarked;
    roots.fill(0);
    for (let c = 0; c < C; c++) if (changed[c] === 1) roots[this.calls.root(c)] = 1;
    n = 0;
    for (let c = 0; c < C; c++) {
      changed[c] = roots[this.calls.root(c)];
      n += changed[c];
    }
    if (4 * n > C) return null;
    const delta = new Int32Array(n);
    for (let c = 0, k = 0; c < C; c++) if (changed[c] === 1) delta[k++] = c;
    return this.callsStayPut(delta, entryPerS, entryServices) ? delta : null;
  }

  /**
   * Whether pool (s, c) would be computed from the pods the last pass computed it from: the same
   * servers, and no dead endpoint now or then. Its other inputs (data plane, impairments, load,
   * routes) deltaClusters checks on their own.
   */
  private podsAsLastPass(s: number, c: number, dataplaneUp: Uint8Array): boolean {
    const group = s * this.clusterCount + c;
    if (this.state.lost[group] !== 0 || this.deadEndpointShare[group] !== 0) return false;
    const servers = dataplaneUp[c] === 1 ? this.impairments.servingPods(group, this.state.ready[group]) * this.services.serversPerPod[s] : 0;
    return servers === this.poolServers[group];
  }

  /**
   * For a delta pass over `delta` (inDelta marks it): whether the calls of its pools that can be
   * busy stay among its clusters, one target each, and every other busy pool's calls still go where
   * they went in the last pass.
   */
  private callsStayPut(delta: Int32Array, entryPerS: Float64Array, entryServices: readonly number[]): boolean {
    const { services, state, routes, network, clusterCount: C } = this;
    const changed = this.inDelta;
    // Calls from the visited clusters' pools that can be busy (offered users' load, or called by
    // one that can be: callers first) stay among them, one target each (routes as the pass reads them).
    const reach = this.mayBeBusy;
    for (const c of delta) for (let s = 0; s < services.serviceCount; s++) reach[s * C + c] = 0;
    for (const e of entryServices) for (const c of delta) if (entryPerS[e * C + c] > 0) reach[e * C + c] = 1;
    const order = services.callersFirst;
    for (let ti = 0; ti < order.length; ti++) {
      const s = order[ti];
      for (const c of delta) {
        if (reach[s * C + c] === 0) continue;
        for (const call of services.calls[s]) {
          const to = routes.singleTargetOf(call.service, c);
          if (to === MULTI_TARGET || changed[to] === 0) return false;
          reach[call.service * C + to] = 1;
        }
      }
    }
    // Routes recomputed since (their callee's pods changed somewhere in the visited clusters) still
    // send the other clusters' calls where they went. A route found in its own region (its target
    // there, with ready pods: not the fallback to the caller's own cluster when none is ready
    // anywhere) reads only that region's clusters: unchanged when none of them is visited.
    // Every route dropped since (a data plane or a link changed): each busy pool's calls are checked,
    // wherever they go.
    const allDropped = routes.allDroppedAt !== this.allDroppedAtPass;
    const regionVisited = this.regionVisited;
    regionVisited.fill(0);
    if (routes.sameRegionTargetsReadTheRegionOnly && !allDropped) for (const c of delta) regionVisited[network.regionOfCluster[c]] = 1;
    else regionVisited.fill(1);
    for (let t = 0; t < services.serviceCount; t++) {
      if (!allDropped && routes.serviceDroppedAt[t] <= this.dropsAtPass) continue;
      for (let c = 0; c < C; c++) {
        const before = this.calls.target[t * C + c];
        if (changed[c] === 1 || before < 0) continue;
        const region = network.regionOfCluster[c];
        if (network.regionOfCluster[before] === region && regionVisited[region] === 0 && state.ready[t * C + before] > 0) continue;
        if (routes.singleTargetOf(t, c) !== before) return false;
      }
    }
    return true;
  }

  /**
   * A delta pass with nothing to visit: every pool, rate and call is what the last pass left, and
   * so are the tallies folded over them (kept from that pass). With a flow per hour of the day
   * (hourSlots.ts) this is an hour's demand step in a fleet where nothing else changed since
   * yesterday's.
   */
  private keptPass(dataplaneUp: Uint8Array, tally: LoadTally): void {
    Object.assign(tally, this.lastTally);
    this.endPass(dataplaneUp, 'keepWaits');
  }

  /** The load flow over the clusters of `delta` only (see fleetPass), then the tallies folded over every pool. */
  private deltaPass(delta: Int32Array, entryPerS: Float64Array, entryServices: readonly number[], dataplaneUp: Uint8Array, tally: LoadTally): void {
    const { services, clusterCount: C } = this;
    const inDelta = this.inDelta;
    this.begin(delta, entryPerS, entryServices);
    this.calls.resetClusters(delta, services.serviceCount);
    for (const c of delta) for (let s = 0; s < services.serviceCount; s++) this.callsPerS[s * C + c] = 0;
    this.passStamp++;
    const visited = emptyTally();
    const order = services.callersFirst;
    for (let ti = 0; ti < order.length; ti++) {
      const s = order[ti];
      // Within the visited clusters, the pools a sparse pass would visit (busy last pass, called
      // now, pods or cluster changed: any other is idle and settled, and poolAt would skip it).
      const n = this.sparseClusters(s);
      const list = this.sparseScratch;
      // Busy pools outside the visited clusters stay busy; those inside are listed again by poolAt.
      let kept = 0;
      for (let i = 0; i < this.activeCount[s]; i++) {
        const c = this.active[s * C + i];
        if (inDelta[c] === 0) this.active[s * C + kept++] = c;
      }
      this.activeCount[s] = kept;
      for (let k = 0; k < n; k++) if (inDelta[list[k]] === 1) this.poolAt(s, list[k], dataplaneUp, visited, 'keepWaits', true, true);
    }
    // The tallies as a whole pass adds them: service by service (callers first), clusters ascending.
    this.addends.sumInto(tally, order, C);
    this.asyncQueues.settle(delta, this.pools, this.offeredPerS);
    this.endPass(dataplaneUp, 'keepWaits');
  }

  /**
   * Whether this fleet-wide pass may visit, for each service, only the clusters where its pool can
   * differ from the last pass: busy then, offered load now (users' or calls), its pods changed since
   * (podsChanged), or the cluster's data plane or impairments changed (impairmentsChanged). Every
   * other pool is idle and was idle in the last pass with the same inputs, so poolAt would skip it.
   * Only on the single-pass path (no held concurrency, timed calls, queueing backlogs or async
   * queues), after a first pass over everything, and when every impairment change was reported.
   */
  private sparseAllowed(clusters: ArrayLike<number>, dataplaneUp: Uint8Array, idlePools: IdlePools): boolean {
    if (!incremental.sparsePasses || idlePools !== 'keepWaits' || clusters.length !== this.clusterCount || this.firstPass || this.impairments.version !== this.reportedImpairmentsVersion) return false;
    if (this.services.heldConcurrency || this.timedCalls || this.poolBacklogs.queueing || this.anyAsync) return false;
    this.changedClusterCount = 0;
    for (let c = 0; c < this.clusterCount; c++) if (dataplaneUp[c] !== this.lastDataplane[c] || this.impairedCluster[c] === this.changedStamp) this.changedClusters[this.changedClusterCount++] = c;
    return true;
  }

  /** A service's clusters for a sparse pass (see sparseAllowed), ascending, each once: the first n of sparseScratch. */
  private sparseClusters(s: number): number {
    const C = this.clusterCount;
    const out = this.sparseScratch;
    const listed = this.listedStamp;
    const stamp = this.passStamp;
    let n = 0;
    // Four sources, each cluster once (the listed stamp): busy last pass, called now, pods changed, cluster changed.
    for (let source = 0; source < 4; source++) {
      const from = source === 0 ? this.active : source === 1 ? this.received : source === 2 ? this.changedGroups : this.changedClusters;
      const offset = source === 3 ? 0 : s * C;
      const count = source === 0 ? this.activeCount[s] : source === 1 ? this.receivedCount[s] : source === 2 ? this.changedGroupCount[s] : this.changedClusterCount;
      for (let i = 0; i < count; i++) {
        const c = from[offset + i];
        if (listed[s * C + c] === stamp) continue;
        listed[s * C + c] = stamp;
        out[n++] = c;
      }
    }
    sortPrefix(out, n);
    return n;
  }

  /** Set a pool's servers (poolServers); a pool left without any fails every request (success 0). */
  private setServers(group: number, s: number, servers: number): void {
    const before = this.poolServers[group];
    this.poolServers[group] = servers;
    if ((before === 0) === (servers === 0)) return;
    this.servingDirty[s] = 1;
    this.ownChanged[s] = 1;
    if (servers === 0) this.successRatio[group] = 0;
  }

  /** A service's clusters whose pool has servers, ascending (rebuilt when one gained or lost them). */
  private servingClusters(s: number): Int32Array {
    const C = this.clusterCount;
    if (this.servingDirty[s] === 1) {
      let n = 0;
      for (let c = 0; c < C; c++) if (this.poolServers[s * C + c] !== 0) this.serving[s * C + n++] = c;
      this.servingCount[s] = n;
      this.servingDirty[s] = 0;
    }
    return this.serving.subarray(s * C, s * C + this.servingCount[s]);
  }

  /** Note that (s, c) is offered load in the current flow (once per flow: receivedStamp). */
  private listReceived(s: number, c: number): void {
    const C = this.clusterCount;
    this.receivedStamp[s * C + c] = this.flowStamp;
    this.received[s * C + this.receivedCount[s]++] = c;
  }

  /** A group's ready or lost count changed: the next fleet-wide pass visits its pool. */
  podsChanged(group: number): void {
    const s = Math.floor(group / this.clusterCount);
    if (this.changedGroupStamp[group] === this.changedStamp) return;
    this.changedGroupStamp[group] = this.changedStamp;
    this.changedGroups[s * this.clusterCount + this.changedGroupCount[s]++] = group - s * this.clusterCount;
  }

  /** Impairments changed in these clusters (TrafficImpairments.set): the next fleet-wide pass visits their pools. */
  impairmentsChanged(clusters: readonly number[]): void {
    for (const c of clusters) this.impairedCluster[c] = this.changedStamp;
    this.reportedImpairmentsVersion = this.impairments.version;
  }

  /** One pool in a pass: its state, failures, rates and the calls it sends on (see forward). */
  private poolAt(s: number, c: number, dataplaneUp: Uint8Array, tally: LoadTally, idlePools: IdlePools, final: boolean, skipSettled: boolean): void {
    const { services, state, clusterCount, offeredPerS, impairments } = this;
    const group = s * clusterCount + c;
    const offered = offeredPerS[group];
    const up = dataplaneUp[c] === 1;
    const extraLatencyS = impairments.extraLatencyS[group];
    const serversPerPod = services.serversPerPod[s];
    // An idle pool that was idle in the last pass, with the same servers and added latency, would be
    // written what it already holds: skipped. Most pools of a segmented fleet are idle (a service runs
    // in few of the clusters). Not with queues to drain (backlogs, async calls).
    if (skipSettled && offered <= 0 && this.idleSettled[group] === 1 && this.idleExtraLatencyS[group] === extraLatencyS) {
      const ready = up ? state.ready[group] : 0;
      if (ready === 0 ? this.poolServers[group] === 0 : this.poolServers[group] === impairments.servingPods(group, ready) * serversPerPod) return;
    }
    // Crash-looping pods of a bad change are not ready: they leave the pool (none in normal running).
    const servers = up ? impairments.servingPods(group, state.ready[group]) * serversPerPod : 0;
    const pool = this.pools[group];
    if (this.writtenMark[group] !== this.writtenEpoch) {
      this.writtenMark[group] = this.writtenEpoch;
      this.written[this.writtenCount++] = group;
    }
    pool.extraLatencyS = extraLatencyS;
    if (offered <= 0 && idlePools === 'keepWaits') {
      pool.offeredPerS = 0;
      pool.admittedPerS = 0;
      pool.servers = servers;
      this.setServers(group, s, servers);
      this.deadEndpointShare[group] = 0;
      this.noteOwnSuccess(group, s);
      this.idleSettled[group] = 1;
      this.idleExtraLatencyS[group] = extraLatencyS;
      if (this.idleWaits !== null) this.adoptIdleWaits(group);
      this.addends.idle(group);
      // A queue it still has drains at its capacity.
      if (final && this.poolBacklogs.queueing) this.idleBacklog(group, s, servers);
      this.drainIdleQueues(s, c);
      return;
    }
    this.idleSettled[group] = 0;
    this.active[s * clusterCount + this.activeCount[s]++] = c;
    const deadShare = up && state.lost[group] > 0 ? this.deadEndpoints.share(group) : 0;
    this.deadEndpointShare[group] = deadShare;
    // With retries the pool's load and failures follow its requests' attempts (retryingPool);
    // with timeouts or a queueing shedding policy, solved with its waits (policyPool).
    const retrying = services.retry !== undefined || this.poolBacklogs.queueing;
    if (this.policyPath(s)) this.policyPool(group, s, offered, deadShare, servers, tally, final);
    else if (retrying) this.retryingPool(group, s, offered, deadShare, servers, tally);
    else poolState(offered * (1 - deadShare), servers, services.heldConcurrency ? this.holdingS[group] : services.meanServiceS[s], services.serviceTimeScv[s], pool, this.maxUtilization());
    this.setServers(group, s, pool.servers);
    this.noteOwnSuccess(group, s);
    // Its waits are computed anew: the latest its group has (see idleWaits).
    if (this.idleWaits !== null) this.idleWaitsStamp[group] = this.idleWaits.record(group, this);
    if (offered <= 0) {
      this.drainIdleQueues(s, c);
      return;
    }
    if (!retrying) this.tallyPool(group, offered, deadShare, servers, tally);
    if (pool.utilization > this.peakUtilization[c]) this.peakUtilization[c] = pool.utilization;
    this.rates.servedPerS[c] += pool.admittedPerS;
    this.rates.logBytesPerS[c] += pool.admittedPerS * services.logBytesPerRequest[s];
    const residency = services.residencyAllowed[group] === 0 ? pool.admittedPerS : 0;
    if (services.residencyAllowed[group] === 0) tally.residency += residency;
    this.addends.residency(group, residency);
    this.sendCalls(s, c, pool.admittedPerS, tally);
  }

  /** A closed-form pool's failures into the tally, each addend kept for delta passes (0 where nothing is added). */
  private tallyPool(group: number, offered: number, deadShare: number, servers: number, tally: LoadTally): void {
    const admitted = this.pools[group].admittedPerS;
    let noReplica = 0;
    let deadEndpoint = 0;
    let shed = 0;
    let impaired = 0;
    if (servers === 0) tally.noReplica += noReplica = offered;
    else {
      tally.deadEndpoint += deadEndpoint = offered * deadShare;
      tally.shed += shed = offered * (1 - deadShare) - admitted;
      tally.impaired += impaired = admitted * this.impairments.errorRatio[group];
    }
    this.addends.busy(group, deadEndpoint, shed, impaired, noReplica);
  }

  /** What a pool that admitted `admittedPerS` sends its callees along the call routes, with the calls' bytes. */
  private sendCalls(s: number, c: number, admittedPerS: number, tally: LoadTally): void {
    const { services, network, clusterCount, offeredPerS, rates, impairments } = this;
    const calls = services.calls[s];
    for (let j = 0; j < calls.length; j++) {
      const call = calls[j];
      const callsPerS = admittedPerS * call.callsPerRequest;
      this.callsPerS[call.service * clusterCount + c] += callsPerS;
      // Most routes send every call to one cluster (weight 1): read from a typed array, not the route's objects.
      const single = call.mode === 'async' ? MULTI_TARGET : this.routes.singleTargetOf(call.service, c);
      if (single !== MULTI_TARGET) {
        this.calls.sentAll(call.service, c, single);
        this.sendTo(c, call.service, single, callsPerS, call.bytesPerCall, tally);
        continue;
      }
      const route = this.routes.routeOf(call.service, c);
      const targets = route.clusters;
      for (let i = 0; i < targets.length; i++) {
        const to = targets[i];
        this.calls.sentSome(c, to);
        const toPerS = callsPerS * route.weights[i];
        const toGroup = call.service * clusterCount + to;
        // An async call's messages reach the callee as its queue delivers them (asyncQueues.ts).
        offeredPerS[toGroup] += call.mode === 'async' ? this.asyncQueues.delivered(s, j, c, to, toPerS, route.weights[i]) : toPerS;
        if (this.receivedStamp[toGroup] !== this.flowStamp) this.listReceived(call.service, to);
        if (to !== c && impairments.clientErrorRatio[c] > 0) tally.impaired += toPerS * impairments.clientErrorRatio[c];
        const bytesPerS = toPerS * call.bytesPerCall;
        if (to === c) rates.interZoneBytesPerS[c] += bytesPerS * (1 - 1 / network.zonesInCluster[c]);
        else {
          // Another cluster: the call leaves through an east-west gateway, whichever region it is in.
          rates.crossClusterBytesPerS[c] += bytesPerS;
          if (network.regionOfCluster[to] === network.regionOfCluster[c]) rates.interZoneBytesPerS[c] += bytesPerS;
          else rates.interRegionBytesPerS[c] += bytesPerS;
        }
      }
    }
  }

  /** sendCalls for a synchronous call whose route sends everything to `to`: the same sums, in the same order. */
  private sendTo(c: number, service: number, to: number, toPerS: number, bytesPerCall: number, tally: LoadTally): void {
    const { network, rates, impairments } = this;
    const toGroup = service * this.clusterCount + to;
    this.offeredPerS[toGroup] += toPerS;
    if (this.receivedStamp[toGroup] !== this.flowStamp) this.listReceived(service, to);
    const bytesPerS = toPerS * bytesPerCall;
    if (to === c) {
      rates.interZoneBytesPerS[c] += bytesPerS * (1 - 1 / network.zonesInCluster[c]);
      return;
    }
    if (impairments.clientErrorRatio[c] > 0) tally.impaired += toPerS * impairments.clientErrorRatio[c];
    rates.crossClusterBytesPerS[c] += bytesPerS;
    if (network.regionOfCluster[to] === network.regionOfCluster[c]) rates.interZoneBytesPerS[c] += bytesPerS;
    else rates.interRegionBytesPerS[c] += bytesPerS;
  }

  /** Endpoints a pool lists (ready and dead-but-listed pods): what retries that avoid previous hosts choose among. */
  listedEndpoints(group: number): number {
    return this.state.ready[group] + this.state.lost[group];
  }

  /** A caller that receives nothing now still has its async queues drain into their callees. */
  private drainIdleQueues(s: number, c: number): void {
    const calls = this.services.calls[s];
    for (let j = 0; j < calls.length; j++) {
      const call = calls[j];
      if (call.mode !== 'async' || !this.asyncQueues.queued(s, j, c)) continue;
      const route = this.routes.routeOf(call.service, c);
      for (let i = 0; i < route.clusters.length; i++) {
        const to = route.clusters[i];
        this.offeredPerS[call.service * this.clusterCount + to] += this.asyncQueues.delivered(s, j, c, to, 0, route.weights[i]);
      }
    }
  }

  /**
   * A pool whose requests are retried (to another endpoint of the pool, services.retry): its pods see
   * the attempts, offered × attempts per request × (1 − dead share); its failures are the requests'
   * final outcomes (retryModel.ts). The attempts per request follow from the retried share before
   * shedding is known; when the pool sheds and impaired attempts are retried, a second pass reads
   * the shed share of the first (the load is then approximate, the outcome probabilities exact).
   */
  private retryingPool(group: number, s: number, offered: number, deadShare: number, servers: number, tally: LoadTally): void {
    const { services, impairments } = this;
    const retry = this.retryByService[s]!;
    const pool = this.pools[group];
    const out = this.retryOutcome;
    const error = impairments.errorRatio[group];
    const serviceS = services.heldConcurrency ? this.holdingS[group] : services.meanServiceS[s];
    // Endpoints listed: the ones a retry that avoids previous hosts chooses among.
    const listed = this.state.ready[group] + this.state.lost[group];
    const maxUtilization = this.maxUtilization();
    poolRetryOutcome(retry, deadShare, 0, error, out, listed);
    poolState(offered * out.liveAmplification, servers, serviceS, services.serviceTimeScv[s], pool, maxUtilization);
    let shedShare = pool.offeredPerS > 0 ? 1 - pool.admittedPerS / pool.offeredPerS : 0;
    if (shedShare > 0 && retry.retryImpaired && error > 0) {
      poolRetryOutcome(retry, deadShare, shedShare, error, out, listed);
      poolState(offered * out.liveAmplification, servers, serviceS, services.serviceTimeScv[s], pool, maxUtilization);
      shedShare = pool.offeredPerS > 0 ? 1 - pool.admittedPerS / pool.offeredPerS : 0;
    }
    poolRetryOutcome(retry, deadShare, shedShare, error, out, listed);
    if (offered <= 0) return;
    if (servers === 0) {
      // No endpoint to retry to: every attempt fails alike.
      tally.noReplica += offered;
      this.retriedLocalSuccess[group] = 0;
      return;
    }
    this.retriedLocalSuccess[group] = out.success;
    tally.deadEndpoint += offered * out.deadEndpoint;
    tally.shed += offered * out.shed;
    tally.impaired += offered * out.impaired;
  }

  /** The utilization shedding policy's threshold (pool.ts MAX_UTILIZATION by default). */
  private maxUtilization(): number {
    const shedding = this.poolBacklogs.shedding;
    return shedding.policy === 'utilization' ? shedding.maxUtilization : 1;
  }

  /**
   * A pool on the policy path: its attempts, sheds, timeouts and waits solved together. The
   * attempts per request (retryModel.ts timedPoolOutcome) follow from the shed and timed-out shares,
   * which follow from the pool's state under that load; from no shedding and no wait, the rounds
   * rise to the least fixed point (exact when the outcome does not feed back on the load). The pool's
   * state by shedding policy:
   * - utilization: the M/G/c pool refusing what exceeds maxUtilization of capacity (pool.ts);
   * - queueLength, none, with no backlog and less offered than capacity c = servers ÷ holding time:
   *   the M/M/c/K (pool.ts finiteQueuePoolState, K = servers + pods × maxQueuedPerPod) or M/G/c
   *   queue in steady state;
   * - otherwise overloaded (overload.ts): the pods serve at c, an arrival waits the backlog B ÷ c,
   *   arrivals are refused only when the queue is full (the share beyond c), and the backlog grows
   *   at what is admitted − c. Once a round finds the pool overloaded it stays so in this evaluation.
   * A served attempt times out when wait + service + added latency + its calls' time > T
   * (timeouts.ts timeoutShare); timed-out attempts keep their server busy all the same.
   */
  private policyPool(group: number, s: number, offered: number, deadShare: number, servers: number, tally: LoadTally, final: boolean): void {
    const { services, impairments, poolBacklogs } = this;
    const retry = this.retryByService[s] ?? NO_RETRY;
    const pool = this.pools[group];
    const out = this.retryOutcome;
    const error = impairments.errorRatio[group];
    const held = services.heldConcurrency;
    const serviceS = held ? this.holdingS[group] : services.meanServiceS[s];
    const scv = services.serviceTimeScv[s];
    const quantiles = services.serviceTimeQuantilesS[s];
    const listed = this.state.ready[group] + this.state.lost[group];
    // The fixed part of a served attempt's time besides its wait and own service time.
    const extraS = held ? this.holdingS[group] - services.meanServiceS[s] : pool.extraLatencyS + (this.timedCalls ? this.callS[group] : 0);
    const limitS = attemptLimitS(retry);
    const shedding = poolBacklogs.shedding;
    const queueing = shedding.policy !== 'utilization';
    const capacity = servers > 0 ? servers / serviceS : 0;
    const pods = servers / services.serversPerPod[s];
    const queueLimit = shedding.policy === 'queueLength' ? pods * shedding.maxQueuedPerPod : Number.POSITIVE_INFINITY;
    const backlog = queueing ? Math.min(poolBacklogs.backlogOf(group), queueLimit) : 0;
    let overloaded = queueing && backlog > 0;
    let shed = 0;
    let timedOut = timeoutShare(limitS, extraS, 0, 0, Number.POSITIVE_INFINITY, quantiles);
    let attempts = attemptsWithin(retry, serviceS + extraS);
    let x = 0;
    let lastShedStep = 0;
    let lastTimeoutStep = 0;
    // Whether `out` holds the outcome of the shares as they stand: a round that moved nothing leaves
    // it final (most pools: nothing shed, nothing timed out), and it need not be computed again.
    let current = false;
    for (let round = 0; round < MAX_POOL_ROUNDS; round++) {
      timedPoolOutcome(retry, deadShare, shed, error, timedOut, attempts, out, listed);
      x = offered * out.liveAmplification;
      let fixedWaitS = 0;
      let nextShed: number;
      if (queueing && !overloaded && x >= capacity) overloaded = true;
      if (!queueing) {
        poolState(x, servers, serviceS, scv, pool, shedding.maxUtilization);
        nextShed = x > 0 ? 1 - pool.admittedPerS / x : 0;
      } else if (!overloaded) {
        if (shedding.policy === 'queueLength') nextShed = finiteQueuePoolState(x, servers, queueLimit, serviceS, scv, pool);
        else {
          poolState(x, servers, serviceS, scv, pool, 1);
          nextShed = 0;
        }
      } else {
        fixedWaitS = capacity > 0 ? backlog / capacity : 0;
        nextShed = backlog >= queueLimit && x > capacity ? (x - capacity) / x : 0;
        this.overloadedPool(pool, x, servers, capacity, fixedWaitS);
      }
      const pWait = overloaded ? 0 : pool.pWait;
      const nextTimedOut = timeoutShare(limitS, extraS, fixedWaitS, pWait, pool.waitRatePerS, quantiles);
      const meanWaitS = fixedWaitS + (pWait > 0 && Number.isFinite(pool.waitRatePerS) ? pWait / pool.waitRatePerS : 0);
      const nextAttempts = attemptsWithin(retry, meanWaitS + serviceS + extraS);
      const shedStep = nextShed - shed;
      const timeoutStep = nextTimedOut - timedOut;
      const settled = Math.abs(shedStep) <= POOL_SETTLED && Math.abs(timeoutStep) <= POOL_SETTLED && nextAttempts === attempts;
      current = shedStep === 0 && timeoutStep === 0 && nextAttempts === attempts;
      // A share that overshoots (its step changed sign: more shed → fewer attempts → less shed)
      // is moved half way, which turns a slowly alternating iteration into a fast one.
      shed += shedStep * lastShedStep < 0 ? 0.5 * shedStep : shedStep;
      timedOut += timeoutStep * lastTimeoutStep < 0 ? 0.5 * timeoutStep : timeoutStep;
      lastShedStep = shedStep;
      lastTimeoutStep = timeoutStep;
      attempts = nextAttempts;
      if (settled) break;
    }
    if (!current) timedPoolOutcome(retry, deadShare, shed, error, timedOut, attempts, out, listed);
    this.shedShareOf[group] = shed;
    this.timeoutShareOf[group] = timedOut;
    if (final && queueing) {
      if (servers === 0) poolBacklogs.clear(group);
      else {
        const growth = overloaded ? offered * out.liveAmplification * (1 - shed) - capacity : 0;
        poolBacklogs.set(group, growth, capacity, queueLimit, limitS, offered * (1 - deadShare));
      }
    }
    this.tallyOutcome(group, offered, servers, tally);
  }

  /** A policy-path pool's requests by final outcome (retryOutcome as policyPool left it) into the tally. */
  private tallyOutcome(group: number, offered: number, servers: number, tally: LoadTally): void {
    const out = this.retryOutcome;
    if (offered <= 0) {
      this.retriedLocalSuccess[group] = servers === 0 ? 0 : out.success;
      return;
    }
    if (servers === 0) {
      tally.noReplica += offered;
      this.retriedLocalSuccess[group] = 0;
      return;
    }
    this.retriedLocalSuccess[group] = out.success;
    tally.deadEndpoint += offered * out.deadEndpoint;
    tally.shed += offered * out.shed;
    tally.impaired += offered * out.impaired;
    tally.timeout += offered * (out.timeout ?? 0);
  }

  /**
   * An overloaded pool's state: offered x attempts, its pods serving at capacity (admittedPerS is
   * what they serve), every server busy, and the backlog's wait written in the Erlang form (waits
   * with probability 1, mean fixedWaitS) for the readers that know only that form.
   */
  private overloadedPool(pool: PoolState, x: number, servers: number, capacity: number, fixedWaitS: number): void {
    pool.offeredPerS = x;
    pool.servers = servers;
    // With a backlog the pods serve at capacity; without one (just tipped over) what is offered, at most that.
    pool.admittedPerS = fixedWaitS > 0 ? capacity : Math.min(x, capacity);
    pool.utilization = capacity > 0 ? pool.admittedPerS / capacity : 0;
    pool.pWait = fixedWaitS > 0 ? 1 : 0;
    pool.waitRatePerS = fixedWaitS > 0 ? 1 / fixedWaitS : Number.POSITIVE_INFINITY;
  }

  /** An idle pool under a queueing policy (fleet-wide path): its backlog drains at its capacity. */
  private idleBacklog(group: number, s: number, servers: number): void {
    const serviceS = this.services.heldConcurrency ? this.holdingS[group] : this.services.meanServiceS[s];
    if (servers === 0) {
      this.poolBacklogs.clear(group);
      return;
    }
    const capacity = servers / serviceS;
    const shedding = this.poolBacklogs.shedding;
    const limit = shedding.policy === 'queueLength' ? (servers / this.services.serversPerPod[s]) * shedding.maxQueuedPerPod : Number.POSITIVE_INFINITY;
    const backlog = this.poolBacklogs.backlogOf(group);
    this.poolBacklogs.set(group, backlog > 0 ? -capacity : 0, capacity, limit, attemptLimitS(this.retryByService[s]), 0);
  }

  /**
   * Success probability of a request entering each pool, callees first: the pool's own (not a dead
   * endpoint, not shed) times, for each call, E[q^N] with q the route's delivered-and-succeeded share.
   */
  backward(clusters: ArrayLike<number>): void {
    const { services, network, clusterCount } = this;
    const errorRatio = this.impairments.errorRatio;
    const clientError = this.impairments.clientErrorRatio;
    const order = services.callersFirst;
    const success = this.successRatio;
    // Over the whole fleet only the pools with servers are visited: the others' success is 0 and was
    // set when they lost their last server (setServers).
    const serving = clusters.length === clusterCount && incremental.sparsePasses;
    const everything = !this.sparseBackwardAllowed(serving);
    const routes = this.routes;
    for (let ti = order.length - 1; ti >= 0; ti--) {
      const s = order[ti];
      const calls = services.calls[s];
      // Unless something it reads changed, a service's success is what the last pass computed.
      let dirty = everything || this.ownChanged[s] === 1;
      for (let j = 0; j < calls.length && !dirty; j++) {
        const callee = calls[j].service;
        if (calls[j].mode !== 'async' && (this.successChanged[callee] === 1 || routes.serviceDroppedAt[callee] > this.seenDrops)) dirty = true;
      }
      this.successChanged[s] = this.ownChanged[s];
      this.ownChanged[s] = 0;
      if (!dirty) continue;
      const list = serving ? this.servingClusters(s) : clusters;
      for (let k = 0; k < list.length; k++) {
        const c = list[k];
        const group = s * clusterCount + c;
        if (this.poolServers[group] === 0) {
          success[group] = 0;
          continue;
        }
        let p: number;
        if (services.retry !== undefined || this.poolBacklogs.queueing) p = this.offeredPerS[group] > 0 ? this.retriedLocalSuccess[group] : this.idleRetriedSuccess(group, s);
        else p = this.ownSuccessOf(group, errorRatio);
        for (let j = 0; j < calls.length; j++) {
          const call = calls[j];
          if (call.mode === 'async') continue; // the caller does not wait for it: its outcome is not the request's
          const route = this.routes.routeOf(call.service, c);
          let q = 0;
          const targets = route.clusters;
          for (let t = 0; t < targets.length; t++) {
            const to = targets[t];
            const delivered = to !== c && clientError[c] > 0 ? network.deliveredRatio(c, to) * (1 - clientError[c]) : network.deliveredRatio(c, to);
            q += route.weights[t] * delivered * success[call.service * clusterCount + to];
          }
          p *= callsSucceed(q, call.callsPerRequest);
        }
        if (success[group] !== p) this.successChanged[s] = 1;
        success[group] = p;
      }
    }
    this.backwardSeen = serving;
    this.seenDrops = routes.drops;
    this.seenAllDroppedAt = routes.allDroppedAt;
    this.seenImpairmentsVersion = this.impairments.version;
  }

  /**
   * Whether this backward pass may skip the services whose success cannot differ from the last
   * pass's: fleet-wide after a fleet-wide pass, on the closed-form path (no retries or queueing
   * policy, whose success reads more than the pool), with no impairment or every-route change
   * since. Then a service is recomputed when one of its pools' own success or servers changed, a
   * callee's success changed in this pass, or a callee's routes were dropped. A link change is one
   * of those drops: the success reads links only through routes that reach other regions, and
   * those are the routes a link change drops (CallRoutes.linkChanged).
   */
  private sparseBackwardAllowed(serving: boolean): boolean {
    if (!serving || !incremental.sparseBackward || !this.backwardSeen) return false;
    if (this.services.retry !== undefined || this.poolBacklogs.queueing) return false;
    return this.impairments.version === this.seenImpairmentsVersion && this.routes.allDroppedAt === this.seenAllDroppedAt;
  }

  /** A pool's own success: past its dead endpoints, its shedding and its injected errors (backward multiplies its calls' in). */
  private ownSuccessOf(group: number, errorRatio: Float64Array): number {
    const pool = this.pools[group];
    const offered = pool.offeredPerS;
    let p = (1 - this.deadEndpointShare[group]) * (offered > 0 ? pool.admittedPerS / offered : 1);
    if (errorRatio[group] > 0) p *= 1 - errorRatio[group];
    return p;
  }

  /** After a pass wrote a pool: note whether its own success changed (the next backward pass recomputes its service). */
  private noteOwnSuccess(group: number, s: number): void {
    const p = this.ownSuccessOf(group, this.impairments.errorRatio);
    if (p === this.ownSuccess[group]) return;
    this.ownSuccess[group] = p;
    this.ownChanged[s] = 1;
  }

  /** A pool that receives no traffic: what a request would meet there, retries included (nothing shed, no wait). */
  private idleRetriedSuccess(group: number, s: number): number {
    const listed = this.state.ready[group] + this.state.lost[group];
    const retry = this.retryByService[s] ?? NO_RETRY;
    const error = this.impairments.errorRatio[group];
    if (!this.policyPath(s)) return poolRetryOutcome(retry, this.deadEndpointShare[group], 0, error, this.retryOutcome, listed).success;
    const held = this.services.heldConcurrency;
    const serviceS = held ? this.holdingS[group] : this.services.meanServiceS[s];
    const extraS = held ? this.holdingS[group] - this.services.meanServiceS[s] : this.pools[group].extraLatencyS + (this.timedCalls ? this.callS[group] : 0);
    const timedOut = timeoutShare(attemptLimitS(retry), extraS, 0, 0, Number.POSITIVE_INFINITY, this.services.serviceTimeQuantilesS[s]);
    return timedPoolOutcome(retry, this.deadEndpointShare[group], 0, error, timedOut, attemptsWithin(retry, serviceS + extraS), this.retryOutcome, listed).success;
  }
}
