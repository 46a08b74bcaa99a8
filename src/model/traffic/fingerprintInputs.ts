import type { TrafficImpairments } from './impairments.js';
import { ATTEMPT_INPUTS } from './latencyAttempts.js';
import type { LoadFlow } from './loadFlow.js';
import type { FleetNetwork } from './network.js';
import type { PoolState } from './pool.js';
import type { CallRoutes, Route } from './routing.js';

/** Numbers per pool kept: its quantized P(wait) step, wait-rate step and added latency (addWaits). */
const POOL_KEY = 3;

/**
 * Whether anything a user region's latency fingerprint reads can have changed since an epoch, so
 * that a region whose answer is the same and whose epoch is current gets the estimate its last
 * walk found without walking again (a segmented fleet's tree spans most of its pools; the walk was
 * ~40% of an evaluation, for a key that changed in 27 of 132,580 lookups of a year).
 *
 * The epoch moves whenever a value the walks read (and this class kept) changes: a pool's quantized
 * waits (the load flow lists every pool it writes: LoadFlow.takeWritten), a call route's clusters
 * or quantized weights (a route changes only when CallRoutes drops it: the routes of services
 * dropped since the last look are read again and compared), any link (RTTs) or impairment (ingress
 * latency), or the estimate cache being emptied. Values are compared as the fingerprint's tuples are
 * (Object.is), so that "unchanged" here means "the same tuple" there. Conservative by construction:
 * a change to a pool or route that no walk has read yet also moves the epoch only when it was read.
 */
export class FingerprintInputs {
  /** Moves at every change that can alter some region's fingerprint. */
  epoch = 0;
  private flow: LoadFlow;
  private readonly routes: CallRoutes;
  private readonly network: FleetNetwork;
  private readonly impairments: TrafficImpairments;
  private pools: readonly PoolState[];
  private readonly clusterCount: number;
  /** Per group: its key as last seen (NaN: never), and whether a walk has read it. */
  private poolKeys: Float64Array;
  /** With hour slots (useFlow): each flow's pool keys, as its pools were when last watched. */
  private readonly keysOfFlow = new Map<LoadFlow, Float64Array>();
  private readonly poolRead: Uint8Array;
  /** The groups poolRead marks, in the order first read. */
  private readonly readGroups: number[] = [];
  /** Per route group (callee × clusterCount + caller cluster): [length, cluster, weight step, …] as last read (null: never). */
  private readonly routeKeys: (Float64Array | null)[];
  /** Per callee service: the caller clusters of its routes that walks have read. */
  private readonly routesRead: number[][];
  private seenDrops: number;
  private seenAllDroppedAt: number;
  private seenNetworkVersion: number;
  private seenImpairmentsVersion: number;
  /**
   * What attempts meet at a pool, as the walks key it (latencyAttempts.ts attemptInputs), when they
   * key it (retries or timeouts; null otherwise), and per group the key last seen (NaN: never). Its
   * inputs change only where the load flow writes a pool (dead and shed shares, servers; endpoints
   * listed, which the key reads only while some are dead, when the pool is not idle and so written)
   * or with the impairments (error ratios), whose version is watched.
   */
  private readonly outcomeKeyOf: ((group: number, out: Float64Array) => Float64Array) | null;
  private readonly outcomeKeys: Float64Array;
  private readonly outcomeScratch: Float64Array;
  private readonly onWritten = (group: number): void => {
    const pool = this.pools[group];
    let changed = this.storePool(group, pWaitStep(pool), waitRateStep(pool), extraLatencyStep(pool));
    if (this.outcomeKeyOf !== null && this.storeOutcomes(group, this.outcomeKeyOf(group, this.outcomeScratch))) changed = true;
    if (changed && this.poolRead[group] === 1) this.epoch++;
  };

