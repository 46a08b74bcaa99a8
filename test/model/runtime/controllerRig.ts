import { constant } from '../../../src/engine/distributions.js';
import { createStream } from '../../../src/engine/rng.js';
import { Simulator } from '../../../src/engine/simulator.js';
import { ControlPlaneState } from '../../../src/model/runtime/controlPlane.js';
import { KubeControllers } from '../../../src/model/runtime/kubeControllers.js';
import type { KubeClusterTimings } from '../../../src/model/runtime/kubeTimings.js';
import { RuntimeState } from '../../../src/model/runtime/state.js';
import { singleCluster, world } from './fixture.js';

/** Timings with round numbers, so that event times can be asserted exactly. */
export const RIG_TIMINGS: KubeClusterTimings = {
  leaseRenewIntervalS: 10,
  nodeMonitorPeriodS: 5,
  nodeMonitorGracePeriodS: 40,
  unreachableTolerationS: 300,
  evictionRateNodesPerS: 0.1,
  secondaryEvictionRateNodesPerS: 0.01,
  unhealthyZoneThresholdRatio: 0.55,
  largeClusterSizeThreshold: 50,
  schedulerThroughputPodsPerS: 100,
  controllerManagerApiQps: 20,
  controllerManagerApiBurst: 30,
  taintEvictionRequestsPerPod: 3,
  podStartup: constant(2),
  autoscalerDecision: undefined,
  nodeProvisioning: undefined,
};

/**
 * One cluster of `nodes` m6i.xlarge nodes (about 3.9 allocatable vCPU each) spread round-robin over
 * `zones` zones, one service per entry of `serviceCpuMillicores`, and the Kubernetes controllers,
 * with no pod yet: tests drive the controllers directly and watch events through `sim.trace`.
 */
export function controllerRig(opts: { nodes: number; zones?: number; serviceCpuMillicores?: number[]; timings?: Partial<KubeClusterTimings> }) {
  const fleet = world(singleCluster({ nodes: opts.nodes, replicas: 1, zones: opts.zones ?? 3 })).fleet;
  const cpu = opts.serviceCpuMillicores ?? [500];
  const st = new RuntimeState(fleet, cpu, cpu.map(() => 512 * 2 ** 20), [[]]);
  const sim = new Simulator(64);
  const cp = new ControlPlaneState(1);
  const timings = [{ ...RIG_TIMINGS, ...opts.timings }];
  const streams = [{ phases: createStream('rig', 0, 'phases'), podStartup: createStream('rig', 0, 'startup'), autoscaler: createStream('rig', 0, 'ca') }];
  const kube = new KubeControllers(sim, st, cp, timings, streams);
  /** Times of the events of the named type (e.g. 'kube/taintTick') dispatched from now on. */
  const times = (name: string): number[] => {
    const out: number[] = [];
    const previous = sim.trace;
    sim.trace = (t, type, typeName, arg) => {
      previous?.(t, type, typeName, arg);
      if (typeName === name) out.push(t);
    };
    return out;
  };
  return { fleet, st, sim, cp, kube, times };
}

/** Node ids of zone `zone` (the fleet's nodes, not spares). */
export function nodesInZone(st: RuntimeState, zone: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < st.nodeCount; n++) if (st.nodeZone[n] === st.fleet.clusters[0].zoneIds[zone]) out.push(n);
  return out;
}
