import type { Distribution } from '../../engine/distributions.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { AsyncQueueSpec, CallMode, Design, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { globToRegExp } from '../placement/glob.js';
import { QuantileTable, squaredCv } from './pool.js';
import { hopRetry, type HopRetry } from './retryModel.js';

/** One edge of the call graph: a request to the caller makes `callsPerRequest` calls to `service` on average. */
export interface ServiceCall {
  readonly service: number;
  /** May be fractional: 0.4 = 40% of requests make one call. */
  readonly callsPerRequest: number;
  /** Request plus response bytes of one call. */
  readonly bytesPerCall: number;
  /** sequential: the caller waits, one call after another; parallel: with its other parallel calls, waiting for the slowest; async: through a queue, not waited for. */
  readonly mode: CallMode;
  /** The queue of an async call. */
  readonly queue: AsyncQueueSpec | undefined;
}

/**
 * What the fluid model needs to know about each service, fixed for a replication: its service-time
 * distribution, servers per pod, call graph (with a topological order, callers first), bytes, and in
 * which clusters its data may live.
 */
export class ServiceModel {
  readonly serviceCount: number;
  readonly clusterCount: number;
  readonly meanServiceS: Float64Array;
  /** Squared coefficient of variation of the service time (1 for exponential). */
  readonly serviceTimeScv: Float64Array;
  /** The service times (spec and distribution), from which the quantile tables are made on first use. */
  private readonly serviceTimes: readonly { readonly spec: unknown; readonly distribution: Distribution }[];
  private quantileTables: readonly QuantileTable[] | undefined;
  readonly serversPerPod: Int32Array;
  readonly calls: ServiceCall[][];
  /** Every service after all its callers. */
  readonly callersFirst: number[];
  readonly logBytesPerRequest: Float64Array;
  /** Bytes of the response a user receives when the service is the entry service. */
  readonly responseBytes: Float64Array;
  /** Per group (service × clusterCount + cluster): 1 when the service's data may be in that cluster. */
  readonly residencyAllowed: Uint8Array;
  readonly indexByName: ReadonlyMap<string, number>;
  /** How a request is retried at each pool it enters (the design's traffic.retries); undefined: never. */
  readonly retry: HopRetry | undefined;
  /** A pod's slot is held while it waits on its calls (heldConcurrency.ts); false: for its service time only. */
  readonly heldConcurrency: boolean;

  constructor(scenario: Scenario, design: Design, fleet: Fleet) {
    const services = scenario.workload.services;
    const serviceCount = (this.serviceCount = services.length);
    const clusterCount = (this.clusterCount = fleet.clusters.length);
    const index = new Map(services.map((s, i) => [s.name, i]));
    this.indexByName = index;
    const distributions = services.map((s) => toDistribution(s.serviceTime));
    this.meanServiceS = Float64Array.from(distributions, (d) => d.mean());
    this.serviceTimeScv = Float64Array.from(distributions, (d) => squaredCv(d));
    this.serviceTimes = services.map((s, i) => ({ spec: s.serviceTime, distribution: distributions[i] }));
    this.serversPerPod = Int32Array.from(services, (s) => s.concurrencyPerPod);
    this.calls = services.map((s) =>
      s.calls.map((k) => ({ service: index.get(k.service)!, callsPerRequest: k.callsPerRequest, bytesPerCall: k.requestBytes + k.responseBytes, mode: k.mode, queue: k.queue })),
    );
    this.logBytesPerRequest = Float64Array.from(services, (s) => s.logBytesPerRequest);
    this.responseBytes = Float64Array.from(services, (s) => s.responseBytes);
    this.callersFirst = callersFirstOrder(this.calls);
    this.retry = hopRetry(design.traffic.retries);
    this.heldConcurrency = design.traffic.heldConcurrency;

    // Residency: a service's policy names the regions its data may be in.
    this.residencyAllowed = new Uint8Array(serviceCount * clusterCount).fill(1);
    const policyByService = new Map(design.policies.map((p) => [p.service, p]));
    services.forEach((s, service) => {
      const residency = policyByService.get(s.name)?.residency;
      if (!residency) return;
      const patterns = residency.allowedRegions.map(globToRegExp);
      for (let c = 0; c < clusterCount; c++) {
        const region = fleet.regions[fleet.clusters[c].regionId].name;
        if (!patterns.some((p) => p.test(region))) this.residencyAllowed[service * clusterCount + c] = 0;
      }
    });
  }

  /**
   * Per service, its service time's quantile table. Made on first use: sizing (`fleetsim check`)
   * never reads them, and 1024 inverse-CDF evaluations per service were a tenth of check's time.
   * The tables are the same whenever they are made (a pure function of the spec).
   */
  get serviceTimeQuantilesS(): readonly QuantileTable[] {
    return (this.quantileTables ??= this.serviceTimes.map((t) => quantileTableOf(t.spec, t.distribution)));
  }
}

/** Kahn's algorithm, taking ready services in the order they became ready (the order matters: sums follow it). */
export function callersFirstOrder(calls: ReadonlyArray<ReadonlyArray<{ readonly service: number }>>): number[] {
  const n = calls.length;
  const callers = new Int32Array(n);
  for (const list of calls) for (const k of list) callers[k.service]++;
  const order: number[] = [];
  const ready: number[] = [];
  for (let s = 0; s < n; s++) if (callers[s] === 0) ready.push(s);
  while (ready.length > 0) {
    const s = ready.shift()!;
    order.push(s);
    for (const k of calls[s]) if (--callers[k.service] === 0) ready.push(k.service);
  }
  if (order.length !== n) throw new RangeError('the call graph has a cycle (the scenario validator should have caught it)');
  return order;
}

/** Success probability of a request's calls to one service: E[q^N], N = ⌊n⌋ plus one more call with probability n − ⌊n⌋. */
export function callsSucceed(q: number, callsPerRequest: number): number {
  const whole = Math.floor(callsPerRequest);
  const frac = callsPerRequest - whole;
  return Math.pow(q, whole) * (1 - frac + frac * q);
}

/** Quantile tables by service-time spec: the same spec gives the same table (a pure function of it), built once. */
const quantileTables = new Map<string, QuantileTable>();

/**
 * A service time's quantile table (1024 inverse-CDF evaluations), shared between the designs and
 * replications of a run, which all build a ServiceModel from the same specs.
 */
function quantileTableOf(spec: unknown, distribution: Distribution): QuantileTable {
  const key = JSON.stringify(spec);
  let table = quantileTables.get(key);
  if (table === undefined) {
    if (quantileTables.size >= 10_000) quantileTables.clear();
    quantileTables.set(key, (table = new QuantileTable(distribution)));
  }
  return table;
}
