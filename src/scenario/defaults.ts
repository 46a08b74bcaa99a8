import { ISTIO_SIDECAR } from './meshSidecar.js';
import type { DistributionSpec, ManagedTier, OutlierDetectionSpec } from './types.js';

/**
 * Every default a scenario may leave out, with where it comes from (docs/references.md unless
 * said otherwise). "Assumption" marks a value chosen by us where no published figure exists.
 */

/** z such that P(Z ≤ z) = 0.99 for a standard normal (lognormal fits from a median and a p99). */
export const Z_99 = 2.3263478740408408;

// Topology. Assumption: typical same-zone and cross-zone RTTs inside one cloud region.
export const INTRA_ZONE_RTT_MS = 0.2;
export const INTER_ZONE_RTT_MS = 1;

// Kubernetes. kubelet config reference / kube-controller-manager reference / Kubernetes 1.32 changelog.
export const DEFAULT_KUBERNETES_VERSION = '1.32';
export const NODE_STATUS_UPDATE_FREQUENCY_S = 10;
export const NODE_MONITOR_PERIOD_S = 5;
/** --node-monitor-grace-period was 40 s and became 50 s in Kubernetes 1.32. */
export function nodeMonitorGracePeriodS(kubernetesVersion: string): number {
  const [major, minor] = kubernetesVersion.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 32) ? 50 : 40;
}
// Taints and tolerations docs: DefaultTolerationSeconds admission plugin, since 1.18.
export const NOT_READY_TOLERATION_S = 300;
export const UNREACHABLE_TOLERATION_S = 300;
// Node controller: --node-eviction-rate, --secondary-node-eviction-rate, thresholds.
export const EVICTION_RATE_NODES_PER_S = 0.1;
export const SECONDARY_EVICTION_RATE_NODES_PER_S = 0.01;
export const UNHEALTHY_ZONE_THRESHOLD_RATIO = 0.55;
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
// Kubernetes scalability tests: ~100 pods/s.
export const SCHEDULER_THROUGHPUT_PODS_PER_S = 100;
/**
 * kube-controller-manager --kube-api-qps 20 and --kube-api-burst 30 (k8s.io/kubernetes
 * pkg/controller/apis/config/v1alpha1/defaults.go). Every controller builds its own clientset from
 * this config (controller-manager pkg/clientbuilder), so each has its own token bucket: the
 * ReplicaSet controller's creations and the taint-eviction controller's deletions do not share one.
 */
export const CONTROLLER_MANAGER_API_QPS = 20;
export const CONTROLLER_MANAGER_API_BURST = 30;
/**
 * API requests the taint-eviction controller makes per evicted pod: GET, PATCH of the
 * DisruptionTarget condition, DELETE (pkg/controller/tainteviction/taint_eviction.go,
 * addConditionAndDeletePod) since PodDisruptionConditions went beta, on by default, in 1.26;
 * before that the DELETE alone.
 */
export function taintEvictionRequestsPerPod(kubernetesVersion: string): number {
  const [major, minor] = kubernetesVersion.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 26) ? 3 : 1;
}
export const MAX_PODS_PER_NODE = 110; // kubelet --max-pods default
/** sig-scalability SLO: stateless pod startup p99 ≤ 5 s (image pull excluded). Assumption: median 2 s. */
export const POD_STARTUP: DistributionSpec = lognormalSpec(2, 5);
/** cluster-autoscaler FAQ: ≤ 30 s below 100 nodes, average ~5 s. Assumption: lognormal median 5 s, p99 30 s. */
export const AUTOSCALER_DECISION: DistributionSpec = lognormalSpec(5, 30);
/** Karpenter / vendor reports: ~30–40 s to 1–2 min, up to several minutes. Assumption: median 60 s, p99 4 min. */
export const NODE_PROVISIONING: DistributionSpec = lognormalSpec(60, 240);

// etcd tuning guide and configuration docs.
export const DEFAULT_ETCD_VERSION = '3.5';
export const ETCD_HEARTBEAT_INTERVAL_S = 0.1;
export const ETCD_ELECTION_TIMEOUT_S = 1.0;
/** pre-vote: off in 3.4, on by default from 3.5 (etcd PR 12770). */
export function etcdPreVoteDefault(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 5);
}
/** check-quorum is always on in the etcd server. */
export const ETCD_CHECK_QUORUM = true;
/** etcd FAQ: clusters larger than 7 members are not recommended. */
export const ETCD_MAX_RECOMMENDED_MEMBERS = 7;

// Karmada controller-manager and failover docs.
export const KARMADA_CLUSTER_STATUS_INTERVAL_S = 10;
export const KARMADA_FAILURE_THRESHOLD_S = 30;
export const KARMADA_TOLERATION_S = 300;
export const KARMADA_PURGE_MODE = 'Graciously' as const;
export const KARMADA_GRACEFUL_EVICTION_TIMEOUT_S = 600;

// Traffic. Route 53 developer guide; gcloud health-check defaults; istio DestinationRule.
export const DNS_HEALTH_CHECK_INTERVAL_S = 30;
export const DNS_FAILURE_THRESHOLD = 3;
/** Assumption: 60 s is the common GSLB record TTL (Route 53 console default for many record types). */
export const DNS_TTL_S = 60;
/** Assumption: clients honour the TTL; set clientOvershoot to model resolvers and apps that cache longer. */
export const DNS_CLIENT_OVERSHOOT: DistributionSpec = { kind: 'constant', valueS: 0 };
export const ANYCAST_HEALTH_CHECK_INTERVAL_S = 5;
export const ANYCAST_UNHEALTHY_THRESHOLD = 2;
export const MESH_LOCALITY_ORDER = ['zone', 'region', 'any'] as const;
export const OUTLIER_DETECTION: Omit<OutlierDetectionSpec, 'ejection' | 'successRate'> = { consecutive5xx: 5, intervalS: 10, baseEjectionTimeS: 30, maxEjectionPercent: 10, minHealthPercent: 0 };

