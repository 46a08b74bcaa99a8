import type { Scenario, ServiceSpec, UserRegionSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { YEAR_S, type FlowEnd, type RawFlow } from './flowTypes.js';
import type { StaticTraffic } from './staticTraffic.js';
import { storeDataClass } from './storeLayout.js';

/**
 * Services that hold a data class themselves: the class is theirs (services[].dataClass), or they
 * read a store whose contents belong to it (a cache: its backing store's class unless it names one).
 */
export function holders(scenario: Scenario, services: readonly ServiceSpec[], dataClass: string): boolean[] {
  const classOf = new Map(scenario.workload.datastores.map((d) => [d.name, storeDataClass(scenario, d)]));
  return services.map((s) => s.dataClass === dataClass || s.stores.some((u) => u.readsPerRequest > 0 && classOf.get(u.store) === dataClass));
}

/**
 * A data class's flows in call responses: a callee that holds the class, or that got it in a response
 * of its own callees, returns it to its caller (per routed call edge of the healthy fleet), up to the
 * entry service, which returns it to the users outside the fleet. Asynchronous calls return nothing
 * to their caller (a message on a queue), so the class does not travel back along them.
 */
export function responseFlows(scenario: Scenario, services: readonly ServiceSpec[], fleet: Fleet, traffic: StaticTraffic, dataClass: string): RawFlow[] {
  const C = traffic.clusterCount;
  const holds = holders(scenario, services, dataClass);
  const carries = new Uint8Array(services.length * C);
  const callsFrom = new Map<number, (typeof traffic.calls)[number][]>();
  for (const k of traffic.calls) {
    const g = k.caller * C + k.fromCluster;
    const list = callsFrom.get(g);
    if (list === undefined) callsFrom.set(g, [k]);
    else list.push(k);
  }
  // Callees first: a pool carries the class when it holds it or a synchronous callee pool returns it.
  for (let i = traffic.callersFirst.length - 1; i >= 0; i--) {
    const s = traffic.callersFirst[i];
    for (let c = 0; c < C; c++) {
      const g = s * C + c;
      carries[g] = holds[s] || (callsFrom.get(g) ?? []).some((k) => k.mode !== 'async' && carries[k.callee * C + k.toCluster] === 1) ? 1 : 0;
    }
  }
  const end = (s: number, c: number): FlowEnd => ({ region: fleet.regions[fleet.clusters[c].regionId].name, cluster: fleet.clusters[c].name, name: services[s].name });
  const flows: RawFlow[] = [];
  for (const k of traffic.calls) {
    if (k.mode === 'async' || carries[k.callee * C + k.toCluster] === 0) continue;
    flows.push({ via: 'response', from: end(k.callee, k.toCluster), to: end(k.caller, k.fromCluster), bytesPerYear: k.callsPerS * k.responseBytes * YEAR_S });
  }
  for (const e of traffic.entries) {
    if (carries[e.service * C + e.cluster] === 0) continue;
    const u = scenario.workload.userRegions[e.user];
    flows.push({ via: 'response', from: end(e.service, e.cluster), to: { region: userRegionName(u), cluster: '', name: u.name }, bytesPerYear: e.requestsPerS * services[e.service].responseBytes * YEAR_S });
  }
  return flows;
}

/**
 * The region a user region's users are in: the cloud region they sit next to (`near`), else the
 * region their traffic enters through (`via`), else the topology region they have the lowest RTT to.
 */
export function userRegionName(u: UserRegionSpec): string {
  if (u.location.kind === 'nearRegion') return u.location.region;
  if (u.viaRegion !== undefined) return u.viaRegion;
  let best = '';
  let bestMs = Number.POSITIVE_INFINITY;
  for (const [region, ms] of Object.entries(u.rttMsByRegion)) {
    if (ms < bestMs) {
      bestMs = ms;
      best = region;
    }
  }
  return best;
}
