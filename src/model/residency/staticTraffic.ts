import { Simulator } from '../../engine/simulator.js';
import type { CallMode, Design, Scenario, ServiceSpec } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { RuntimeState } from '../runtime/state.js';
import { FleetNetwork } from '../traffic/network.js';
import { CallRoutes, NEAR_TIE_MS } from '../traffic/routing.js';
import { callersFirstOrder } from '../traffic/serviceModel.js';

/** One call edge as the healthy fleet routes it: caller service in one cluster to callee service in another (or the same). */
export interface RoutedCall {
  readonly caller: number;
  readonly fromCluster: number;
  /** Index into the caller's calls. */
  readonly call: number;
  readonly callee: number;
  readonly toCluster: number;
  readonly mode: CallMode;
  readonly responseBytes: number;
  /** Mean calls per second along this edge. */
  readonly callsPerS: number;
}

/** Where one user region's requests enter the fleet. */
export interface UserEntry {
  readonly user: number;
  readonly service: number;
  readonly cluster: number;
  readonly requestsPerS: number;
}

/** Mean demand through the healthy fleet (docs/residency.md, "Static routing"). */
export interface StaticTraffic {
  readonly clusterCount: number;
  /** Per group (service × clusterCount + cluster): mean requests per second the pool serves. */
  readonly requestsPerS: Float64Array;
  readonly calls: readonly RoutedCall[];
  readonly entries: readonly UserEntry[];
  /** Service ids, callers before callees. */
  readonly callersFirst: readonly number[];
}

/**
 * The scenario's mean demand (users' daily mean rates) pushed through the design as the simulator
 * routes it with every cluster up: users enter at the nearest clusters running their entry service
 * (ties within NEAR_TIE_MS shared equally, as UserAnswers does), and calls follow CallRoutes (no mesh:
 * the caller's cluster; a mesh: the first locality level with ready pods, split by ready pods). Pods
 * are the placement's (`placed` per cluster). Spill-over, retries and failover routes are not here:
 * they happen only under overload or faults.
 */
export function staticTraffic(scenario: Scenario, design: Design, services: readonly ServiceSpec[], ready: Int32Array, fleet: Fleet): StaticTraffic {
  const C = fleet.clusters.length;
  const S = services.length;
  const indexByName = new Map(services.map((s, i) => [s.name, i]));
  const network = new FleetNetwork(fleet, scenario, design.traffic.ingress.kind);
  // CallRoutes reads only the ready counts of the runtime state (as sizing's userFlows does).
  const pods = { desired: ready, ready, lost: new Int32Array(S * C) } as unknown as RuntimeState;
  const routes = new CallRoutes(new Simulator(16), pods, network, design.traffic.mesh, () => true, S);
  const requestsPerS = new Float64Array(S * C);
  const entries = userEntries(scenario, network, indexByName, ready, C);
  for (const e of entries) requestsPerS[e.service * C + e.cluster] += e.requestsPerS;
  const callersFirst = callersFirstOrder(services.map((s) => s.calls.map((k) => ({ service: indexByName.get(k.service)! }))));
  const calls: RoutedCall[] = [];
  for (const caller of callersFirst) {
    for (let from = 0; from < C; from++) {
      const perS = requestsPerS[caller * C + from];
      if (perS <= 0) continue;
      services[caller].calls.forEach((k, call) => {
        const callee = indexByName.get(k.service)!;
        const route = routes.routeOf(callee, from);
        for (let i = 0; i < route.clusters.length; i++) {
          const to = route.clusters[i];
          // A route with no ready pod is CallRoutes' "fail locally": the calls fail, no data moves.
          if (ready[callee * C + to] === 0) continue;
          const callsPerS = perS * k.callsPerRequest * route.weights[i];
          requestsPerS[callee * C + to] += callsPerS;
          calls.push({ caller, fromCluster: from, call, callee, toCluster: to, mode: k.mode, responseBytes: k.responseBytes, callsPerS });
        }
      });
    }
  }
  return { clusterCount: C, requestsPerS, calls, entries, callersFirst };
}

/** Each user region's answer set at its mean rate: the nearest clusters with ready pods of its entry service. */
function userEntries(scenario: Scenario, network: FleetNetwork, indexByName: ReadonlyMap<string, number>, ready: Int32Array, C: number): UserEntry[] {
  const entries: UserEntry[] = [];
  scenario.workload.userRegions.forEach((u, user) => {
    const service = indexByName.get(u.entryService)!;
    const running: number[] = [];
    for (let c = 0; c < C; c++) if (ready[service * C + c] > 0) running.push(c);
    let nearestMs = Number.POSITIVE_INFINITY;
    for (const c of running) nearestMs = Math.min(nearestMs, network.userBaseRttMs(user, c));
    const answer = running.filter((c) => network.userBaseRttMs(user, c) <= nearestMs + NEAR_TIE_MS);
    for (const cluster of answer) entries.push({ user, service, cluster, requestsPerS: u.ratePerS / answer.length });
  });
  return entries;
}