// Workload. Assumptions: a pod serves one request at a time unless told; no logging; no user payload.
export const CONCURRENCY_PER_POD = 1;
export const LOG_BYTES_PER_REQUEST = 0;
export const RESPONSE_BYTES = 0;
export const CALL_REQUEST_BYTES = 1024; // assumption: 1 KiB per RPC request
export const CALL_RESPONSE_BYTES = 4096; // assumption: 4 KiB per RPC response
/** Assumption: a user near a cloud region reaches it through the last mile in ~10 ms. */
export const USER_ACCESS_RTT_MS = 10;

// Faults. Assumption: control-plane outages implied by an SLA last, on average, 30 minutes.
export const CONTROL_PLANE_OUTAGE: DistributionSpec = { kind: 'exponential', meanS: 1800 };

// Run. Assumptions: a year; no warm-up (runs start from a healthy, steady fleet); 10 replications.
export const HORIZON_S = 365 * 86400;
export const WARMUP_S = 0;
export const REPLICATIONS = 10;
export const SEED = '1';

/** Managed control planes: SLA availability and fee (docs/references.md "Availability figures", "Prices"). */
export interface ManagedTierInfo {
  readonly provider: 'aws' | 'gcp' | 'azure';
  /** SLA with the cluster spread over ≥ 2 zones, and on one zone (AKS distinguishes them). */
  readonly slaMultiZoneRatio: number | undefined;
  readonly slaSingleZoneRatio: number | undefined;
  readonly feeUsdPerHour: number;
  readonly source: string;
}

export const MANAGED_TIERS: Readonly<Record<ManagedTier, ManagedTierInfo>> = {
  'eks-standard': { provider: 'aws', slaMultiZoneRatio: 0.9995, slaSingleZoneRatio: 0.9995, feeUsdPerHour: 0.1, source: 'AWS EKS SLA; EKS pricing (standard support), 2024–2026' },
  'eks-extended': { provider: 'aws', slaMultiZoneRatio: 0.9995, slaSingleZoneRatio: 0.9995, feeUsdPerHour: 0.6, source: 'AWS EKS SLA; EKS pricing (extended support), 2024–2026' },
  'gke-regional': { provider: 'gcp', slaMultiZoneRatio: 0.9995, slaSingleZoneRatio: 0.9995, feeUsdPerHour: 0.1, source: 'GKE SLA (regional); GKE pricing, 2020–2026' },
  'gke-zonal': { provider: 'gcp', slaMultiZoneRatio: 0.995, slaSingleZoneRatio: 0.995, feeUsdPerHour: 0.1, source: 'GKE SLA (zonal); GKE pricing, 2020–2026' },
  'aks-free': { provider: 'azure', slaMultiZoneRatio: undefined, slaSingleZoneRatio: undefined, feeUsdPerHour: 0, source: 'AKS docs: Free tier has no SLA; AKS pricing 2024' },
  'aks-standard': { provider: 'azure', slaMultiZoneRatio: 0.9995, slaSingleZoneRatio: 0.999, feeUsdPerHour: 0.1, source: 'AKS docs: Standard 99.95% with zones, 99.9% without; AKS pricing 2024' },
};

export function lognormalSpec(medianS: number, p99S: number): DistributionSpec {
  return { kind: 'lognormal', medianS, sigma: Math.log(p99S / medianS) / Z_99 };
}

// HorizontalPodAutoscaler: kube-controller-manager flags and the autoscaling/v2 default behavior.
export const HPA_SYNC_PERIOD_S = 15;
export const HPA_TOLERANCE = 0.1;
export const HPA_SCALE_UP_PERCENT = 100;
export const HPA_SCALE_UP_PODS = 4;
export const HPA_SCALE_UP_PERIOD_S = 15;
export const HPA_SCALE_UP_STABILIZATION_S = 0;
export const HPA_SCALE_DOWN_STABILIZATION_S = 300;

// cluster-autoscaler FAQ (flags): --max-node-provision-time, --max-total-unready-percentage,
// --ok-total-unready-count, --scale-down-*.
export const CA_MAX_NODE_PROVISION_TIME_S = 900;
export const CA_MAX_UNREADY_RATIO = 0.45;
export const CA_OK_UNREADY_COUNT = 3;
/** cluster-autoscaler scales down by default (--scale-down-enabled=true). */
export const CA_SCALE_DOWN_ENABLED = true;
export const CA_SCALE_DOWN_UNNEEDED_TIME_S = 600;
export const CA_SCALE_DOWN_UTILIZATION_THRESHOLD = 0.5;
export const CA_SCALE_DOWN_DELAY_AFTER_ADD_S = 600;

// Spot. AWS Spot Instance Advisor: the lowest interruption-frequency band is "<5%" of instances per
// month (assumption: its upper bound); AWS gives a two-minute interruption notice.
export const SPOT_INTERRUPTIONS_PER_NODE_MONTH = 0.05;
export const SPOT_NOTICE_S = 120;

/** Istio's default sidecar proxy requests (values.global.proxy.resources): 100m CPU, 128Mi, on every pod of a design with a mesh. */
export const MESH_SIDECAR = ISTIO_SIDECAR;

// Sizing. Assumption: 20% spare at peak; the failure to survive is a region (the article's premise).
export const SIZING_HEADROOM = 0.2;
export const SIZING_SURVIVE = 'region' as const;
/** Assumption (common practice, e.g. a PodDisruptionBudget of one): two pods per cluster, so one failure never empties it. */
export const SIZING_MIN_REPLICAS_PER_CLUSTER = 2;
