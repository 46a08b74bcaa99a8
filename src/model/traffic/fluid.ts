import type { Simulator } from '../../engine/simulator.js';
import { createStream } from '../../engine/rng.js';
import { LogHistogram } from '../../engine/stats/logHistogram.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { Design, Scenario } from '../../scenario/types.js';
import { rttMsBetweenClusters } from '../fleet/buildFleet.js';
import type { Fleet } from '../fleet/types.js';
import { globToRegExp } from '../placement/glob.js';
import type { RuntimeState } from '../runtime/state.js';
import { hourlyFactor, spikeFactorAt } from './demand.js';
import { IngressHealth } from './ingress.js';
import { QuantileTable, poolState, squaredCv, type PoolState } from './pool.js';
import type { TrafficOutcome, UserRegionTraffic } from './types.js';

const HOUR_S = 3600;
/** Latency samples per evaluation (Monte Carlo over the call tree) and quantile points kept. */
const LATENCY_SAMPLES = 8192;
const LATENCY_POINTS = 256;
/** Answer-set ties: clusters within this RTT of the nearest count as equally near. */
const NEAR_TIE_MS = 1;

export interface TrafficInput {
  readonly sim: Simulator;
  readonly st: RuntimeState;
  readonly fleet: Fleet;
  readonly scenario: Scenario;
  readonly design: Design;
  readonly seed: string | number;
  readonly replication: number;
  readonly horizonS: number;
  readonly warmupS: number;
  /** 1 when the cluster's data plane (load balancer, network) is reachable. */
  readonly dataplaneUp: (cluster: number) => boolean;
}

export interface Route {
  clusters: number[];
  weights: number[];
}

interface LatencyResult {
  readonly id: number;
  /** Quantile points of the latency of successful requests, seconds, ascending. */
  readonly points: Float64Array;
  readonly meanS: number;
}

/** Part of a region's successful traffic: its latency distribution, shifted by the user's RTT. */
interface LatencyPart {
  readonly result: LatencyResult;
  readonly rttS: number;
  readonly share: number;
}

/** What one cluster does with the traffic entering it (no mesh: its calls stay inside it). */
interface ClusterEval {
  /** Success probability of a request entering each service's pool. */
  readonly ok: Float64Array;
  readonly served: number;
  readonly logs: number;
  readonly interZone: number;
  readonly residency: number;
  readonly deadEndpoint: number;
  readonly shed: number;
  readonly noReplica: number;
  readonly peakUtil: number;
  /** Server-side latency per entry service (null where nothing enters). */
  readonly latency: (LatencyResult | null)[];
}

/**
 * The fluid traffic model. Between state changes every service pool is a queue in steady state and
 * demand is a rate; at each change the model closes the elapsed interval (requests, failures,
 * latency, bytes) and re-evaluates routing, loads and success probabilities. A year of traffic costs
 * per state change, not per request.
 */
export class FluidTraffic {
  private readonly in: TrafficInput;
  private readonly S: number;
  private readonly C: number;
  private readonly U: number;
  private readonly sim: Simulator;
  private readonly st: RuntimeState;
  readonly ingress: IngressHealth;

  // Static per service.
  private readonly meanServiceS: Float64Array;
  private readonly scv: Float64Array;
  private readonly serviceQuantiles: QuantileTable[];
  private readonly concurrency: Int32Array;
  private readonly calls: Array<Array<{ to: number; n: number; bytes: number }>>;
  private readonly topo: number[];
  private readonly logBytes: Float64Array;
  private readonly responseBytes: Float64Array;
  private readonly residencyOk: Uint8Array; // per (service, cluster): 1 = allowed there
  // Static per user region.
  private readonly entry: Int32Array;
  private readonly userRttMs: Float64Array; // U × C
  private readonly clusterRttMs: Float64Array; // C × C (base)
  private readonly clusterRegion: Int32Array;
  private readonly clusterZones: Int32Array;
  private readonly mesh: Design['traffic']['mesh'];

  // Dynamic state.
  private readonly linkPartitionedSince: Float64Array;
  private readonly linkExtraMs: Float64Array;
  private readonly linkLoss: Float64Array;
  private readonly lostSinceS: Float64Array; // per group: when lost went from 0 to > 0
  private readonly answer: Route[];
  private readonly staleCohort: Array<{ route: Route; sinceS: number } | null>;

  // Evaluation results (valid from lastEvalS on).
  private lastEvalS: number;
  private dirtyQueued = false;
  private readonly lam: Float64Array; // offered per group
  private readonly pools: PoolState[];
  private readonly ok: Float64Array; // success probability of a request entering (s, c)
  private readonly bh: Float64Array;
  private readonly routes: (Route | null)[]; // per (callee service, caller cluster)
  private readonly rateU: Float64Array;
  private readonly pCur: Float64Array;
  private readonly pStale: Float64Array;
  private readonly latencyMix: LatencyPart[][];
  private readonly latencyCache: Map<number, LatencyResult>[];
  /** Per region: accumulated successful requests per (latency result, RTT shift). */
  private readonly latencyWeights: Map<number, { result: LatencyResult; rttS: number; weight: number }>[];
  private nextLatencyId = 0;
  // Per-cluster evaluation (designs without a mesh).
  private readonly perCluster: boolean;
  private readonly clusterHash1: Int32Array;
  private readonly clusterHash2: Int32Array;
  private readonly lastReady: Int32Array;
  private readonly lastLost: Int32Array;
  private readonly clusterSignature: Float64Array;
  private readonly clusterCache = new Map<number, ClusterEval>();
  private readonly clusterEval: (ClusterEval | null)[];
  private readonly entryRate: Float64Array;
  private readonly entryServices: number[];
  /** Answers and health truths need recomputing (an entry's pods, a view, the data plane changed). */
  private routingDirty = true;
  private readonly isEntry: Uint8Array;
  private readonly lastEntryRate: Float64Array;
  private causeRates = { unroutable: 0, deadEndpoint: 0, shed: 0, noReplica: 0 };
  private interZoneRate = new Float64Array(0);
  private interRegionRate = new Float64Array(0);
  private internetRate = new Float64Array(0);
  private servedRate = new Float64Array(0);
  private logRate = new Float64Array(0);
  private residencyRate = 0;
  private readonly seeds: Uint32Array[];
  private readonly clusterSeeds: Uint32Array;
  /** One reusable "stay in this cluster" route per cluster. */
  private readonly localRoutes: Route[];
  /** Visit marks for the latency fingerprint (stamp = the current visit). */
  private readonly visitStamp: Int32Array;
  private stamp = 0;

