import { Simulator } from '../../engine/simulator.js';
import { resolveFleet } from '../../model/fleet/resolveFleet.js';
import type { RuntimeState } from '../../model/runtime/state.js';
import { FluidTraffic } from '../../model/traffic/fluid.js';
import { RequestLevelTraffic } from '../../model/traffic/requestLevel.js';
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
 * The request-level mode runs the same scenario's requests one by one (RequestLevelTraffic over the
 * fluid model's routing, REQUEST_LEVEL_HORIZON_S of simulated time) on the same pod counts. A
 * scripted fault cannot pin exactly D of N pods dead for a window, so neither mode runs a whole
 * replication: both read pod counts set as the rig has them. The request level's queues are
 * unbounded, so it is skipped when the offered load reaches the pool's capacity (overload).
 */
export interface ModelPrediction {
  readonly source: 'request-level' | 'fluid';
  readonly successRatio: number;
  /** Attempts per request that reached a backend or a dead one (the load amplification); undefined: not counted. */
  readonly attemptsPerRequest: number | undefined;
  readonly goodputPerS: number;
  /** Latency of the successful requests, ms, the model's user round trip taken off (the rig has none); NaN when the mode gives none. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface ProxyScenarioConfig {
  readonly backends: number;
  readonly dead: number;
  readonly concurrency: number;
  readonly serviceMs: number;
  readonly ratePerS: number;
  readonly attempts: number;
  readonly queueTimeoutMs: number;
  /**
   * Heavy-tailed service time instead of the constant serviceMs: lognormal with serviceMs as its
   * median and this p99 (the backends draw the same distribution: backendServer.ts).
   */
  readonly serviceP99Ms?: number;
  /** Per-try timeout (HAProxy's timeout server with retry-on response-timeout); retries then also retry timeouts. */
  readonly perTryTimeoutMs?: number;
  /**
   * Time a maxconn slot is held beyond the service time (the latency experiment's 2d through the
   * delay proxies): written into the scenario's service time, as HAProxy's slot sees it.
   */
  readonly extraHeldMs?: number;
  /** Unbounded FIFOs (shedding: none), as the rig's backends queue without HAProxy maxconn (retry-storm). */
  readonly unboundedQueues?: boolean;
}

/** HAProxy's `option redispatch 1` retries to another server than the one that just failed. */
export const RIG_AVOIDANCE: AvoidPreviousHosts = 'last';

/** The rig as a scenario: one cluster, one service behind DNS ingress, one user region. */
export function proxyScenarioYaml(c: ProxyScenarioConfig, avoid: AvoidPreviousHosts = RIG_AVOIDANCE): string {
  const timeout = c.perTryTimeoutMs !== undefined ? `, perTryTimeout: ${c.perTryTimeoutMs}ms` : '';
  const retryOn = c.perTryTimeoutMs !== undefined ? '[deadEndpoint, timeout]' : '[deadEndpoint]';
  // HAProxy redispatches at once (no backoff pause): the smallest backoff the schema takes.
  const backoff = ', backoff: { base: 1ms, max: 1ms }';
  const retries =
    c.attempts > 1
      ? `, retries: { attempts: ${c.attempts}, retryOn: ${retryOn}, avoidPreviousHosts: ${avoid}${timeout}${backoff} }`
      : // Written out even for one attempt: the design's default retry policy is not the rig's.
        `, retries: { attempts: 1${timeout} }`;
  const heldMs = c.serviceMs + (c.extraHeldMs ?? 0);
  // (The two are not combined: a lognormal shifted by 2d is no lognormal, and no experiment needs it.)
  const serviceTime = c.serviceP99Ms !== undefined ? `{ lognormal: { median: ${c.serviceMs}ms, p99: ${c.serviceP99Ms}ms } }` : `{ constant: ${heldMs}ms }`;
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
      serviceTime: ${serviceTime}
  userRegions:
    - { name: client, near: us-east-1, rate: ${c.ratePerS}/s, entryService: backend, diurnal: { peakToTrough: 1, peakHourUtc: 0 } }
designs:
  - name: haproxy
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} }${c.unboundedQueues ? ', shedding: { policy: none }' : ''}${retries} }
run: { horizon: 1h, seed: proxy }
`;
}

/** Simulated seconds of requests for the request-level prediction: about 10,000 requests at 250/s (40 ms). */
export const REQUEST_LEVEL_HORIZON_S = 40;

/** The rig as a parsed scenario, its fleet, and pod counts (service × cluster, one of each) set as the rig has them. */
function rigWorld(c: ProxyScenarioConfig, avoid: AvoidPreviousHosts = RIG_AVOIDANCE) {
  const parsed = parseScenario(proxyScenarioYaml(c, avoid), 'proxy-rig.yaml');
  if (!parsed.ok) throw new Error(`the proxy rig's scenario does not parse: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const sc = parsed.scenario;
  // The traffic model reads pod counts only: set them instead of simulating a fault.
  const pods = { desired: Int32Array.of(c.backends), ready: Int32Array.of(c.backends - c.dead), lost: Int32Array.of(c.dead), clusterCount: 1 };
  return { sc, fleet: resolveFleet(sc), design: sc.designs[0], pods, state: pods as unknown as RuntimeState };
}

