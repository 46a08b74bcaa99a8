import type { RandomStream } from '../../engine/rng.js';
import type { Distribution } from '../../engine/distributions.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { ClusterSpec } from '../../scenario/types.js';

/** Kubernetes timings of one cluster, in seconds (defaults and sources: scenario/defaults.ts). */
export interface KubeClusterTimings {
  readonly leaseRenewIntervalS: number;
  readonly nodeMonitorPeriodS: number;
  readonly nodeMonitorGracePeriodS: number;
  readonly unreachableTolerationS: number;
  readonly evictionRateNodesPerS: number;
  readonly secondaryEvictionRateNodesPerS: number;
  readonly unhealthyZoneThresholdRatio: number;
  readonly largeClusterSizeThreshold: number;
  readonly schedulerThroughputPodsPerS: number;
  readonly controllerManagerApiQps: number;
  readonly controllerManagerApiBurst: number;
  readonly taintEvictionRequestsPerPod: number;
  readonly podStartup: Distribution;
  /** undefined when no pool of the cluster autoscales. */
  readonly autoscalerDecision: Distribution | undefined;
  readonly nodeProvisioning: Distribution | undefined;
}

/** Random streams the controllers draw from, one per cluster and purpose. */
export interface KubeClusterStreams {
  /** Timer phases: the node monitor's, then every node's lease renewal (node lifecycle). */
  readonly phases: RandomStream;
  /** Pod startup delays (pod startup). */
  readonly podStartup: RandomStream;
  /** Decision and provisioning delays (cluster autoscaler). */
  readonly autoscaler: RandomStream;
}

/** Resolve a cluster's Kubernetes timings into seconds and samplers. */
export function kubeTimings(spec: ClusterSpec): KubeClusterTimings {
  const k = spec.kubernetes;
  const autoscales = spec.nodePools.some((p) => p.autoscaling !== undefined);
  return {
    leaseRenewIntervalS: k.nodeStatusUpdateFrequencyS,
    nodeMonitorPeriodS: k.nodeMonitorPeriodS,
    nodeMonitorGracePeriodS: k.nodeMonitorGracePeriodS,
    unreachableTolerationS: k.unreachableTolerationS,
    evictionRateNodesPerS: k.evictionRateNodesPerS,
    secondaryEvictionRateNodesPerS: k.secondaryEvictionRateNodesPerS,
    unhealthyZoneThresholdRatio: k.unhealthyZoneThresholdRatio,
    largeClusterSizeThreshold: k.largeClusterSizeThreshold,
    schedulerThroughputPodsPerS: k.schedulerThroughputPodsPerS,
    controllerManagerApiQps: k.controllerManagerApiQps,
    controllerManagerApiBurst: k.controllerManagerApiBurst,
    taintEvictionRequestsPerPod: k.taintEvictionRequestsPerPod,
    podStartup: toDistribution(k.podStartup),
    autoscalerDecision: autoscales ? toDistribution(spec.autoscaler.decisionDelay) : undefined,
    nodeProvisioning: autoscales ? toDistribution(spec.autoscaler.nodeProvisioning) : undefined,
  };
}
