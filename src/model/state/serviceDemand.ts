import type { Scenario, ServiceSpec } from '../../scenario/types.js';
import { hourlyFactor, spikeFactorAt } from '../traffic/demand.js';

const HOUR_S = 3600;

/**
 * Each service's request rate over time, as the fluid traffic model offers it: every user region's
 * demand (mean rate × the hour's diurnal factor × active spikes) times the visits its entry service's
 * call graph makes to the service (products of callsPerRequest along every path). Rates are constant
 * between breakpoints (hour boundaries, spike starts and ends), so integrals over a stretch are exact
 * sums over its constant pieces. Failures and retries do not change these rates (they are the demand
 * the stores would see in a healthy fleet).
 */
export class ServiceDemand {
  /** visits[u][s]: requests of service s per request of user region u. */
  private readonly visits: Float64Array[];
  private readonly scenario: Scenario;
  private readonly spikeEdgesS: number[];

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    const services = scenario.workload.services;
    const index = new Map(services.map((s, i) => [s.name, i]));
    this.visits = scenario.workload.userRegions.map((u) => visitsFrom(services, index, index.get(u.entryService) ?? -1));
    const edges = new Set<number>();
    for (const u of scenario.workload.userRegions) for (const s of u.spikes) edges.add(s.atS).add(s.atS + s.forS);
    this.spikeEdgesS = [...edges].sort((a, b) => a - b);
  }

  get serviceCount(): number {
    return this.scenario.workload.services.length;
  }

  /** Requests per second of every service at tS, into `out` (length: services). */
  ratesAt(tS: number, out: Float64Array): void {
    out.fill(0);
    this.scenario.workload.userRegions.forEach((u, i) => {
      const r = u.ratePerS * hourlyFactor(tS, u.diurnal) * spikeFactorAt(tS, u.spikes);
      const v = this.visits[i];
      for (let s = 0; s < out.length; s++) out[s] += r * v[s];
    });
  }

  /** The first instant after tS at which some rate may change. */
  nextBreakS(tS: number): number {
    let next = (Math.floor(tS / HOUR_S) + 1) * HOUR_S;
    for (const e of this.spikeEdgesS) {
      if (e > tS) {
        if (e < next) next = e;
        break;
      }
    }
    return next;
  }

  /** Whether demand changes in [t0, t1) anywhere but on the hour (a spike starts or ends). */
  breaksBetweenHours(t0: number, t1: number): boolean {
    return this.spikeEdgesS.some((e) => e >= t0 && e < t1);
  }

  /** Calls `piece(a, b, rates)` for each constant piece of [t0, t1). */
  forEachPiece(t0: number, t1: number, rates: Float64Array, piece: (a: number, b: number) => void): void {
    let a = t0;
    while (a < t1) {
      const b = Math.min(t1, this.nextBreakS(a));
      this.ratesAt(a, rates);
      piece(a, b);
      a = b;
    }
  }
}

/** Visits per entry request to every service: fan-out multiplied along the call graph (acyclic, as the loader checks; depth-capped anyway). */
function visitsFrom(services: readonly ServiceSpec[], index: ReadonlyMap<string, number>, entry: number): Float64Array {
  const visits = new Float64Array(services.length);
  if (entry < 0) return visits;
  const walk = (s: number, weight: number, depth: number): void => {
    visits[s] += weight;
    if (depth > 64) return;
    for (const call of services[s].calls) {
      const callee = index.get(call.service);
      if (callee !== undefined && call.callsPerRequest > 0) walk(callee, weight * call.callsPerRequest, depth + 1);
    }
  };
  walk(entry, 1, 0);
  return visits;
}