  constructor(
    flow: LoadFlow,
    routes: CallRoutes,
    network: FleetNetwork,
    impairments: TrafficImpairments,
    serviceCount: number,
    outcomeKeyOf: ((group: number, out: Float64Array) => Float64Array) | null = null,
  ) {
    this.outcomeKeyOf = outcomeKeyOf;
    this.outcomeKeys = new Float64Array(outcomeKeyOf !== null ? serviceCount * network.clusterCount * ATTEMPT_INPUTS : 0).fill(Number.NaN);
    this.outcomeScratch = new Float64Array(ATTEMPT_INPUTS);
    this.flow = flow;
    this.routes = routes;
    this.network = network;
    this.impairments = impairments;
    this.pools = flow.pools;
    this.clusterCount = network.clusterCount;
    const groups = serviceCount * network.clusterCount;
    this.poolKeys = new Float64Array(groups * POOL_KEY).fill(Number.NaN);
    this.poolRead = new Uint8Array(groups);
    this.routeKeys = new Array<Float64Array | null>(groups).fill(null);
    this.routesRead = Array.from({ length: serviceCount }, () => []);
    this.seenDrops = routes.drops;
    this.seenAllDroppedAt = routes.allDroppedAt;
    this.seenNetworkVersion = network.version;
    this.seenImpairmentsVersion = impairments.version;
    // Pools written before this watcher existed are read by the first walks, which store them.
    flow.takeWritten(() => {});
  }

  /** Look at what changed since the last look: pools written, routes dropped, links, impairments. */
  refresh(): void {
    this.flow.takeWritten(this.onWritten);
    if (this.network.version !== this.seenNetworkVersion || this.impairments.version !== this.seenImpairmentsVersion) {
      this.seenNetworkVersion = this.network.version;
      this.seenImpairmentsVersion = this.impairments.version;
      this.epoch++;
    }
    const routes = this.routes;
    if (routes.drops === this.seenDrops) return;
    const all = routes.allDroppedAt !== this.seenAllDroppedAt;
    for (let s = 0; s < this.routesRead.length; s++) {
      if (!all && routes.serviceDroppedAt[s] <= this.seenDrops) continue;
      // Computing a dropped route now gives what the walk would compute now: routes are a function of inputs whose changes drop them (readsArePure).
      for (const from of this.routesRead[s]) if (this.storeRoute(s, from, routes.routeOf(s, from))) this.epoch++;
    }
    this.seenDrops = routes.drops;
    this.seenAllDroppedAt = routes.allDroppedAt;
  }

  /**
   * Watch another load flow's pools (the hour slots' flow of the hour: hourSlots.ts). Each flow
   * has its own keys, kept while it is not watched (its pools do not change then): the new flow's
   * are brought up to date with what it wrote since it was last watched, and the epoch moves when
   * a pool some walk has read has another key in it than in the flow watched until now. A flow
   * watched for the first time has no keys: every read pool differs, once.
   */
  useFlow(flow: LoadFlow): void {
    if (flow === this.flow) return;
    if (this.outcomeKeyOf !== null) throw new Error('FingerprintInputs.useFlow: attempts\' outcomes are keyed per pool of one flow');
    const before = this.poolKeys;
    this.keysOfFlow.set(this.flow, before);
    let keys = this.keysOfFlow.get(flow);
    if (keys === undefined) keys = new Float64Array(before.length).fill(Number.NaN);
    this.flow = flow;
    this.pools = flow.pools;
    this.poolKeys = keys;
    // The new flow's pools as it left them: what it wrote since it was last watched, into its own keys.
    flow.takeWritten(this.storeWritten);
    const read = this.readGroups;
    for (let k = 0; k < read.length; k++) {
      const i = read[k] * POOL_KEY;
      // Most keys are equal and not zero: === first, same() (0 and −0, NaN) only where it is not.
      if (before[i] === keys[i] && before[i + 1] === keys[i + 1] && before[i + 2] === keys[i + 2] && before[i] !== 0 && before[i + 1] !== 0 && before[i + 2] !== 0) continue;
      if (!same(before[i], keys[i]) || !same(before[i + 1], keys[i + 1]) || !same(before[i + 2], keys[i + 2])) {
        this.epoch++;
        return;
      }
    }
  }