/** Below this share of the live pods' capacity both modes' queues stay bounded over the horizon. */
function underCapacity(c: ProxyScenarioConfig): boolean {
  const liveCapacityPerS = ((c.backends - c.dead) * c.concurrency * 1000) / (c.serviceMs + (c.extraHeldMs ?? 0));
  return c.ratePerS < liveCapacityPerS;
}

/**
 * REQUEST_LEVEL_HORIZON_S simulated seconds of the rig: the fluid model stepping in time (its
 * latency estimate: latencyEstimates.ts, the Monte Carlo with retries) and the request-level mode
 * on top of it. Both latencies include the user's round trip to the cluster the scenario needs
 * (the rig has none): it is taken off.
 */
function timedRun(c: ProxyScenarioConfig, avoid: AvoidPreviousHosts) {
  const { sc, fleet, design, state } = rigWorld(c, avoid);
  const sim = new Simulator();
  const horizonS = REQUEST_LEVEL_HORIZON_S;
  const common = { seed: 'proxy-rig', replication: 0, horizonS, warmupS: 0, dataplaneUp: () => true };
  const fluid = new FluidTraffic({ sim, st: state, fleet, scenario: sc, design, ...common });
  const requests = new RequestLevelTraffic(sim, state, fluid, sc, { ...common, retries: design.traffic.retries, heldConcurrency: design.traffic.heldConcurrency, traffic: design.traffic });
  const userRttS = fluid.userRttS(0, 0);
  sim.run({ untilS: horizonS });
  return { fluid: fluid.finish(), requests: requests.summary(), userRttS, horizonS };
}

const latencyMs = (s: number, userRttS: number) => (Number.isFinite(s) ? (s - userRttS) * 1000 : Number.NaN);

/** The request-level mode's success ratio, attempts, goodput, p50 and p99; undefined when the offered load reaches the live pods' capacity. */
export function requestLevelPrediction(c: ProxyScenarioConfig, avoid: AvoidPreviousHosts = RIG_AVOIDANCE): ModelPrediction | undefined {
  if (!underCapacity(c)) return undefined;
  return requestLevelOf(timedRun(c, avoid));
}

function requestLevelOf(run: ReturnType<typeof timedRun>): ModelPrediction {
  const { requests: s, userRttS, horizonS } = run;
  return {
    source: 'request-level',
    successRatio: s.availability,
    // Attempts at the one hop there is, per user request (a refused connection to a dead pod counts).
    attemptsPerRequest: s.requests > 0 ? s.attempts.attempts / s.requests : undefined,
    goodputPerS: (s.requests - s.failedRequests) / horizonS,
    p50Ms: latencyMs(s.latency.quantile(0.5), userRttS),
    p99Ms: latencyMs(s.latency.quantile(0.99), userRttS),
  };
}

/**
 * The fluid model's success ratio, attempts and goodput for the rig's pool with D of N pods dead
 * but listed (one pass of its load flow: exact, no sampling), and its p50 and p99 from a timed run
 * (NaN under overload, where that run is not made).
 */
export function fluidPrediction(c: ProxyScenarioConfig, avoid: AvoidPreviousHosts = RIG_AVOIDANCE, run?: ReturnType<typeof timedRun>): ModelPrediction {
  const { sc, fleet, design, state } = rigWorld(c, avoid);
  const services = new ServiceModel(sc, design, fleet);
  const network = new FleetNetwork(fleet, sc);
  const groups = services.serviceCount * network.clusterCount;
  const sim = new Simulator();
  const routes = new CallRoutes(sim, state, network, design.traffic.mesh, () => true, services.serviceCount);
  const deadEndpoints = new DeadEndpoints(sim, state, design.traffic.mesh, groups);
  const flow = new LoadFlow(services, network, state, routes, deadEndpoints, new TrafficRates(sc.workload.userRegions.length, network.clusterCount));
  const g = services.indexByName.get('backend')! * network.clusterCount;
  deadEndpoints.groupChanged(g);
  const entry = new Float64Array(groups);
  entry[g] = c.ratePerS;
  const tally = emptyTally();
  flow.begin([0], entry, [services.indexByName.get('backend')!]);
  flow.forward([0], Uint8Array.of(1), tally, 'reset');
  flow.backward([0]);
  const success = flow.successRatio[g];
  // Attempts per request, dead backends' refusals included: the outcome the flow itself computed
  // for this pool (retryModel.ts), asked again for its amplification (the flow keeps only the live
  // part). With a per-try timeout (and no dead pod) the timed-out attempts are in what the live
  // pods were offered: the flow's offered rate over the user rate.
  const retry = services.retry;
  const attempts =
    c.perTryTimeoutMs !== undefined && c.dead === 0
      ? flow.pools[g].offeredPerS / c.ratePerS
      : retry === undefined
        ? 1
        : poolRetryOutcome(retry, flow.deadEndpointShare[g], 0, 0, emptyOutcome(), c.backends).amplification;
  const timed = run ?? (underCapacity(c) ? timedRun(c, avoid) : undefined);
  return {
    source: 'fluid',
    successRatio: success,
    attemptsPerRequest: attempts,
    goodputPerS: c.ratePerS * success,
    p50Ms: timed === undefined ? Number.NaN : latencyMs(timed.fluid.latency.p50S, timed.userRttS),
    p99Ms: timed === undefined ? Number.NaN : latencyMs(timed.fluid.latency.p99S, timed.userRttS),
  };
}