  // Accumulated (after warm-up).
  private readonly requests: Float64Array;
  private readonly failed: Float64Array;
  private readonly causes = { unroutable: 0, deadEndpoint: 0, shed: 0, noReplica: 0 };
  private readonly interZoneBytes: Float64Array;
  private readonly interRegionBytes: Float64Array;
  private readonly internetBytes: Float64Array;
  private readonly served: Float64Array;
  private readonly logs: Float64Array;
  private readonly peakUtil: Float64Array;
  private residency = 0;
  private sloViolationS = 0;
  private readonly ACCOUNT: number;
  private readonly sloTarget: number;
  latencyEvaluations = 0;
  evaluations = 0;

  constructor(input: TrafficInput) {
    this.in = input;
    const { fleet, scenario, st, sim } = input;
    this.sim = sim;
    this.st = st;
    const services = scenario.workload.services;
    const S = (this.S = services.length);
    const C = (this.C = fleet.clusters.length);
    const users = scenario.workload.userRegions;
    const U = (this.U = users.length);
    const index = new Map(services.map((s, i) => [s.name, i]));
    const dists = services.map((s) => toDistribution(s.serviceTime));
    this.meanServiceS = Float64Array.from(dists, (d) => d.mean());
    this.scv = Float64Array.from(dists, (d) => squaredCv(d));
    this.serviceQuantiles = dists.map((d) => new QuantileTable(d));
    this.concurrency = Int32Array.from(services, (s) => s.concurrencyPerPod);
    this.calls = services.map((s) => s.calls.map((k) => ({ to: index.get(k.service)!, n: k.callsPerRequest, bytes: k.requestBytes + k.responseBytes })));
    this.logBytes = Float64Array.from(services, (s) => s.logBytesPerRequest);
    this.responseBytes = Float64Array.from(services, (s) => s.responseBytes);
    this.topo = topologicalOrder(this.calls);
    this.clusterRegion = Int32Array.from(fleet.clusters, (c) => c.regionId);
    this.clusterZones = Int32Array.from(fleet.clusters, (c) => c.zoneIds.length);
    this.mesh = input.design.traffic.mesh;

    // Residency: a service's data class (or its policy's residency) names the regions its data may be in.
    this.residencyOk = new Uint8Array(S * C).fill(1);
    const policyBy = new Map(input.design.policies.map((p) => [p.service, p]));
    services.forEach((s, i) => {
      const res = policyBy.get(s.name)?.residency;
      if (!res) return;
      const patterns = res.allowedRegions.map(globToRegExp);
      for (let c = 0; c < C; c++) {
        const region = fleet.regions[fleet.clusters[c].regionId].name;
        if (!patterns.some((p) => p.test(region))) this.residencyOk[i * C + c] = 0;
      }
    });

    this.entry = Int32Array.from(users, (u) => index.get(u.entryService)!);
    this.userRttMs = new Float64Array(U * C);
    // The loader resolves every user region's RTT to every topology region (from `near` plus its
    // access RTT, or given explicitly), also when `near` names a region outside the topology.
    users.forEach((u, i) => {
      for (let c = 0; c < C; c++) {
        const regionName = fleet.regions[fleet.clusters[c].regionId].name;
        this.userRttMs[i * C + c] = u.rttMsByRegion[regionName] ?? Number.POSITIVE_INFINITY;
      }
    });
    this.clusterRttMs = new Float64Array(C * C);
    for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) this.clusterRttMs[a * C + b] = rttMsBetweenClusters(fleet, a, b);

    this.linkPartitionedSince = new Float64Array(fleet.links.length).fill(Number.NaN);
    this.linkExtraMs = new Float64Array(fleet.links.length);
    this.linkLoss = new Float64Array(fleet.links.length);
    this.lostSinceS = new Float64Array(S * C).fill(Number.NaN);
    this.answer = Array.from({ length: U }, () => ({ clusters: [], weights: [] }));
    this.staleCohort = Array.from({ length: U }, () => null);

    const ingressPolicy = input.design.traffic.ingress;
    this.ingress = new IngressHealth(
      sim,
      ingressPolicy,
      S * C,
      createStream(input.seed, input.replication, 'traffic/healthCheckPhases'),
      ingressPolicy.kind === 'dns' ? toDistribution(ingressPolicy.clientOvershoot) : undefined,
    );
    this.ingress.onViewChange = () => {
      this.routingDirty = true;
      this.markDirty();
    };