  private readonly storeWritten = (group: number): void => {
    const pool = this.pools[group];
    this.storePool(group, pWaitStep(pool), waitRateStep(pool), extraLatencyStep(pool));
  };

  /** A walk read pool `group` (its key as addWaits adds it). */
  readPool(group: number, pWait: number, waitRate: number, extraLatency: number): void {
    if (this.poolRead[group] === 0) this.readGroups.push(group);
    this.poolRead[group] = 1;
    if (this.storePool(group, pWait, waitRate, extraLatency)) this.epoch++;
  }

  /** A walk read what attempts meet at pool `group` (its key as the walk adds it). */
  readOutcomes(group: number, key: Float64Array): void {
    if (this.poolRead[group] === 0) this.readGroups.push(group);
    this.poolRead[group] = 1;
    if (this.storeOutcomes(group, key)) this.epoch++;
  }

  /** A walk read the route of calls to `service` from cluster `from`. */
  readRoute(service: number, from: number, route: Route): void {
    if (this.routeKeys[service * this.clusterCount + from] === null) this.routesRead[service].push(from);
    if (this.storeRoute(service, from, route)) this.epoch++;
  }

  /** Whether the key differed from the one kept (now replaced). */
  private storePool(group: number, a: number, b: number, c: number): boolean {
    const keys = this.poolKeys;
    const i = group * POOL_KEY;
    if (same(keys[i], a) && same(keys[i + 1], b) && same(keys[i + 2], c)) return false;
    keys[i] = a;
    keys[i + 1] = b;
    keys[i + 2] = c;
    return true;
  }

  /** Whether the outcome key differed from the one kept (now replaced). */
  private storeOutcomes(group: number, key: Float64Array): boolean {
    const keys = this.outcomeKeys;
    const at = group * ATTEMPT_INPUTS;
    let equal = true;
    for (let i = 0; i < ATTEMPT_INPUTS && equal; i++) equal = same(keys[at + i], key[i]);
    if (equal) return false;
    keys.set(key, at);
    return true;
  }

  /** Whether the route's clusters or weight steps differed from those kept (now replaced). */
  private storeRoute(service: number, from: number, route: Route): boolean {
    const group = service * this.clusterCount + from;
    const n = route.clusters.length;
    let kept = this.routeKeys[group];
    if (kept !== null && kept.length === 1 + 2 * n) {
      let equal = true;
      for (let i = 0; i < n && equal; i++) equal = kept[1 + 2 * i] === route.clusters[i] && same(kept[2 + 2 * i], weightStep(route.weights[i]));
      if (equal) return false;
    }
    if (kept === null || kept.length !== 1 + 2 * n) kept = this.routeKeys[group] = new Float64Array(1 + 2 * n);
    kept[0] = n;
    for (let i = 0; i < n; i++) {
      kept[1 + 2 * i] = route.clusters[i];
      kept[2 + 2 * i] = weightStep(route.weights[i]);
    }
    return true;
  }
}

/** As the fingerprint compares numbers (Object.is: 0 and −0 differ, NaN equals NaN). */
function same(x: number, y: number): boolean {
  return x === y ? x !== 0 || 1 / x === 1 / y : x !== x && y !== y;
}

/** The quantized values a fingerprint keys a pool's waits and a route's weights by (one definition for both readers). */
export function pWaitStep(pool: PoolState): number {
  return Math.round(pool.pWait * 400);
}

export function waitRateStep(pool: PoolState): number {
  return pWaitStep(pool) > 0 ? Math.round(Math.log(pool.waitRatePerS) * 100) : -1;
}

export function extraLatencyStep(pool: PoolState): number {
  return Math.round(pool.extraLatencyS * 1e6);
}

export function weightStep(weight: number): number {
  return Math.round(weight * 1000);
}
