import { Simulator } from '../../engine/simulator.js';
import { createStream } from '../../engine/rng.js';
import type { ClusterSpec, Design, FailoverSpec, HpaSpec, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { CompiledService } from '../placement/compile.js';
import { FluidTraffic } from '../traffic/fluid.js';
import { RequestLevelTraffic } from '../traffic/requestLevel.js';
import { ControlPlaneState } from '../runtime/controlPlane.js';
import { EtcdRuntime } from '../runtime/etcdRuntime.js';
import { HorizontalPodAutoscalers } from '../runtime/hpaController.js';
import { KarmadaFailover } from '../runtime/karmadaFailover.js';
import { KubeControllers } from '../runtime/kubeControllers.js';
import { kubeTimings, type KubeClusterStreams } from '../runtime/kubeTimings.js';
import type { ReplicationInput } from './replicationTypes.js';
import { RuntimeState } from '../runtime/state.js';
import { buildStores, type StoreRuntime, type StoreRuntimeFactory } from './storeRuntime.js';

/** The simulated fleet of one replication, built and in its initial state, ready to run. */
export interface ReplicationWiring {
  readonly sim: Simulator;
  readonly fleet: Fleet;
  /** The design simulated, and its view of the scenario when the input has one (traffic runs). */
  readonly design: Design;
  readonly scenario: Scenario | undefined;
  /** Per fleet cluster, its scenario spec. */
  readonly specs: readonly ClusterSpec[];
  readonly services: readonly CompiledService[];
  readonly st: RuntimeState;
  readonly cp: ControlPlaneState;
  readonly kube: KubeControllers;
  readonly etcd: EtcdRuntime;
  readonly karmada: KarmadaFailover;
  /**
   * Per service: the replicas the design asks for, summed over clusters (placed or not). For a
   * service with a HorizontalPodAutoscaler, what its autoscalers ask for: the sum of its desired
   * counts over clusters, updated (by the first of `hpa.listeners`) whenever an HPA changes one.
   */
  readonly required: Int32Array;
  /**
   * Per cluster: active faults holding its data plane (load balancer, network) down, i.e. its region
   * or the whole cluster being out; a control-plane outage alone leaves it serving. Written by the
   * fault replay, read by the traffic models (through `dataplaneUp`).
   */
  readonly dataplaneDownCauses: Int32Array;
  /** The fluid traffic model, when the input has a scenario. */
  readonly traffic: FluidTraffic | null;
  /** The request-level model, in 'requests' mode (the fluid model runs beside it). */
  readonly requestLevel: RequestLevelTraffic | null;
  /**
   * The HorizontalPodAutoscalers, when a service has one and the traffic model runs (they act on the
   * simulated load; without it there is none to act on). Null otherwise: nothing of them exists.
   */
  readonly hpa: HorizontalPodAutoscalers | null;
  /**
   * The design's datastores (docs/state.md), when the traffic model runs and the scenario declares
   * any; null otherwise (nothing of them exists). Told of faults by the fault replay.
   */
  readonly datastores: StoreRuntime | null;
}

/**
 * Build one replication: the simulator, the runtime state with its autoscaler spares, the control
 * planes, Kubernetes controllers, etcd quorums and Karmada; the design's placement seeded as running
 * pods; and the traffic models when asked. Nothing is measured or replayed yet. The order of
 * construction is the order of event-type registration and of events scheduled at set-up; results
 * depend on the latter (ties at one instant go first-scheduled first), so keep it. Long because
 * that order is the point: split up, the steps would hide it.
 */
export function wireReplication(input: ReplicationInput, storeRuntime?: StoreRuntimeFactory): ReplicationWiring {
  const { fleet, resolved, design, horizonS, warmupS } = input;
  if (!(horizonS > warmupS && warmupS >= 0)) throw new RangeError(`need 0 <= warm-up < horizon, got ${warmupS} and ${horizonS}`);
  const specs = fleet.clusters.map((c) => {
    const spec = input.clusters.find((s) => s.name === c.name);
    if (!spec) throw new RangeError(`no cluster spec for "${c.name}"`);
    return spec;
  });
  const services = resolved.services;
  const C = fleet.clusters.length;
  const stream = (name: string) => createStream(input.seed, input.replication, name);

  const st = new RuntimeState(
    fleet,
    services.map((s) => s.cpuMillicores),
    services.map((s) => s.memoryBytes),
    autoscalerSpares(fleet, specs),
  );
  const sim = new Simulator(4096);
  const cp = new ControlPlaneState(C);
  const streams: KubeClusterStreams[] = fleet.clusters.map((c) => ({
    phases: stream(`kube/${c.name}/timerPhases`),
    podStartup: stream(`kube/${c.name}/podStartup`),
    autoscaler: stream(`kube/${c.name}/autoscaler`),
  }));
  const kube = new KubeControllers(sim, st, cp, specs.map(kubeTimings), streams);
  const etcd = new EtcdRuntime(sim, fleet, specs, cp, input.seed, input.replication);

  // Initial state: the design's placement, every placed pod ready.
  const assigned = new Int32Array(services.length * C);
  const required = new Int32Array(services.length);
  resolved.placement.services.forEach((p, s) => {
    let offset = 0;
    for (let c = 0; c < C; c++) {
      assigned[s * C + c] = p.assigned[c];
      required[s] += p.assigned[c];
      kube.seed(s, c, p.podNodes.subarray(offset, offset + p.placed[c]), p.assigned[c]);
      offset += p.placed[c];
    }
    required[s] += p.unscheduled;
  });
  configureStatefulSets(input, services, kube);
  const failoverBy = new Map(design.policies.map((p) => [p.service, p.failover]));
  const failover: FailoverSpec[] = services.map((s) => failoverBy.get(s.name)!);
  const karmada = new KarmadaFailover(sim, st, kube, cp, services, failover, assigned, stream('karmada/probePhases'), design.karmada);

  const dataplaneDownCauses = new Int32Array(C);
  const dataplaneUp = (c: number) => dataplaneDownCauses[c] === 0;
  // Services with an autoscaler: the design's (the view's scenario carries its overrides).
  const hpaSpecs = input.scenario?.workload.services.map((s) => s.autoscaling) ?? [];
  const autoscaled = hpaSpecs.flatMap((h, s) => (h !== undefined ? [s] : []));
  // Before the traffic model, whose first evaluation has the stores' base latency (only scenarios with datastores).
  const stores = buildStores(input, sim, fleet, storeRuntime);
  const traffic =
    input.scenario !== undefined
      ? new FluidTraffic({
          sim,
          st,
          fleet,
          scenario: input.scenario,
          design,
          seed: input.seed,
          replication: input.replication,
          horizonS,
          warmupS,
          repeatQuietDays: input.repeatQuietDays !== false,
          dataplaneUp,
          ...(autoscaled.length > 0 ? { utilizationOf: autoscaled } : {}),
          ...(stores !== null ? { storeLatencyS: stores.sink.baseLatencyS } : {}),
        })
      : null;
  if (stores !== null && traffic !== null) stores.sink.attach(traffic);
  const requestLevel =
    traffic !== null && input.trafficMode === 'requests'
      ? new RequestLevelTraffic(sim, st, traffic, input.scenario!, { seed: input.seed, replication: input.replication, warmupS, horizonS, dataplaneUp, retries: design.traffic.retries, traffic: design.traffic })
      : null;

  const hpa = traffic !== null && autoscaled.length > 0 ? autoscalers(input, { sim, st, cp, kube, traffic, required }, hpaSpecs) : null;

  return { sim, fleet, design, scenario: input.scenario, specs, services, st, cp, kube, etcd, karmada, required, dataplaneDownCauses, traffic, requestLevel, hpa, datastores: stores?.runtime ?? null };
}

/**
 * Services that own storage run as StatefulSets (docs/state.md). Only scenarios that have one
 * configure them, so the others' runtime is untouched; capacity-only runs (no scenario) have none.
 */
function configureStatefulSets(input: ReplicationInput, services: readonly CompiledService[], kube: KubeControllers): void {
  const specs = services.map((svc) => input.scenario?.workload.services.find((x) => x.name === svc.name)?.statefulSet);
  if (specs.some((x) => x !== undefined)) kube.configureStatefulSets(specs);
}

/**
 * The HPAs, reading utilization from the fluid model; built last, so their first syncs are booked
 * after every other set-up event. Their first listener keeps `required` at the sum of the desired
 * counts of each autoscaled service.
 */
function autoscalers(
  input: ReplicationInput,
  w: { sim: Simulator; st: RuntimeState; cp: ControlPlaneState; kube: KubeControllers; traffic: FluidTraffic; required: Int32Array },
  specs: readonly (HpaSpec | undefined)[],
): HorizontalPodAutoscalers {
  const { st, traffic, required } = w;
  const hpa = new HorizontalPodAutoscalers(w.sim, st, w.cp, w.kube.replicaSets, {
    specs,
    utilization: (s, c) => traffic.utilization(s, c),
    phaseStreams: input.fleet.clusters.map((c) => createStream(input.seed, input.replication, `kube/${c.name}/hpaPhases`)),
    horizonS: input.horizonS,
  });
  traffic.onUtilizationChange = (c) => hpa.wake(c);
  hpa.listeners.push((s) => {
    let sum = 0;
    for (let c = 0; c < st.clusterCount; c++) sum += st.desired[st.group(s, c)];
    required[s] = sum;
  });
  return hpa;
}

/** Autoscaler spares per cluster: every autoscaling pool may grow to its maximum. */
function autoscalerSpares(fleet: Fleet, specs: readonly ClusterSpec[]): { poolId: number; count: number }[][] {
  return specs.map((spec, c) =>
    spec.nodePools.flatMap((p) => {
      if (!p.autoscaling) return [];
      const pool = fleet.nodePools.find((fp) => fp.clusterId === c && fp.name === p.name)!;
      return [{ poolId: pool.id, count: Math.max(0, p.autoscaling.maxCount - p.count) }];
    }),
  );
}
