import { predictNodeStop } from '../predictKube.js';
import type { ClusterSnapshot } from '../snapshot.js';
import { KUBE_VERSION } from './binaries.js';
import type { LocalKubeSettings } from './localKubeCluster.js';
import type { NodeFailureSetup } from './nodeFailure.js';

/**
 * The model's prediction for the local node-failure experiment, from the same pipeline `fleetsim
 * run` uses (predictKube.ts): the cluster as the experiment built it (its nodes, zones and the one
 * Deployment), the same node-lifecycle settings, a scripted fault on the node whose kwok is killed.
 *
 * Two runs. With the lease renewed as KWOK renews it (every quarter of its duration), the model's
 * times from the fault: to NotReady and to all replicas Ready. With the lease renewed every 0.1 s,
 * the last renewal is the moment of the fault, so the time to NotReady is the delay from the last
 * heartbeat, which the experiment measures from the lease's renewTime: the same quantity without the
 * random phase of the last renewal, so one real trial can be judged against it.
 */
export interface NodeFailurePrediction {
  killToNotReadyS: number[];
  killToAllReadyS: number[];
  notReadyToAllReadyS: number[];
  heartbeatToNotReadyS: number[];
  /** Trials in which the model had put no replica on that node (nothing to recover): left out. */
  emptyNode: number;
  censored: number;
}

export function localSnapshot(setup: NodeFailureSetup): ClusterSnapshot {
  return {
    context: 'local',
    nodes: setup.nodes.map((n) => ({ name: n.name, controlPlane: false, cpu: n.cpu, memory: n.memory, instanceType: undefined, zone: n.zone, region: n.region, provider: undefined, kubeletVersion: KUBE_VERSION })),
    workloads: [
      { kind: 'Deployment', namespace: setup.namespace, name: setup.deployment, replicas: setup.replicas, cpuMillicores: setup.podCpuMillicores, memoryBytes: setup.podMemoryMi * 2 ** 20, matchLabels: {} },
    ],
  };
}

/** The scenario's `kubernetes:` section for these settings, lease renewed every `renewS`. */
export function kubernetesSection(s: LocalKubeSettings, renewS: number): Record<string, unknown> {
  return {
    nodeStatusUpdateFrequency: `${renewS}s`,
    nodeMonitorPeriod: `${s.nodeMonitorPeriodS}s`,
    nodeMonitorGracePeriod: `${s.nodeMonitorGracePeriodS}s`,
    notReadyToleration: `${s.tolerationS}s`,
    unreachableToleration: `${s.tolerationS}s`,
    evictionRate: `${s.evictionRateNodesPerS}/s`,
    secondaryEvictionRate: `${s.secondaryEvictionRateNodesPerS}/s`,
    unhealthyZoneThreshold: `${Math.round(s.unhealthyZoneThresholdRatio * 1e6) / 1e4}%`,
    largeClusterSizeThreshold: s.largeClusterSizeThreshold,
    podStartup: `${s.podStartupMs}ms`,
  };
}

export function predictNodeFailure(setup: NodeFailureSetup, settings: LocalKubeSettings, nodeName: string, trials: number, seed: string | number): NodeFailurePrediction {
  const base = { snapshot: localSnapshot(setup), namespace: setup.namespace, workload: setup.deployment, trials, seed, nodeName };
  const asKwok = predictNodeStop({ ...base, kubernetes: kubernetesSection(settings, settings.nodeLeaseDurationS / 4) });
  const heartbeat = predictNodeStop({ ...base, kubernetes: kubernetesSection(settings, 0.1) });
  return {
    killToNotReadyS: asKwok.notReadyS,
    killToAllReadyS: asKwok.samplesS,
    notReadyToAllReadyS: asKwok.samplesS.map((x, i) => x - asKwok.notReadyS[i]),
    heartbeatToNotReadyS: heartbeat.notReadyS,
    emptyNode: asKwok.emptyNode,
    censored: asKwok.censored,
  };
}
