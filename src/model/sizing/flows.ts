import { Simulator } from '../../engine/simulator.js';
import type { Design, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { RuntimeState } from '../runtime/state.js';
import { DeadEndpoints } from '../traffic/deadEndpoints.js';
import { emptyTally, LoadFlow } from '../traffic/loadFlow.js';
import { FleetNetwork } from '../traffic/network.js';
import { TrafficRates } from '../traffic/rates.js';
// NEAR_TIE_MS: answer-set ties as the traffic model draws them (clusters within it of the nearest share users equally).
import { CallRoutes, NEAR_TIE_MS } from '../traffic/routing.js';
import { ServiceModel } from '../traffic/serviceModel.js';

/** How one user region's requests spread over the fleet in one failure case, per request. */
export interface UserFlow {
  /** Entry clusters (ids) and the RTT to them, seconds (mean over the answer). Empty: no cluster runs the entry service. */
  readonly answer: readonly number[];
  readonly userRttS: number;
  /** Per group (service × clusterCount + cluster): requests offered to the pool per user request. */
  readonly perRequest: Float64Array;
  /** Pool visits, mean service seconds and mean network seconds (call RTTs) per user request. */
  readonly visits: number;
  readonly serviceS: number;
  readonly networkS: number;
  /** Calls per user request that find no pod of their callee where they are routed (no mesh, or none left). */
  readonly noReplica: number;
  /**
   * Per group: how long a request holds one of the pool's servers, seconds: its service time, plus,
   * with held concurrency, its synchronous calls' time (RTTs and callees' holding times at this
   * light load: heldConcurrency.ts). What a server's capacity is sized against.
   */
  readonly holdingS: Float64Array;
}

/** The traffic model's fixed parts for one design (built once, shared by every failure case). */
export interface FlowParts {
  readonly scenario: Scenario;
  readonly design: Design;
  readonly services: ServiceModel;
  readonly network: FleetNetwork;
}

export function flowParts(scenario: Scenario, design: Design, fleet: Fleet): FlowParts {
  return { scenario, design, services: new ServiceModel(scenario, design, fleet), network: new FleetNetwork(fleet, scenario) };
}

/**
 * Every user region's flow in one failure case, through the traffic model's own parts: FleetNetwork
 * (user RTTs, links), CallRoutes (calls stay in the cluster without a mesh; with one, the first
 * locality level with ready pods, split by ready pods), LoadFlow (callers first, fan-out by calls per
 * request) and ServiceModel. The flow is linear in the offered rate as long as no pool sheds, so one
 * request per second (halved until nothing sheds; powers of two keep it exact) is pushed per user
 * region and scaled by demand later. Pods are the placement's proportions (`shape`), so a mesh splits
 * calls as a sized fleet would; `up` is 0 for lost clusters (their data plane is down).
 */
export function userFlows(parts: FlowParts, shape: readonly Int32Array[], up: Uint8Array): UserFlow[] {
  const { scenario, design, services, network } = parts;
  const C = network.clusterCount;
  const S = services.serviceCount;
  const groups = S * C;
  // LoadFlow and CallRoutes read only these pod counts of the runtime state (ready: endpoints and
  // servers; lost: dead endpoints, none here); sizing supplies its own, as test/model/traffic/parts.ts does.
  const pods = { desired: new Int32Array(groups), ready: new Int32Array(groups), lost: new Int32Array(groups) };
  for (let s = 0; s < S; s++) for (let c = 0; c < C; c++) pods.ready[s * C + c] = up[c] === 1 ? shape[s][c] : 0;
  const state = pods as unknown as RuntimeState;
  const sim = new Simulator(16);
  const mesh = design.traffic.mesh;
  const routes = new CallRoutes(sim, state, network, mesh, (c) => up[c] === 1, S);
  const rates = new TrafficRates(scenario.workload.userRegions.length, C);
  const flow = new LoadFlow(services, network, state, routes, new DeadEndpoints(sim, state, mesh, groups), rates);
  const all = Int32Array.from({ length: C }, (_, c) => c);
  const entry = new Float64Array(groups);

  return scenario.workload.userRegions.map((u, user) => {
    const e = services.indexByName.get(u.entryService)!;
    const running: number[] = [];
    for (let c = 0; c < C; c++) if (pods.ready[e * C + c] > 0) running.push(c);
    let nearestMs = Number.POSITIVE_INFINITY;
    for (const c of running) nearestMs = Math.min(nearestMs, network.userBaseRttMs(user, c));
    const answer = running.filter((c) => network.userBaseRttMs(user, c) <= nearestMs + NEAR_TIE_MS);
    const perRequest = new Float64Array(groups);
    const holdingS = new Float64Array(groups);
    for (let s = 0; s < S; s++) holdingS.fill(services.meanServiceS[s], s * C, (s + 1) * C);
    if (answer.length === 0) return { answer, userRttS: 0, perRequest, visits: 0, serviceS: 0, networkS: 0, noReplica: 0, holdingS };
    let unitPerS = 1;
    for (;;) {
      entry.fill(0);
      for (const c of answer) entry[e * C + c] = unitPerS / answer.length;
      const tally = emptyTally();
      flow.begin(all, entry, [e]);
      flow.forward(all, up, tally, 'reset');
      if (tally.shed === 0 || unitPerS < 2 ** -60) {
        let visits = 0;
        let serviceS = 0;
        let networkS = 0;
        for (let s = 0; s < S; s++) {
          for (let c = 0; c < C; c++) {
            const g = s * C + c;
            perRequest[g] = flow.offeredPerS[g] / unitPerS;
            const admitted = flow.pools[g].admittedPerS / unitPerS;
            if (admitted <= 0) continue;
            visits += admitted;
            serviceS += admitted * services.meanServiceS[s];
            for (const call of services.calls[s]) {
              const route = routes.routeOf(call.service, c);
              for (let i = 0; i < route.clusters.length; i++) {
                const to = route.clusters[i];
                networkS += (admitted * call.callsPerRequest * route.weights[i] * (to === c ? network.ownRttMs(c) : network.rttMs(c, to))) / 1000;
              }
            }
          }
        }
        let rttMs = 0;
        for (const c of answer) rttMs += network.userRttMs(user, c) / answer.length;
        if (services.heldConcurrency) holdingS.set(flow.holdingS);
        return { answer, userRttS: rttMs / 1000, perRequest, visits, serviceS, networkS, noReplica: tally.noReplica / unitPerS, holdingS };
      }
      unitPerS /= 2;
    }
  });
}
