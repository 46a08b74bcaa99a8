import { Simulator } from '../../../src/engine/simulator.js';
import type { RuntimeState } from '../../../src/model/runtime/state.js';
import { DeadEndpoints } from '../../../src/model/traffic/deadEndpoints.js';
import { LoadFlow } from '../../../src/model/traffic/loadFlow.js';
import { FleetNetwork } from '../../../src/model/traffic/network.js';
import { TrafficRates } from '../../../src/model/traffic/rates.js';
import { CallRoutes } from '../../../src/model/traffic/routing.js';
import { ServiceModel } from '../../../src/model/traffic/serviceModel.js';
import { world, type World } from '../runtime/fixture.js';

/** The pod counts the traffic model reads (a stand-in for the runtime's state). */
export interface Pods {
  readonly desired: Int32Array;
  readonly ready: Int32Array;
  readonly lost: Int32Array;
  /** Per service: groups with lost pods (RuntimeState.serviceLost; the tests that set `lost` by hand leave it 0). */
  readonly serviceLost: Int32Array;
}

/** The fluid model's static and routing parts for one design of a scenario, over pod counts the test sets. */
export interface TrafficParts {
  readonly world: World;
  readonly sim: Simulator;
  readonly pods: Pods;
  readonly state: RuntimeState;
  readonly services: ServiceModel;
  readonly network: FleetNetwork;
  readonly routes: CallRoutes;
  readonly deadEndpoints: DeadEndpoints;
  readonly rates: TrafficRates;
  readonly flow: LoadFlow;
  /** Group index of (service name, cluster). */
  group(service: string, cluster: number): number;
}

export function trafficParts(yaml: string, design = 0, dataplaneUp: (c: number) => boolean = () => true): TrafficParts {
  const w = world(yaml);
  const sc = w.scenario;
  const services = new ServiceModel(sc, sc.designs[design], w.fleet);
  const network = new FleetNetwork(w.fleet, sc);
  const groups = services.serviceCount * network.clusterCount;
  const pods: Pods = { desired: new Int32Array(groups), ready: new Int32Array(groups), lost: new Int32Array(groups), serviceLost: new Int32Array(services.serviceCount) };
  const state = pods as unknown as RuntimeState;
  const sim = new Simulator();
  const mesh = sc.designs[design].traffic.mesh;
  const routes = new CallRoutes(sim, state, network, mesh, dataplaneUp, services.serviceCount);
  const deadEndpoints = new DeadEndpoints(sim, state, mesh, groups);
  const rates = new TrafficRates(sc.workload.userRegions.length, network.clusterCount);
  const flow = new LoadFlow(services, network, state, routes, deadEndpoints, rates);
  const group = (service: string, cluster: number) => services.indexByName.get(service)! * network.clusterCount + cluster;
  return { world: w, sim, pods, state, services, network, routes, deadEndpoints, rates, flow, group };
}