function emptyOutcome(): PoolRetryOutcome {
  return { amplification: 0, liveAmplification: 0, success: 0, deadEndpoint: 0, shed: 0, impaired: 0, timeout: 0 };
}

export function modelPredictions(config: ProxyScenarioConfig): { predictions: ModelPrediction[]; pendingReason: string | undefined } {
  if (!underCapacity(config)) return { predictions: [fluidPrediction(config)], pendingReason: undefined };
  const run = timedRun(config, RIG_AVOIDANCE);
  return { predictions: [fluidPrediction(config, RIG_AVOIDANCE, run), requestLevelOf(run)], pendingReason: undefined };
}

/** Fleetsim's verdict on the retry storm, per mode. */
export interface StormPrediction {
  readonly source: 'request-level' | 'fluid';
  /** The storm outlives its trigger to the end of the run. */
  readonly persists: boolean;
  /** Request level: goodput in the last second, /s (NaN for the fluid model, which reports storm seconds). */
  readonly endGoodputPerS: number;
  /** Fluid: seconds some pool stayed overloaded although its load without retries fit (overload.ts stormS); NaN for the request level. */
  readonly stormS: number;
  readonly successRatio: number;
}

export interface StormScenarioTiming {
  readonly beforeMs: number;
  readonly pauseMs: number;
  readonly afterMs: number;
}

/**
 * The retry-storm experiment through both modes (semantics §5): the rig's pool with unbounded
 * FIFOs, the per-try timeout and k attempts, and as the trigger the nearest thing fleetsim has to
 * the rig's stall: all pods but one gone (not listed) for the stall's duration, then back. (A stall
 * queues attempts that then time out; losing three of four pods queues the excess on the last one:
 * both push waits past T within a fraction of a second, which is all the verdict needs. No pods at
 * all would fail requests at once as noReplica, building no backlog.)
 */
export function stormPredictions(c: ProxyScenarioConfig, t: StormScenarioTiming): StormPrediction[] {
  const config = { ...c, unboundedQueues: true };
  const { sc, fleet, design, pods, state } = rigWorld(config);
  const sim = new Simulator();
  const horizonS = (t.beforeMs + t.pauseMs + t.afterMs) / 1000;
  const bucketS = 0.5;
  const common = { seed: 'proxy-rig', replication: 0, horizonS, warmupS: 0, dataplaneUp: () => true };
  const fluid = new FluidTraffic({ sim, st: state, fleet, scenario: sc, design, ...common });
  const requests = new RequestLevelTraffic(sim, state, fluid, sc, { ...common, retries: design.traffic.retries, heldConcurrency: design.traffic.heldConcurrency, traffic: design.traffic, goodputBucketS: bucketS });
  const capacity = sim.register('proxyRig/capacity', (ready) => {
    pods.ready[0] = ready;
    fluid.groupChanged(0, 0);
  });
  sim.at(t.beforeMs / 1000, capacity, 1);
  sim.at((t.beforeMs + t.pauseMs) / 1000, capacity, c.backends);
  sim.run({ untilS: horizonS });
  const f = fluid.finish();
  const r = requests.summary();
  const lastS = 1;
  const buckets = Math.round(lastS / bucketS);
  const first = Math.round((horizonS - lastS) / bucketS);
  let end = 0;
  for (let i = first; i < first + buckets; i++) end += r.goodput[i] ?? 0;
  const endGoodputPerS = end / lastS;
  const afterS = t.afterMs / 1000;
  return [
    // The storm's seconds reach the end of the run: it lasted (almost) the whole time after the trigger.
    { source: 'fluid', persists: (f.overload?.stormS ?? 0) >= afterS - 0.5, endGoodputPerS: Number.NaN, stormS: f.overload?.stormS ?? 0, successRatio: f.availability },
    { source: 'request-level', persists: endGoodputPerS < 0.1 * c.ratePerS, endGoodputPerS, stormS: Number.NaN, successRatio: r.availability },
  ];
}