    this.lam = new Float64Array(S * C);
    this.pools = Array.from({ length: S * C }, () => ({ offeredPerS: 0, admittedPerS: 0, servers: 0, utilization: 0, pWait: 0, waitRatePerS: Infinity }));
    this.ok = new Float64Array(S * C);
    this.bh = new Float64Array(S * C);
    this.routes = new Array(S * C).fill(null);
    this.rateU = new Float64Array(U);
    this.pCur = new Float64Array(U);
    this.pStale = new Float64Array(U);
    this.latencyMix = Array.from({ length: U }, () => []);
    this.latencyCache = Array.from({ length: U + 1 }, () => new Map());
    this.latencyWeights = Array.from({ length: U }, () => new Map());
    this.perCluster = this.mesh === undefined;
    this.clusterHash1 = new Int32Array(C);
    this.clusterHash2 = new Int32Array(C);
    this.lastReady = new Int32Array(S * C);
    this.lastLost = new Int32Array(S * C);
    for (let g = 0; g < S * C; g++) this.hashGroup(g, st.ready[g], st.lost[g]);
    this.clusterEval = new Array(C).fill(null);
    this.entryRate = new Float64Array(S * C);
    this.entryServices = [...new Set(Array.from(this.entry))].sort((a, b) => a - b);
    this.isEntry = new Uint8Array(S);
    for (const e of this.entryServices) this.isEntry[e] = 1;
    this.lastEntryRate = new Float64Array(S * C).fill(Number.NaN);
    // What makes two clusters' evaluations interchangeable besides their pods: their own RTT,
    // zones and which services' data may live there.
    this.clusterSignature = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      let h = Math.imul(this.clusterZones[c] + 1, 0x9e3779b1);
      for (let i = 0; i < S; i++) h = Math.imul(h ^ this.residencyOk[i * C + c], 0x85ebca6b) ^ i;
      this.clusterSignature[c] = (h >>> 0) * 4096 + Math.round(this.clusterRttMs[c * C + c] * 1000);
    }
    this.interZoneRate = new Float64Array(C);
    this.interRegionRate = new Float64Array(C);
    this.internetRate = new Float64Array(C);
    this.servedRate = new Float64Array(C);
    this.logRate = new Float64Array(C);
    // Latency Monte Carlo: fixed per-sample seeds from a named stream, reused at every evaluation so
    // that designs and states are compared on the same draws.
    this.seeds = users.map((u) => {
      const rng = createStream(input.seed, input.replication, `traffic/latency/${u.name}`);
      return Uint32Array.from({ length: LATENCY_SAMPLES }, () => (rng.next() * 0x100000000) >>> 0 || 1);
    });

    this.localRoutes = Array.from({ length: C }, (_, c) => ({ clusters: [c], weights: [1] }));
    const clusterRng = createStream(input.seed, input.replication, 'traffic/latency/clusters');
    this.clusterSeeds = Uint32Array.from({ length: LATENCY_SAMPLES }, () => (clusterRng.next() * 0x100000000) >>> 0 || 1);
    this.visitStamp = new Int32Array(S * C);
    this.requests = new Float64Array(U);
    this.failed = new Float64Array(U);
    this.interZoneBytes = new Float64Array(C);
    this.interRegionBytes = new Float64Array(C);
    this.internetBytes = new Float64Array(C);
    this.served = new Float64Array(C);
    this.logs = new Float64Array(C);
    this.peakUtil = new Float64Array(C);
    this.sloTarget = scenario.run.slo?.availabilityRatio ?? Number.NaN; // no SLO: no budget to burn

    this.ACCOUNT = sim.register('traffic/account', () => this.account());
    const HOUR = sim.register('traffic/demandChange', () => {
      this.markDirty();
      if (sim.now + HOUR_S < input.horizonS) sim.after(HOUR_S, HOUR, 0);
    });
    sim.at(HOUR_S, HOUR, 0);
    for (const u of users) for (const s of u.spikes) for (const t of [s.atS, s.atS + s.forS]) if (t > 0 && t < input.horizonS) sim.at(t, HOUR, 0);
    const WARMUP = sim.register('traffic/warmup', () => this.resetAccounting());
    if (input.warmupS > 0) sim.at(input.warmupS, WARMUP, 0);
    this.lastEvalS = 0;
    this.evaluate();
  }

  // ---- inputs from the runtime ----------------------------------------------------------------

  /** A group's ready or lost count changed. */
  groupChanged(service: number, cluster: number): void {
    const g = service * this.C + cluster;
    this.hashGroup(g, this.lastReady[g], this.lastLost[g]); // XOR out the old counts
    this.hashGroup(g, this.st.ready[g], this.st.lost[g]); // and in the new
    this.clusterEval[cluster] = null;
    if (this.isEntry[service] === 1) this.routingDirty = true;
    const lost = this.st.lost[g];
    if (lost > 0 && Number.isNaN(this.lostSinceS[g])) this.lostSinceS[g] = this.sim.now;
    else if (lost === 0) this.lostSinceS[g] = Number.NaN;
    this.markDirty();
  }

  /** Order-independent hash of a cluster's pod counts, updated in O(1) per change. */
  private hashGroup(g: number, ready: number, lost: number): void {
    const c = g % this.C;
    const s = (g - c) / this.C;
    let h = Math.imul(s + 1, 0x9e3779b1) ^ Math.imul(ready + 1, 0x85ebca6b) ^ Math.imul(lost + 7, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    this.clusterHash1[c] ^= h;
    this.clusterHash2[c] ^= Math.imul(h ^ (h >>> 15), 0x846ca68b) + s;
    this.lastReady[g] = ready;
    this.lastLost[g] = lost;
  }

  /** A region link was partitioned or degraded (active) or healed. */
  setLink(linkId: number, mode: 'partition' | 'degrade', extraLatencyMs: number, lossRatio: number, active: boolean): void {
    if (mode === 'partition') this.linkPartitionedSince[linkId] = active ? this.sim.now : Number.NaN;
    else {
      this.linkExtraMs[linkId] = active ? extraLatencyMs : 0;
      this.linkLoss[linkId] = active ? lossRatio : 0;
    }
    this.markDirty();
  }

  /** A cluster's data plane went down or came back: routing must be recomputed. */
  dataplaneChanged(): void {
    this.routingDirty = true;
    this.clusterEval.fill(null);
    this.markDirty();
  }

  markDirty(): void {
    this.dirtyVersion++;
    if (this.dirtyQueued) return;
    this.dirtyQueued = true;
    // Same instant, after whatever else happens now: one evaluation per instant.
    this.sim.after(0, this.ACCOUNT, 0);
  }

  // ---- routing, shared with the request-level mode ------------------------------------------------

  /** Where user region u's new clients go, and the share still on a stale cached answer (and where). */
  userRouting(u: number): { route: Route; staleShare: number; staleRoute: Route | null } {
    const cohort = this.staleCohort[u];
    const share = cohort ? this.ingress.staleAt(this.sim.now - cohort.sinceS) : 0;
    return { route: this.answer[u], staleShare: share, staleRoute: cohort ? cohort.route : null };
  }

  /** Where a call from `fromCluster` to `service` goes (valid until the next evaluation). */
  routeOfCall(service: number, fromCluster: number): Route {
    return this.callRoute(service, fromCluster);
  }

  /** Share of a pool's traffic that hits dead-but-listed endpoints right now. */
  blackholeShare(service: number, cluster: number): number {
    return this.blackhole(service * this.C + cluster);
  }

  /** Whether a call between two clusters crosses a partitioned link, and its loss ratio. */
  linkState(fromCluster: number, toCluster: number): { partitioned: boolean; lossRatio: number } {
    const link = this.linkBetween(fromCluster, toCluster);
    if (link < 0) return { partitioned: false, lossRatio: 0 };
    return { partitioned: !Number.isNaN(this.linkPartitionedSince[link]), lossRatio: this.linkLoss[link] };
  }

  clusterRttS(a: number, b: number): number {
    return this.rttMs(a, b) / 1000;
  }

  userRttS(u: number, c: number): number {
    return this.userRttMs[u * this.C + c] / 1000;
  }

  entryOf(u: number): number {
    return this.entry[u];
  }

  /** Success ratio right now, over all user regions (demand-weighted). */
  currentSuccessRatio(): number {
    // Something changed at this instant but its evaluation is still queued: do it now.
    if (this.dirtyQueued && this.evaluatedVersion !== this.dirtyVersion) this.account();
    let req = 0;
    let ok = 0;
    const now = this.sim.now;
    for (let u = 0; u < this.U; u++) {
      const cohort = this.staleCohort[u];
      const stale = cohort ? this.ingress.staleAt(now - cohort.sinceS) : 0;
      req += this.rateU[u];
      ok += this.rateU[u] * ((1 - stale) * this.pCur[u] + stale * this.pStale[u]);
    }
    return req > 0 ? ok / req : 1;
  }

  // ---- accounting -----------------------------------------------------------------------------

  private dirtyVersion = 0;
  private evaluatedVersion = -1;

  private account(): void {
    this.dirtyQueued = false;
    if (this.evaluatedVersion === this.dirtyVersion) return; // already done early, for a sample
    this.evaluatedVersion = this.dirtyVersion;
    this.close(this.sim.now);
    this.evaluate();
  }

  /** Add the interval [lastEvalS, nowS) at the rates of the last evaluation. */
  private close(nowS: number): void {
    const a = this.lastEvalS;
    const dt = nowS - a;
    if (dt <= 0) return;
    let req = 0;
    let bad = 0;
    for (let u = 0; u < this.U; u++) {
      const lambda = this.rateU[u];
      const cohort = this.staleCohort[u];
      const staleS = cohort ? this.ingress.staleIntegral(a - cohort.sinceS, nowS - cohort.sinceS) : 0;
      const r = lambda * dt;
      const f = lambda * ((dt - staleS) * (1 - this.pCur[u]) + staleS * (1 - this.pStale[u]));
      this.requests[u] += r;
      this.failed[u] += f;
      if (staleS > 0) this.causes.unroutable += lambda * staleS * (1 - this.pStale[u]);
      const ok = r - f;
      if (ok > 0) {
        const acc = this.latencyWeights[u];
        for (const part of this.latencyMix[u]) {
          const key = part.result.id * 1e7 + Math.round(part.rttS * 1e6);
          const entry = acc.get(key);
          if (entry) entry.weight += ok * part.share;
          else acc.set(key, { result: part.result, rttS: part.rttS, weight: ok * part.share });
        }
      }
      req += r;
      bad += f;
    }
    const causeTotal = this.causeRates.unroutable + this.causeRates.deadEndpoint + this.causeRates.shed + this.causeRates.noReplica;
    if (causeTotal > 0) {
      // Attribute the interval's failures (outside the stale share) in proportion to where they arise.
      let staleFail = 0;
      for (let u = 0; u < this.U; u++) {
        const cohort = this.staleCohort[u];
        if (cohort) staleFail += this.rateU[u] * this.ingress.staleIntegral(a - cohort.sinceS, nowS - cohort.sinceS) * (1 - this.pStale[u]);
      }
      const rest = Math.max(0, bad - staleFail);
      this.causes.unroutable += (rest * this.causeRates.unroutable) / causeTotal;
      this.causes.deadEndpoint += (rest * this.causeRates.deadEndpoint) / causeTotal;
      this.causes.shed += (rest * this.causeRates.shed) / causeTotal;
      this.causes.noReplica += (rest * this.causeRates.noReplica) / causeTotal;
    }
    if (req > 0 && 1 - bad / req < this.sloTarget) this.sloViolationS += dt;
    for (let c = 0; c < this.C; c++) {
      this.interZoneBytes[c] += this.interZoneRate[c] * dt;
      this.interRegionBytes[c] += this.interRegionRate[c] * dt;
      this.internetBytes[c] += this.internetRate[c] * dt;
      this.served[c] += this.servedRate[c] * dt;
      this.logs[c] += this.logRate[c] * dt;
    }
    this.residency += this.residencyRate * dt;
    this.lastEvalS = nowS;
  }

  private resetAccounting(): void {
    this.close(this.sim.now);
    this.requests.fill(0);
    this.failed.fill(0);
    for (const k of Object.keys(this.causes) as Array<keyof typeof this.causes>) this.causes[k] = 0;
    for (const arr of [this.interZoneBytes, this.interRegionBytes, this.internetBytes, this.served, this.logs, this.peakUtil]) arr.fill(0);
    this.residency = 0;
    this.sloViolationS = 0;
    for (const acc of this.latencyWeights) acc.clear();
    this.markDirty(); // re-evaluate now, so peaks and rates restart from the current state
  }

  // ---- evaluation -------------------------------------------------------------------------------

  private linkBetween(a: number, b: number): number {
    const ra = this.clusterRegion[a];
    const rb = this.clusterRegion[b];
    if (ra === rb) return -1;
    const f = this.in.fleet;
    return f.linkIdByRegions[ra * f.regions.length + rb];
  }

  /** Share of a pool's listed endpoints that swallow requests (dead but still listed). */
  private blackhole(g: number): number {
    const st = this.st;
    const listed = st.ready[g] + st.lost[g];
    if (listed === 0) return 0;
    const share = st.lost[g] / listed;
    if (this.mesh === undefined || share === 0) return share;
    // Mesh outlier detection ejects dead endpoints after an interval, up to maxEjectionPercent.
    const od = this.mesh.outlierDetection;
    if (this.sim.now - this.lostSinceS[g] < od.intervalS) return share;
    return Math.max(0, share - od.maxEjectionPercent / 100);
  }

  /** Where calls from cluster `from` to `service` go. */
  private callRoute(service: number, from: number): Route {
    const g = service * this.C + from;
    const cached = this.routes[g];
    if (cached !== null) return cached;
    const st = this.st;
    const C = this.C;
    let route: Route;
    if (this.mesh === undefined) {
      // Plain Kubernetes Services: calls stay in the caller's cluster.
      route = this.localRoutes[from];
    } else {
      route = { clusters: [], weights: [] };
      const od = this.mesh.outlierDetection;
      for (const level of this.mesh.localityOrder) {
        let total = 0;
        for (let c = 0; c < C; c++) {
          if (level === 'zone' && c !== from) continue;
          if (level === 'region' && this.clusterRegion[c] !== this.clusterRegion[from]) continue;
          const ready = st.ready[service * C + c];
          if (ready === 0 || !this.in.dataplaneUp(c)) continue;
          const link = this.linkBetween(from, c);
          // Across a partition calls fail until outlier detection ejects the unreachable endpoints.
          if (link >= 0 && !Number.isNaN(this.linkPartitionedSince[link]) && this.sim.now - this.linkPartitionedSince[link] >= od.intervalS) continue;
          route.clusters.push(c);
          route.weights.push(ready);
          total += ready;
        }
        if (total > 0) {
          for (let i = 0; i < route.weights.length; i++) route.weights[i] /= total;
          break;
        }
      }
      if (route.clusters.length === 0) route = { clusters: [from], weights: [1] }; // nowhere healthy: calls fail locally
    }
    this.routes[g] = route;
    return route;
  }

  /** Pick the user region's answer set (nearest healthy clusters running its entry service). */
  private updateAnswer(u: number): void {
    const e = this.entry[u];
    const C = this.C;
    const st = this.st;
    const candidates: number[] = [];
    for (let c = 0; c < C; c++) if (st.desired[e * C + c] > 0 || st.ready[e * C + c] > 0) candidates.push(c);
    let inView = candidates.filter((c) => this.ingress.inView[e * C + c] === 1);
    if (inView.length === 0) inView = candidates; // every record unhealthy: DNS and LBs fail open
    let best = Number.POSITIVE_INFINITY;
    for (const c of inView) best = Math.min(best, this.userRttMs[u * C + c]);
    const chosen = inView.filter((c) => this.userRttMs[u * C + c] <= best + NEAR_TIE_MS);
    const prev = this.answer[u];
    const same = prev.clusters.length === chosen.length && prev.clusters.every((c, i) => c === chosen[i]);
    if (same) return;
    const next = { clusters: chosen, weights: chosen.map(() => 1 / chosen.length) };
    // Clients that cached an answer now missing a cluster keep using it for their TTL (DNS only).
    const removed = prev.clusters.some((c) => !chosen.includes(c));
    if (removed && this.ingress.policy.kind === 'dns' && prev.clusters.length > 0) this.staleCohort[u] = { route: prev, sinceS: this.sim.now };
    this.answer[u] = next;
  }

  private evaluate(): void {
    this.evaluations++;
    const { st, S, C, U } = this;
    const now = this.sim.now;
    const users = this.in.scenario.workload.userRegions;
    const dataplane = new Uint8Array(C);
    for (let c = 0; c < C; c++) dataplane[c] = this.in.dataplaneUp(c) ? 1 : 0;
    // Health truth of each entry endpoint, for the checkers, and each region's answer.
    const routing = this.routingDirty || !this.perCluster;
    if (routing) {
      for (const e of this.entryServices) for (let c = 0; c < C; c++) this.ingress.setTruth(e * C + c, dataplane[c] === 1 && st.ready[e * C + c] > 0);
      this.routingDirty = false;
    }
    if (!this.perCluster) {
      this.routes.fill(null);
      this.lam.fill(0);
    }
    for (let u = 0; u < U; u++) {
      if (routing) this.updateAnswer(u);
      const cohort = this.staleCohort[u];
      if (cohort && now - cohort.sinceS >= this.ingress.staleHorizonS()) this.staleCohort[u] = null;
      const spec = users[u];
      this.rateU[u] = spec.ratePerS * hourlyFactor(now, spec.diurnal) * spikeFactorAt(now, spec.spikes);
    }
    if (this.perCluster) {
      this.evaluateByCluster(now, dataplane);
      return;
    }
    // Offered load: ingress first, then calls in topological order of the call graph.
    const causes = { unroutable: 0, deadEndpoint: 0, shed: 0, noReplica: 0 };
    for (let u = 0; u < U; u++) {
      const cohort = this.staleCohort[u];
      const stale = cohort ? this.ingress.staleAt(now - cohort.sinceS) : 0;
      const e = this.entry[u];
      const addRoute = (route: Route, share: number) => {
        route.clusters.forEach((c, i) => {
          const r = this.rateU[u] * share * route.weights[i];
          if (dataplane[c] === 0) causes.unroutable += r;
          else this.lam[e * C + c] += r;
        });
      };
      addRoute(this.answer[u], 1 - stale);
      if (cohort && stale > 0) addRoute(cohort.route, stale);
    }
    this.interZoneRate.fill(0);
    this.interRegionRate.fill(0);
    this.internetRate.fill(0);
    this.servedRate.fill(0);
    this.logRate.fill(0);
    this.residencyRate = 0;
    const topo = this.topo;
    for (let ti = 0; ti < topo.length; ti++) {
      const s = topo[ti];
      const calls = this.calls[s];
      for (let c = 0; c < C; c++) {
        const g = s * C + c;
        const offered = this.lam[g];
        const pool = this.pools[g];
        if (offered <= 0) {
          // No traffic: nothing reads this pool's state until a later evaluation routes some here.
          pool.offeredPerS = 0;
          pool.admittedPerS = 0;
          pool.servers = dataplane[c] === 1 ? st.ready[g] * this.concurrency[s] : 0;
          this.bh[g] = 0;
          continue;
        }
        const servers = dataplane[c] === 1 ? st.ready[g] * this.concurrency[s] : 0;
        const bh = dataplane[c] === 1 && st.lost[g] > 0 ? this.blackhole(g) : 0;
        this.bh[g] = bh;
        poolState(offered * (1 - bh), servers, this.meanServiceS[s], this.scv[s], pool);
        if (servers === 0) causes.noReplica += offered;
        else {
          causes.deadEndpoint += offered * bh;
          causes.shed += offered * (1 - bh) - pool.admittedPerS;
        }
        if (pool.utilization > this.peakUtil[c] && now >= this.in.warmupS) this.peakUtil[c] = pool.utilization;
        this.servedRate[c] += pool.admittedPerS;
        this.logRate[c] += pool.admittedPerS * this.logBytes[s];
        if (this.residencyOk[g] === 0) this.residencyRate += pool.admittedPerS;
        for (let j = 0; j < calls.length; j++) {
          const k = calls[j];
          const route = this.callRoute(k.to, c);
          const flow = pool.admittedPerS * k.n;
          const targets = route.clusters;
          for (let i = 0; i < targets.length; i++) {
            const to = targets[i];
            const f = flow * route.weights[i];
            this.lam[k.to * C + to] += f;
            const bytes = f * k.bytes;
            if (to === c) this.interZoneRate[c] += bytes * (1 - 1 / this.clusterZones[c]);
            else if (this.clusterRegion[to] === this.clusterRegion[c]) this.interZoneRate[c] += bytes;
            else this.interRegionRate[c] += bytes;
          }
        }
      }
    }
    this.causeRates = causes;
    // Success probability of a request entering (s, c), callees first.
    for (let i = topo.length - 1; i >= 0; i--) {
      const s = topo[i];
      const calls = this.calls[s];
      for (let c = 0; c < C; c++) {
        const g = s * C + c;
        const pool = this.pools[g];
        if (pool.servers === 0 || pool.offeredPerS <= 0) {
          this.ok[g] = pool.servers === 0 ? 0 : 1 - this.bh[g];
          if (pool.servers === 0 || calls.length === 0) continue;
        }
        const offered = pool.offeredPerS;
        let p = (1 - this.bh[g]) * (offered > 0 ? pool.admittedPerS / offered : 1);
        for (let j = 0; j < calls.length; j++) {
          const k = calls[j];
          const route = this.callRoute(k.to, c);
          let q = 0;
          const targets = route.clusters;
          for (let t = 0; t < targets.length; t++) {
            const to = targets[t];
            let pass = 1;
            if (to !== c) {
              const link = this.linkBetween(c, to);
              if (link >= 0) pass = Number.isNaN(this.linkPartitionedSince[link]) ? 1 - this.linkLoss[link] : 0;
            }
            q += route.weights[t] * pass * this.ok[k.to * C + to];
          }
          p *= callsSucceed(q, k.n);
        }
        this.ok[g] = p;
      }
    }
    for (let u = 0; u < U; u++) {
      const e = this.entry[u];
      this.pCur[u] = routeSuccess(this.answer[u], e, C, this.ok, dataplane);
      const cohort = this.staleCohort[u];
      this.pStale[u] = cohort ? routeSuccess(cohort.route, e, C, this.ok, dataplane) : 1;
      for (const c of this.answer[u].clusters) this.internetRate[c] += (this.rateU[u] * this.pCur[u] * this.responseBytes[e]) / this.answer[u].clusters.length;
      const lat = this.latency(u);
      this.latencyMix[u] = lat ? [{ result: lat, rttS: 0, share: 1 }] : [];
    }
    // Re-evaluate while DNS stale shares decay or ejections are pending, so loads follow them.
    this.scheduleFollowUps(now);
    this.lastEvalS = now;
  }


  // ---- per-cluster evaluation (no mesh: each cluster serves its entry traffic on its own) ---------

  /**
   * Without a mesh every call stays in the cluster that received the request, so a cluster's pools,
   * success probabilities and latency depend only on its own pods and the entry traffic it gets.
   * Each cluster is evaluated from those inputs and the result cached by their hash: a pod change
   * costs one cluster, a repeated state (yesterday's healthy 3 pm, an identical sibling cluster)
   * costs a lookup.
   */
  private evaluateByCluster(now: number, dataplane: Uint8Array): void {
    const { C, U } = this;
    const causes = { unroutable: 0, deadEndpoint: 0, shed: 0, noReplica: 0 };
    const rate = this.entryRate;
    for (const e of this.entryServices) for (let c = 0; c < C; c++) rate[e * C + c] = 0;
    for (let u = 0; u < U; u++) {
      const cohort = this.staleCohort[u];
      const stale = cohort ? this.ingress.staleAt(now - cohort.sinceS) : 0;
      const e = this.entry[u];
      const add = (route: Route, share: number) => {
        for (let i = 0; i < route.clusters.length; i++) {
          const c = route.clusters[i];
          const r = this.rateU[u] * share * route.weights[i];
          if (dataplane[c] === 0) causes.unroutable += r;
          else rate[e * C + c] += r;
        }
      };
      add(this.answer[u], 1 - stale);
      if (cohort && stale > 0) add(cohort.route, stale);
    }
    this.residencyRate = 0;
    for (let c = 0; c < C; c++) {
      this.interRegionRate[c] = 0;
      this.internetRate[c] = 0;
      if (dataplane[c] === 0) {
        this.clusterEval[c] = null;
        this.servedRate[c] = 0;
        this.logRate[c] = 0;
        this.interZoneRate[c] = 0;
        continue;
      }
      let ev: ClusterEval | undefined = this.clusterEval[c] ?? undefined;
      let same = ev !== undefined;
      for (const e of this.entryServices) {
        if (rate[e * C + c] !== this.lastEntryRate[e * C + c]) same = false;
        this.lastEntryRate[e * C + c] = rate[e * C + c];
      }
      if (!same || ev === undefined) {
        let h1 = this.clusterHash1[c];
        let h2 = this.clusterHash2[c];
        F64[0] = this.clusterSignature[c];
        h1 = Math.imul(h1 ^ U32[0], 0x01000193) ^ U32[1];
        h2 = Math.imul(h2 ^ U32[1], 0x5bd1e995) ^ U32[0];
        for (const e of this.entryServices) {
          F64[0] = rate[e * C + c];
          h1 = Math.imul(h1 ^ U32[0], 0x01000193) ^ U32[1];
          h2 = Math.imul(h2 ^ U32[1], 0x5bd1e995) ^ U32[0];
        }
        const key = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
        ev = this.clusterCache.get(key);
        if (ev === undefined) {
          ev = this.computeCluster(c);
          if (this.clusterCache.size > 200_000) this.clusterCache.clear();
          this.clusterCache.set(key, ev);
        }
      }
      this.clusterEval[c] = ev;
      this.servedRate[c] = ev.served;
      this.logRate[c] = ev.logs;
      this.interZoneRate[c] = ev.interZone;
      this.residencyRate += ev.residency;
      causes.deadEndpoint += ev.deadEndpoint;
      causes.shed += ev.shed;
      causes.noReplica += ev.noReplica;
      if (now >= this.in.warmupS && ev.peakUtil > this.peakUtil[c]) this.peakUtil[c] = ev.peakUtil;
    }
    this.causeRates = causes;
    for (let u = 0; u < U; u++) {
      const e = this.entry[u];
      const success = (route: Route) => {
        let p = 0;
        for (let i = 0; i < route.clusters.length; i++) {
          const ev = this.clusterEval[route.clusters[i]];
          if (ev !== null) p += route.weights[i] * ev.ok[e];
        }
        return p;
      };
      const answer = this.answer[u];
      this.pCur[u] = success(answer);
      const cohort = this.staleCohort[u];
      this.pStale[u] = cohort ? success(cohort.route) : 1;
      const parts: LatencyPart[] = [];
      for (let i = 0; i < answer.clusters.length; i++) {
        const c = answer.clusters[i];
        const ev = this.clusterEval[c];
        if (ev === null) continue;
        const okShare = answer.weights[i] * ev.ok[e];
        this.internetRate[c] += this.rateU[u] * okShare * this.responseBytes[e];
        const lat = ev.latency[e];
        if (lat !== null && okShare > 0 && this.pCur[u] > 0) parts.push({ result: lat, rttS: this.userRttMs[u * C + c] / 1000, share: okShare / this.pCur[u] });
      }
      this.latencyMix[u] = parts;
    }
    this.scheduleFollowUps(now);
    this.lastEvalS = now;
  }

  private localRate = new Float64Array(0);

  private computeCluster(c: number): ClusterEval {
    const { S, C, st, topo } = this;
    if (this.localRate.length !== S) this.localRate = new Float64Array(S);
    const lam = this.localRate;
    const ok = new Float64Array(S);
    lam.fill(0);
    for (const e of this.entryServices) lam[e] = this.entryRate[e * C + c];
    let served = 0;
    let logs = 0;
    let interZone = 0;
    let residency = 0;
    let deadEndpoint = 0;
    let shed = 0;
    let noReplica = 0;
    let peak = 0;
    const crossZone = 1 - 1 / this.clusterZones[c];
    for (let ti = 0; ti < topo.length; ti++) {
      const s = topo[ti];
      const g = s * C + c;
      const offered = lam[s];
      const servers = st.ready[g] * this.concurrency[s];
      const listed = st.ready[g] + st.lost[g];
      const bh = listed > 0 ? st.lost[g] / listed : 0;
      this.bh[g] = bh;
      const pool = poolState(offered * (1 - bh), servers, this.meanServiceS[s], this.scv[s], this.pools[g]);
      if (offered <= 0) continue;
      if (servers === 0) noReplica += offered;
      else {
        deadEndpoint += offered * bh;
        shed += offered * (1 - bh) - pool.admittedPerS;
      }
      if (pool.utilization > peak) peak = pool.utilization;
      served += pool.admittedPerS;
      logs += pool.admittedPerS * this.logBytes[s];
      if (this.residencyOk[g] === 0) residency += pool.admittedPerS;
      const calls = this.calls[s];
      for (let j = 0; j < calls.length; j++) {
        const f = pool.admittedPerS * calls[j].n;
        lam[calls[j].to] += f;
        interZone += f * calls[j].bytes * crossZone;
      }
    }
    for (let ti = topo.length - 1; ti >= 0; ti--) {
      const s = topo[ti];
      const g = s * C + c;
      const pool = this.pools[g];
      if (pool.servers === 0) {
        ok[s] = 0;
        continue;
      }
      let p = (1 - this.bh[g]) * (pool.offeredPerS > 0 ? pool.admittedPerS / pool.offeredPerS : 1);
      const calls = this.calls[s];
      for (let j = 0; j < calls.length; j++) p *= callsSucceed(ok[calls[j].to], calls[j].n);
      ok[s] = p;
    }
    const latency: (LatencyResult | null)[] = new Array(S).fill(null);
    for (const e of this.entryServices) if (lam[e] > 0 && ok[e] > 0) latency[e] = this.clusterLatency(e, c);
    return { ok, served, logs, interZone, residency, deadEndpoint, shed, noReplica, peakUtil: peak, latency };
  }

  /** Server-side latency of requests entering `entry` in cluster c (no user RTT), cached by a quantized fingerprint. */
  private clusterLatency(entry: number, c: number): LatencyResult | null {
    const C = this.C;
    let h1 = 0x811c9dc5 ^ entry;
    let h2 = 0x01000193;
    const mix = (x: number) => {
      F64[0] = x;
      h1 = Math.imul(h1 ^ U32[0], 0x01000193) ^ U32[1];
      h2 = Math.imul(h2 ^ U32[1], 0x5bd1e995) ^ U32[0];
    };
    mix(this.clusterRttMs[c * C + c]);
    for (let s = 0; s < this.S; s++) {
      const pool = this.pools[s * C + c];
      const step = Math.round(pool.pWait * 400);
      mix(step);
      mix(step > 0 ? Math.round(Math.log(pool.waitRatePerS) * 100) : -1);
    }
    const key = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
    const cache = this.latencyCache[this.U];
    const hit = cache.get(key);
    if (hit) return hit;
    this.latencyEvaluations++;
    const seeds = this.clusterSeeds;
    const samples = new Float64Array(LATENCY_SAMPLES);
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      rngState = seeds[i];
      samples[i] = this.sampleStage(entry, c, 0);
    }
    samples.sort();
    const points = new Float64Array(LATENCY_POINTS);
    let mean = 0;
    for (let i = 0; i < LATENCY_SAMPLES; i++) mean += samples[i];
    for (let j = 0; j < LATENCY_POINTS; j++) points[j] = samples[Math.min(LATENCY_SAMPLES - 1, Math.floor(((j + 0.5) / LATENCY_POINTS) * LATENCY_SAMPLES))];
    const result: LatencyResult = { id: this.nextLatencyId++, points, meanS: mean / LATENCY_SAMPLES };
    if (cache.size > 50_000) cache.clear();
    cache.set(key, result);
    return result;
  }

  private followUpAtS = Number.POSITIVE_INFINITY;
  private scheduleFollowUps(now: number): void {
    let next = Number.POSITIVE_INFINITY;
    const step = Math.max(1, this.ingress.ttlS / 4);
    for (const cohort of this.staleCohort) if (cohort) next = Math.min(next, now + step);
    if (this.mesh !== undefined) {
      const interval = this.mesh.outlierDetection.intervalS;
      for (const since of this.lostSinceS) if (!Number.isNaN(since) && since + interval > now) next = Math.min(next, since + interval);
      for (const since of this.linkPartitionedSince) if (!Number.isNaN(since) && since + interval > now) next = Math.min(next, since + interval);
    }
    if (next < this.in.horizonS && next < this.followUpAtS - 1e-9) {
      this.followUpAtS = next;
      const FOLLOW = this.followUpType();
      this.sim.at(next, FOLLOW, 0);
    }
  }

  private followType = -1;
  private followUpType(): number {
    if (this.followType < 0) {
      this.followType = this.sim.register('traffic/followUp', () => {
        this.followUpAtS = Number.POSITIVE_INFINITY;
        this.markDirty();
      });
    }
    return this.followType;
  }

  // ---- latency ----------------------------------------------------------------------------------

  /**
   * Latency of the region's successful requests under the current state, by Monte Carlo over its
   * call tree (fixed draws), cached by a fingerprint of everything it reads: a state seen before (a
   * healthy hour of yesterday) costs a lookup.
   */
  private latency(u: number): LatencyResult | null {
    const route = this.answer[u];
    const e = this.entry[u];
    const C = this.C;
    // Fingerprint: the answer, and for every pool reachable from it its wait parameters and routes.
    let h1 = 0x811c9dc5 ^ u;
    let h2 = 0x01000193;
    const stamp = ++this.stamp;
    const marks = this.visitStamp;
    const mix = (x: number) => {
      F64[0] = x;
      h1 = Math.imul(h1 ^ U32[0], 0x01000193) ^ U32[1];
      h2 = Math.imul(h2 ^ U32[1], 0x5bd1e995) ^ U32[0];
    };
    const visit = (s: number, c: number) => {
      const g = s * C + c;
      if (marks[g] === stamp) return;
      marks[g] = stamp;
      const pool = this.pools[g];
      // Quantized: states whose waits differ by less than the Monte Carlo's own noise (0.25% in
      // P(wait), 1% in the wait rate, 0.1% in a route weight) share one latency estimate.
      mix(g);
      const pWaitStep = Math.round(pool.pWait * 400);
      mix(pWaitStep);
      mix(pWaitStep > 0 ? Math.round(Math.log(pool.waitRatePerS) * 100) : -1);
      const calls = this.calls[s];
      for (let j = 0; j < calls.length; j++) {
        const k = calls[j];
        const r = this.callRoute(k.to, c);
        for (let i = 0; i < r.clusters.length; i++) {
          mix(r.clusters[i]);
          mix(Math.round(r.weights[i] * 1000));
          mix(this.rttMs(c, r.clusters[i]));
          visit(k.to, r.clusters[i]);
        }
      }
    };
    for (let i = 0; i < route.clusters.length; i++) {
      mix(route.clusters[i]);
      mix(this.userRttMs[u * C + route.clusters[i]]);
      visit(e, route.clusters[i]);
    }
    const key = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
    const cache = this.latencyCache[u];
    const hit = cache.get(key);
    if (hit) return hit;
    this.latencyEvaluations++;
    const samples = new Float64Array(LATENCY_SAMPLES);
    let n = 0;
    const seeds = this.seeds[u];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      rngState = seeds[i];
      const c = pick(route, rand());
      if (c < 0) continue;
      samples[n++] = this.userRttMs[u * C + c] / 1000 + this.sampleStage(e, c, 0);
    }
    if (n === 0) return null;
    const sorted = samples.subarray(0, n).sort();
    const points = new Float64Array(LATENCY_POINTS);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += sorted[i];
    for (let j = 0; j < LATENCY_POINTS; j++) points[j] = sorted[Math.min(n - 1, Math.floor(((j + 0.5) / LATENCY_POINTS) * n))];
    const result: LatencyResult = { id: this.nextLatencyId++, points, meanS: mean / n };
    if (cache.size > 50_000) cache.clear();
    cache.set(key, result);
    return result;
  }

  private rttMs(a: number, b: number): number {
    const link = this.linkBetween(a, b);
    return this.clusterRttMs[a * this.C + b] + (link >= 0 ? this.linkExtraMs[link] : 0);
  }

  /** One request's time in (s, c) and everything it calls, sequentially. */
  private sampleStage(s: number, c: number, depth: number): number {
    const pool = this.pools[s * this.C + c];
    let t = this.serviceQuantiles[s].at(rand());
    if (pool.pWait > 0 && rand() < pool.pWait) t += -Math.log(1 - rand()) / pool.waitRatePerS;
    if (depth > 32) return t; // the call graph is acyclic; this only bounds pathological depth
    for (const k of this.calls[s]) {
      const whole = Math.floor(k.n);
      const count = whole + (rand() < k.n - whole ? 1 : 0);
      if (count === 0) continue;
      const route = this.callRoute(k.to, c);
      for (let j = 0; j < count; j++) {
        const to = pick(route, rand());
        t += this.rttMs(c, to) / 1000 + this.sampleStage(k.to, to, depth + 1);
      }
    }
    return t;
  }

  // ---- results ----------------------------------------------------------------------------------

  finish(): TrafficOutcome {
    this.close(this.in.horizonS);
    const users = this.in.scenario.workload.userRegions;
    const all = new LogHistogram();
    const byUser: UserRegionTraffic[] = users.map((spec, u) => {
      const h = new LogHistogram();
      for (const part of this.latencyWeights[u].values()) {
        if (part.weight <= 0) continue;
        const w = part.weight / part.result.points.length;
        for (const x of part.result.points) h.add(x + part.rttS, w);
      }
      all.merge(h);
      return {
        name: spec.name,
        requests: this.requests[u],
        failedRequests: this.failed[u],
        availability: this.requests[u] > 0 ? 1 - this.failed[u] / this.requests[u] : 1,
        latency: summarize(h),
      };
    });
    let requests = 0;
    let failed = 0;
    for (let u = 0; u < this.U; u++) {
      requests += this.requests[u];
      failed += this.failed[u];
    }
    const fleet = this.in.fleet;
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    const budget = (1 - this.sloTarget) * requests;
    return {
      requests,
      failedRequests: failed,
      availability: requests > 0 ? 1 - failed / requests : 1,
      failedBy: { ...this.causes },
      sloViolationMinutes: this.sloViolationS / 60,
      errorBudgetUsedRatio: budget > 0 ? failed / budget : Number.isNaN(budget) ? Number.NaN : 0,
      latency: summarize(all),
      byUserRegion: byUser,
      bytes: {
        interZoneBytes: sum(this.interZoneBytes),
        interRegionBytes: sum(this.interRegionBytes),
        internetEgressBytes: sum(this.internetBytes),
        byCluster: fleet.clusters.map((c) => ({
          cluster: c.name,
          interZoneBytes: this.interZoneBytes[c.id],
          interRegionBytes: this.interRegionBytes[c.id],
          internetEgressBytes: this.internetBytes[c.id],
        })),
      },
      clusters: fleet.clusters.map((c) => ({
        cluster: c.name,
        peakUtilization: this.peakUtil[c.id],
        headroom: 1 - this.peakUtil[c.id],
        requestsServed: this.served[c.id],
        logBytes: this.logs[c.id],
      })),
      residencyViolations: this.residency,
      diagnostics: { evaluations: this.evaluations, latencyMonteCarloRuns: this.latencyEvaluations },
    };
  }
}

