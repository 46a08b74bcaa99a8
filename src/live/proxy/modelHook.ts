import { Simulator } from '../../engine/simulator.js';
import { resolveFleet } from '../../model/fleet/resolveFleet.js';
import type { RuntimeState } from '../../model/runtime/state.js';
import { DeadEndpoints } from '../../model/traffic/deadEndpoints.js';
import { emptyTally, LoadFlow } from '../../model/traffic/loadFlow.js';
import { FleetNetwork } from '../../model/traffic/network.js';
import { TrafficRates } from '../../model/traffic/rates.js';
import { poolRetryOutcome, type PoolRetryOutcome } from '../../model/traffic/retryModel.js';
import { CallRoutes } from '../../model/traffic/routing.js';
import { ServiceModel } from '../../model/traffic/serviceModel.js';
import { parseScenario } from '../../scenario/index.js';
import type { AvoidPreviousHosts } from '../../scenario/specs/retries.js';

/**
 * Fleetsim's own prediction for a proxy experiment (issue 16): the rig's configuration written as a
 * one-cluster scenario (one service of N pods, concurrency c, constant service time S, the offered
 * rate, traffic.retries with k attempts and avoidPreviousHosts: last, HAProxy's redispatch), the
 * dead backends put in as dead-but-listed pods (HAProxy runs no health checks, so they stay in the
 * pool for the whole window, as fleetsim's lost pods before their node is marked NotReady), and run
 * through the fluid model's load flow (LoadFlow, retryModel.ts): the code every simulation uses.
 *
 * Only the fluid prediction is made here. The request-level mode needs a whole replication, and a
 * scripted fault cannot pin exactly D of N pods dead for the window; the two modes are held within
 * 0.1 pp of each other with avoidance in test/model/traffic/retries.test.ts instead.
 */
export interface ModelPrediction {
  readonly source: 'request-level' | 'fluid';
  readonly successRatio: number;
  /** Attempts per request that reached a backend or a dead one (the load amplification). */
  readonly attemptsPerRequest: number;
  readonly goodputPerS: number;
}

export interface ProxyScenarioConfig {
  readonly backends: number;
  readonly dead: number;
  readonly concurrency: number;
  readonly serviceMs: number;
  readonly ratePerS: number;
  readonly attempts: number;
  readonly queueTimeoutMs: number;
}

/** HAProxy's `option redispatch 1` retries to another server than the one that just failed. */
export const RIG_AVOIDANCE: AvoidPreviousHosts = 'last';

/** The rig as a scenario: one cluster, one service behind DNS ingress, one user region. */
export function proxyScenarioYaml(c: ProxyScenarioConfig, avoid: AvoidPreviousHosts = RIG_AVOIDANCE): string {
  const retries = c.attempts > 1 ? `, retries: { attempts: ${c.attempts}, retryOn: [deadEndpoint], avoidPreviousHosts: ${avoid} }` : '';
  return `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: proxy-rig }
topology:
  regions: [ { name: us-east-1 } ]
clusters:
  - name: c1
    region: us-east-1
    nodePools: [ { name: pool, instanceType: m6i.xlarge, count: ${Math.max(1, Math.ceil(c.backends / 8))} } ]
    controlPlane: { managed: { tier: eks-standard } }
workload:
  services:
    - name: backend
      replicas: ${c.backends}
      cpu: 100m
      memory: 64Mi
      concurrencyPerPod: ${c.concurrency}
      serviceTime: { constant: ${c.serviceMs}ms }
  userRegions:
    - { name: client, near: us-east-1, rate: ${c.ratePerS}/s, entryService: backend, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: haproxy
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }${retries} }
run: { horizon: 1h, seed: proxy }
`;
}

/** The fluid model's success ratio, attempts and goodput for the rig's pool with D of N pods dead but listed. */
export function fluidPrediction(c: ProxyScenarioConfig, avoid: AvoidPreviousHosts = RIG_AVOIDANCE): ModelPrediction {
  const parsed = parseScenario(proxyScenarioYaml(c, avoid), 'proxy-rig.yaml');
  if (!parsed.ok) throw new Error(`the proxy rig's scenario does not parse: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const sc = parsed.scenario;
  const fleet = resolveFleet(sc);
  const design = sc.designs[0];
  const services = new ServiceModel(sc, design, fleet);
  const network = new FleetNetwork(fleet, sc);
  const groups = services.serviceCount * network.clusterCount;
  // The load flow reads pod counts only: set them as the rig has them instead of simulating a fault.
  const pods = { desired: new Int32Array(groups), ready: new Int32Array(groups), lost: new Int32Array(groups) };
  const state = pods as unknown as RuntimeState;
  const sim = new Simulator();
  const routes = new CallRoutes(sim, state, network, design.traffic.mesh, () => true, services.serviceCount);
  const deadEndpoints = new DeadEndpoints(sim, state, design.traffic.mesh, groups);
  const flow = new LoadFlow(services, network, state, routes, deadEndpoints, new TrafficRates(sc.workload.userRegions.length, network.clusterCount));
  const g = services.indexByName.get('backend')! * network.clusterCount;
  pods.desired[g] = c.backends;
  pods.ready[g] = c.backends - c.dead;
  pods.lost[g] = c.dead;
  deadEndpoints.groupChanged(g);
  const entry = new Float64Array(groups);
  entry[g] = c.ratePerS;
  const tally = emptyTally();
  flow.begin([0], entry, [services.indexByName.get('backend')!]);
  flow.forward([0], Uint8Array.of(1), tally, 'reset');
  flow.backward([0]);
  const success = flow.successRatio[g];
  // Attempts per request, dead backends' refusals included: the outcome the flow itself computed
  // for this pool (retryModel.ts), asked again for its amplification (the flow keeps only the live part).
  const retry = services.retry;
  const attempts = retry === undefined ? 1 : poolRetryOutcome(retry, flow.deadEndpointShare[g], 0, 0, emptyOutcome(), c.backends).amplification;
  return { source: 'fluid', successRatio: success, attemptsPerRequest: attempts, goodputPerS: c.ratePerS * success };
}

function emptyOutcome(): PoolRetryOutcome {
  return { amplification: 0, liveAmplification: 0, success: 0, deadEndpoint: 0, shed: 0, impaired: 0 };
}

export function modelPredictions(config: ProxyScenarioConfig): { predictions: ModelPrediction[]; pendingReason: string | undefined } {
  return { predictions: [fluidPrediction(config)], pendingReason: undefined };
}