// ---- helpers -------------------------------------------------------------------------------------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** mulberry32 for the latency Monte Carlo: seeded per sample from a named stream, allocation-free. */
let rngState = 1;
function rand(): number {
  rngState = (rngState + 0x6d2b79f5) | 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
}

function pick(route: Route, u: number): number {
  let acc = 0;
  for (let i = 0; i < route.clusters.length; i++) {
    acc += route.weights[i];
    if (u < acc) return route.clusters[i];
  }
  return route.clusters.length > 0 ? route.clusters[route.clusters.length - 1] : -1;
}

/** E[q^N] where N = ⌊n⌋ plus one more call with probability n − ⌊n⌋. */
function callsSucceed(q: number, n: number): number {
  const whole = Math.floor(n);
  const frac = n - whole;
  return Math.pow(q, whole) * (1 - frac + frac * q);
}

function routeSuccess(route: Route, entry: number, C: number, ok: Float64Array, dataplane: Uint8Array): number {
  let p = 0;
  route.clusters.forEach((c, i) => {
    if (dataplane[c] === 1) p += route.weights[i] * ok[entry * C + c];
  });
  return p;
}

function topologicalOrder(calls: ReadonlyArray<ReadonlyArray<{ to: number }>>): number[] {
  const n = calls.length;
  const indeg = new Int32Array(n);
  for (const list of calls) for (const k of list) indeg[k.to]++;
  const order: number[] = [];
  const ready: number[] = [];
  for (let s = 0; s < n; s++) if (indeg[s] === 0) ready.push(s);
  while (ready.length > 0) {
    const s = ready.shift()!;
    order.push(s);
    for (const k of calls[s]) if (--indeg[k.to] === 0) ready.push(k.to);
  }
  if (order.length !== n) throw new RangeError('the call graph has a cycle (the scenario validator should have caught it)');
  return order;
}

function summarize(h: LogHistogram) {
  return { p50S: h.quantile(0.5), p95S: h.quantile(0.95), p99S: h.quantile(0.99), meanS: h.mean(), histogram: h.toJSON() };
}

