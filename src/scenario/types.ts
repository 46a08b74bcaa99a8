/**
 * The validated, defaulted, typed Scenario that the rest of fleetsim consumes.
 *
 * Conventions: every number carries its unit in its name (…S seconds, …Ms milliseconds, …Bytes,
 * …Millicores, …PerS per second, …Ratio in [0, 1]); every default has already been applied (the
 * source of each default is noted in defaults.ts); every name has been checked to refer to
 * something that exists. Arrays keep the order of the file. Nothing here is mutable.
 *
 * Stability: model/fleet, model/placement, run, cost, plan and the TUI read these types, and
 * results.json echoes some of them: adding a field is safe; renaming or removing one breaks those
 * readers and the documented results schema.
 */

import type { ChangeStreamSpec, RolloutSpec } from './specs/changes.js';
import type { CertificateSpec, DependencySpec, GrayFailureSpec, HealthCheckSpec } from './specs/dependencies.js';
import type { IncidentReplaySpec } from './specs/incidents.js';
import type { ApplicationFailoverSpec, KarmadaSpec } from './specs/karmada.js';
import type { ControlPlaneOutageSpec } from './specs/controlPlaneOutages.js';
import type { RetriesSpec, RetryPolicySpec } from './specs/retries.js';
export type { BackoffSpec, RetriesSpec, RetryPolicySpec, ServiceRetryOverride } from './specs/retries.js';
import type { SheddingSpec } from './specs/shedding.js';
export type { SheddingSpec } from './specs/shedding.js';
import type { AsyncQueueSpec, CallMode } from './specs/callShapes.js';
export type { AsyncQueueSpec, CallMode } from './specs/callShapes.js';
import type { SpilloverSpec } from './specs/spillover.js';
export type { SpilloverSpec } from './specs/spillover.js';
import type { DatastorePlacementSpec, DatastoreSpec, StatefulSetSpec, StoreUseSpec } from './specs/datastores.js';
export type { CacheSpec, DatastoreFailoverSpec, DatastoreKind, DatastoreMemberSpec, DatastorePlacementSpec, DatastoreSpec, FencingPolicy, MemberFailureSpec, MemberRole, ReadPolicy, ReplicationMode, StatefulSetSpec, StoreUseSpec } from './specs/datastores.js';
import type { DisruptionBudgetSpec, UpgradeSettings } from './specs/upgrades.js';

export type { ChangeStreamSpec, RolloutSpec } from './specs/changes.js';
export type { CertificateSpec, DependencySpec, GrayFailureSpec, HealthCheckSpec } from './specs/dependencies.js';
export type { IncidentReplaySpec } from './specs/incidents.js';
export type { ApplicationFailoverSpec, KarmadaSpec } from './specs/karmada.js';
export type { DisruptionBudgetSpec, UpgradeSettings } from './specs/upgrades.js';

// ---------------------------------------------------------------------------------------------
// Distributions (all of durations, in seconds). `toDistribution()` in distributions.ts maps a spec
// onto src/engine/distributions.ts.
// ---------------------------------------------------------------------------------------------

export type { DistributionSpec } from './distributionSpec.js';
import type { DistributionSpec } from './distributionSpec.js';

// ---------------------------------------------------------------------------------------------
// Topology
// ---------------------------------------------------------------------------------------------

export type Provider = 'aws' | 'gcp' | 'azure' | 'onprem' | 'other';
export const PROVIDERS: readonly Provider[] = ['aws', 'gcp', 'azure', 'onprem', 'other'];

export interface GeoLocation {
  readonly latDeg: number;
  readonly lonDeg: number;
}

export interface RegionSpec {
  readonly name: string;
  readonly provider: Provider;
  /** Zone names are global across the scenario (e.g. eu-west-1a). */
  readonly zones: readonly string[];
  /** From the built-in table for well-known regions, or from the file; undefined if neither. */
  readonly location: GeoLocation | undefined;
}

/** Where a link's RTT came from, so reports can say how much to trust it. */
export type RttSource = 'scenario' | 'builtin-estimate';

/** The network path between two regions. One per unordered pair of regions, always. */
export interface LinkSpec {
  readonly a: string;
  readonly b: string;
  readonly rttMs: number;
  readonly rttSource: RttSource;
  /** undefined = not limited. */
  readonly bandwidthGbps: number | undefined;
  /** Packet loss ratio in [0, 1). */
  readonly lossRatio: number;
}

export interface Topology {
  readonly regions: readonly RegionSpec[];
  /** Complete: every unordered pair of distinct regions has exactly one link. */
  readonly links: readonly LinkSpec[];
  readonly intraZoneRttMs: number;
  readonly interZoneRttMs: number;
}

// ---------------------------------------------------------------------------------------------
// Clusters
// ---------------------------------------------------------------------------------------------

export type CapacityType = 'onDemand' | 'spot';

export interface NodePoolSpec {
  readonly name: string;
  /** Catalog name when the pool names one; undefined when vCPU/memory/price are given explicitly. */
  readonly instanceType: string | undefined;
  /** Machine capacity per node, before kubelet reservations. */
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  /**
   * On-demand price per node-hour when the scenario gives one (on the pool or in pricing.overrides);
   * undefined when the cost layer prices the pool from the catalog in use.
   */
  readonly priceUsdPerHour: number | undefined;
  /** 'scenario file', 'scenario pricing.overrides' or 'catalog'. */
  readonly priceSource: string;
  readonly capacityType: CapacityType;
  /** Nodes at the start of the run. */
  readonly count: number;
  /** Cluster-autoscaler bounds; undefined = fixed size. */
  readonly autoscaling: { readonly minCount: number; readonly maxCount: number } | undefined;
  /** Zones the nodes spread over, round-robin; defaults to the cluster's zones. */
  readonly zones: readonly string[];
  /** kubelet maxPods (AWS: the VPC CNI limit of the instance type unless the file says otherwise). */
  readonly maxPods: number;
  /** Spot pools: probability a node is interrupted in a month (0 for on-demand pools). */
  readonly spotInterruptionsPerMonthRatio: number;
}

/** A per-node agent whose requests every node of the cluster reserves. */
export interface DaemonSetSpec {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
}

export type ManagedTier = 'eks-standard' | 'eks-extended' | 'gke-regional' | 'gke-zonal' | 'aks-free' | 'aks-standard';

export interface ManagedControlPlane {
  readonly kind: 'managed';
  readonly provider: 'aws' | 'gcp' | 'azure';
  readonly tier: ManagedTier;
  /** Financially backed availability of the API endpoint, as a ratio; undefined = no SLA (AKS Free). */
  readonly slaAvailabilityRatio: number | undefined;
  readonly feeUsdPerHour: number;
  readonly source: string;
}

export interface EtcdSpec {
  /** "3.4", "3.5", "3.6": pre-vote defaults to off before 3.5. */
  readonly version: string;
  /** Members per zone, in the order of the cluster's zones; zones with 0 members are omitted. */
  readonly members: readonly { readonly zone: string; readonly count: number }[];
  readonly memberCount: number;
  readonly heartbeatIntervalS: number;
  readonly electionTimeoutS: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
}

export interface SelfManagedControlPlane {
  readonly kind: 'selfManaged';
  readonly etcd: EtcdSpec;
}

export type ControlPlaneSpec = ManagedControlPlane | SelfManagedControlPlane;

/** Kubernetes node-failure timeline and scheduling knobs (docs/references.md, "Kubernetes control plane"). */
export interface KubeTimings {
  readonly nodeStatusUpdateFrequencyS: number;
  readonly nodeMonitorPeriodS: number;
  /** 40 s before Kubernetes 1.32, 50 s from 1.32, unless the file says otherwise. */
  readonly nodeMonitorGracePeriodS: number;
  readonly notReadyTolerationS: number;
  readonly unreachableTolerationS: number;
  readonly evictionRateNodesPerS: number;
  readonly secondaryEvictionRateNodesPerS: number;
  readonly unhealthyZoneThresholdRatio: number;
  readonly largeClusterSizeThreshold: number;
  readonly schedulerThroughputPodsPerS: number;
  /** kube-controller-manager's client limits, one token bucket per controller. */
  readonly controllerManagerApiQps: number;
  readonly controllerManagerApiBurst: number;
  /** API requests per pod the taint-eviction controller makes (from kubernetesVersion; defaults.ts). */
  readonly taintEvictionRequestsPerPod: number;
  readonly podStartup: DistributionSpec;
}

export interface AutoscalerSpec {
  /** Time from pending pods to a scale-up decision. */
  readonly decisionDelay: DistributionSpec;
  /** Time from decision to a Ready node. */
  readonly nodeProvisioning: DistributionSpec;
  /** A launch not Ready by then is given up (and may be retried). */
  readonly maxNodeProvisionTimeS: number;
  /** Autoscaling halts while more than this share of nodes (and more than okUnreadyCount) is unready. */
  readonly maxUnreadyRatio: number;
  readonly okUnreadyCount: number;
  readonly scaleDown: {
    readonly enabled: boolean;
    /** A node below the threshold for this long is removed. */
    readonly unneededTimeS: number;
    /** Requested share (CPU and memory) below which a node is a scale-down candidate. */
    readonly utilizationThresholdRatio: number;
    /** No scale-down this soon after a scale-up. */
    readonly delayAfterAddS: number;
  };
}

export interface ClusterSpec {
  readonly name: string;
  readonly region: string;
  readonly provider: Provider;
  readonly zones: readonly string[];
  /** "1.31" (major.minor). */
  readonly kubernetesVersion: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodePools: readonly NodePoolSpec[];
  readonly controlPlane: ControlPlaneSpec;
  readonly kubernetes: KubeTimings;
  readonly autoscaler: AutoscalerSpec;
  /** Per-node agents; their requests are reserved on every node. */
  readonly daemonSets: readonly DaemonSetSpec[];
  /** AWS VPC CNI prefix delegation (lifts the ENI pod limit). */
  readonly prefixDelegation: boolean;
}

// ---------------------------------------------------------------------------------------------
// Workload
// ---------------------------------------------------------------------------------------------

export interface CallSpec {
  readonly service: string;
  /** Mean calls made per request served (fan-out); may be fractional (0.3 = 30% of requests call). */
  readonly callsPerRequest: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  /** sequential (default), parallel or async (docs/traffic.md, "Call shapes"). */
  readonly mode: CallMode;
  /** The queue of an async call; undefined for the others. */
  readonly queue: AsyncQueueSpec | undefined;
}

export interface ServiceSpec {
  readonly name: string;
  /** Replicas per placement unit; see PlacementPolicy for how a design uses it. */
  readonly replicas: number;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  /** Time a pod spends on one request, excluding downstream calls. */
  readonly serviceTime: DistributionSpec;
  /** Requests a pod serves at once (the c of its M/G/c queue, per pod). */
  readonly concurrencyPerPod: number;
  readonly calls: readonly CallSpec[];
  readonly dataClass: string | undefined;
  readonly logBytesPerRequest: number;
  /** Bytes returned to the end user per request (internet egress) when this is an entry service. */
  readonly responseBytes: number;
  /** A HorizontalPodAutoscaler per cluster running the service; undefined = fixed replicas. */
  readonly autoscaling: HpaSpec | undefined;
  /** A PodDisruptionBudget per cluster; undefined = none. */
  readonly disruptionBudget: DisruptionBudgetSpec | undefined;
  /** Reads and writes of each request to datastores (docs/state.md); empty: stateless. */
  readonly stores: readonly StoreUseSpec[];
  /** Runs as a StatefulSet owning a volume per pod; undefined: a Deployment. */
  readonly statefulSet: StatefulSetSpec | undefined;
}

/** HorizontalPodAutoscaler (autoscaling/v2) on CPU utilization, with the controller's defaults applied. */
export interface HpaSpec {
  /** Per cluster. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target mean utilization of the pods' CPU requests. */
  readonly targetUtilizationRatio: number;
  readonly syncPeriodS: number;
  readonly toleranceRatio: number;
  /** Scale-up limit per period: the larger of percent of current replicas and pods. */
  readonly scaleUpPercent: number;
  readonly scaleUpPods: number;
  readonly scaleUpPeriodS: number;
  readonly scaleUpStabilizationS: number;
  readonly scaleDownStabilizationS: number;
}

export interface DiurnalSpec {
  /** Peak rate divided by trough rate (≥ 1); 1 = flat. */
  readonly peakToTroughRatio: number;
  /** Hour of the peak, UTC, in [0, 24). */
  readonly peakHourUtc: number;
}

export interface SpikeSpec {
  readonly atS: number;
  readonly forS: number;
  readonly multiplier: number;
}

export type UserLocation =
  /**
   * Users sit next to this cloud region (a topology region, or any well-known one): their RTT to a
   * region is that region's RTT from `region` plus accessRttMs.
   */
  | { readonly kind: 'nearRegion'; readonly region: string; readonly accessRttMs: number }
  /** Explicit RTT to every region of the topology. */
  | { readonly kind: 'explicit'; readonly rttMsByRegion: Readonly<Record<string, number>> };

export interface UserRegionSpec {
  readonly name: string;
  readonly location: UserLocation;
  /** Resolved RTT from these users to every topology region (from location). */
  readonly rttMsByRegion: Readonly<Record<string, number>>;
  /** Mean request rate (the diurnal profile's daily mean). */
  readonly ratePerS: number;
  readonly entryService: string;
  /**
   * The topology region whose links the users' traffic crosses to reach a cluster in another region
   * (a partition or degradation of such a link hits them); undefined: users reach every region
   * directly and no link fault touches them.
   */
  readonly viaRegion: string | undefined;
  readonly diurnal: DiurnalSpec;
  readonly spikes: readonly SpikeSpec[];
}

export interface DataClassSpec {
  readonly name: string;
  readonly description: string;
  /** Glob patterns over region names (e.g. "eu-*"). */
  readonly allowedRegions: readonly string[];
  readonly enforcement: 'hard' | 'audit';
}

export interface Workload {
  readonly services: readonly ServiceSpec[];
  readonly userRegions: readonly UserRegionSpec[];
  readonly dataClasses: readonly DataClassSpec[];
  /** Datastores by behaviour (docs/state.md); each design places their members. */
  readonly datastores: readonly DatastoreSpec[];
}

// ---------------------------------------------------------------------------------------------
// Designs: placement in the Karmada vocabulary, failover, traffic
// ---------------------------------------------------------------------------------------------

/** A cluster selector; a cluster matches when it satisfies every field that is present. */
export interface ClusterAffinity {
  /** Karmada affinityName; "" for the single, unnamed affinity. */
  readonly name: string;
  /** Exact cluster names; undefined = any. */
  readonly clusterNames: readonly string[] | undefined;
  readonly exclude: readonly string[];
  /** Region glob patterns; undefined = any. */
  readonly regions: readonly string[] | undefined;
  readonly providers: readonly Provider[] | undefined;
  /** matchLabels: every key must equal. */
  readonly labels: Readonly<Record<string, string>>;
}

export type ReplicaScheduling =
  | { readonly type: 'duplicated' }
  | { readonly type: 'divided'; readonly division: 'weighted'; readonly weights: readonly { readonly cluster: string; readonly weight: number }[] }
  | { readonly type: 'divided'; readonly division: 'availableReplicas' }
  | { readonly type: 'divided'; readonly division: 'aggregated' };

export type SpreadField = 'cluster' | 'zone' | 'region' | 'provider';

export interface SpreadConstraint {
  readonly spreadByField: SpreadField;
  readonly minGroups: number;
  readonly maxGroups: number | undefined;
}

export interface ResidencySpec {
  readonly allowedRegions: readonly string[];
  readonly enforcement: 'hard' | 'audit';
  /** "policy" or "dataClass:<name>". */
  readonly source: string;
}

export type PurgeMode = 'Immediately' | 'Graciously' | 'Never';

export interface FailoverSpec {
  readonly enabled: boolean;
  /** Karmada cluster status update interval. */
  readonly clusterStatusIntervalS: number;
  /** Karmada: cluster marked not ready after failing for this long. */
  readonly failureThresholdS: number;
  /** Application failover: how long an unhealthy placement is tolerated before eviction. */
  readonly tolerationS: number;
  readonly purgeMode: PurgeMode;
  readonly gracefulEvictionTimeoutS: number;
  /** Karmada application failover (spec.failover.application); undefined = not configured. */
  readonly application: ApplicationFailoverSpec | undefined;
}

export interface PlacementPolicy {
  readonly service: string;
  /** Ordered: the first group that can host is used; later ones are backups. Never empty. */
  readonly clusterAffinities: readonly ClusterAffinity[];
  readonly replicaScheduling: ReplicaScheduling;
  readonly spreadConstraints: readonly SpreadConstraint[];
  /** Combined from the policy and the service's data class (the stricter wins: hard over audit). */
  readonly residency: ResidencySpec | undefined;
  readonly failover: FailoverSpec;
}

export interface DnsIngress {
  readonly kind: 'dns';
  readonly healthCheckIntervalS: number;
  readonly failureThreshold: number;
  readonly ttlS: number;
  /** Extra time clients keep a stale answer past the TTL (resolver and client caching). */
  readonly clientOvershoot: DistributionSpec;
  readonly healthCheck: HealthCheckSpec;
}

export interface AnycastIngress {
  readonly kind: 'anycast';
  readonly healthCheckIntervalS: number;
  readonly unhealthyThreshold: number;
  readonly healthCheck: HealthCheckSpec;
  /** Capacity spill-over to the next nearest cluster; undefined: the nearest takes all. */
  readonly spillover: SpilloverSpec | undefined;
}

export type IngressPolicy = DnsIngress | AnycastIngress;

export type LocalityLevel = 'zone' | 'region' | 'any';

export interface OutlierDetectionSpec {
  readonly consecutive5xx: number;
  readonly intervalS: number;
  readonly baseEjectionTimeS: number;
  readonly maxEjectionPercent: number;
  /** inline: on the consecutive5xx-th consecutive error (Envoy); interval: after failing a whole interval. */
  readonly ejection: 'inline' | 'interval';
  /**
   * Panic threshold (Istio minHealthPercent, Envoy healthy_panic_threshold), percent: with fewer
   * healthy (not ejected) hosts than this, the proxy balances across all of them, ejected ones
   * included. 0 disables it. Inline ejection only.
   */
  readonly minHealthPercent: number;
  /** Envoy's success-rate ejection at each interval; undefined: off (Istio turns it off). Inline ejection only. */
  readonly successRate: OutlierSuccessRateSpec | undefined;
}

export interface OutlierSuccessRateSpec {
  /** Hosts with enough requests needed before success-rate statistics are computed (success_rate_minimum_hosts). */
  readonly minimumHosts: number;
  /** Requests a host must have had in the interval to count (success_rate_request_volume). */
  readonly requestVolume: number;
  /** Ejected below mean − stdevFactor × stdev of the hosts' success rates (success_rate_stdev_factor ÷ 1000). */
  readonly stdevFactor: number;
}

export interface MeshPolicy {
  /** Where a cross-service call goes first: e.g. [zone, region, any]. */
  readonly localityOrder: readonly LocalityLevel[];
  readonly outlierDetection: OutlierDetectionSpec;
  /** Requests of the proxy added to every pod; zero for a sidecar-less mesh. */
  readonly sidecar: { readonly cpuMillicores: number; readonly memoryBytes: number };
}

export interface TrafficPolicy {
  readonly ingress: IngressPolicy;
  /** Cross-cluster service-to-service routing; undefined = calls stay inside the caller's cluster. */
  readonly mesh: MeshPolicy | undefined;
  /** Retries and timeouts at every service hop; undefined = nothing retries. */
  readonly retries: RetriesSpec | undefined;
  /** Users' own retries of a failed request (client → global ingress); undefined = users do not retry. */
  readonly clientRetries: RetryPolicySpec | undefined;
  /** A pod's slot is held while it waits on its synchronous calls (docs/traffic.md, "Held concurrency"). */
  readonly heldConcurrency: boolean;
  /** How pools refuse work they cannot take. */
  readonly shedding: SheddingSpec;
}

/**
 * A design's own infrastructure, when it overrides the scenario's: every cluster (scenario order)
 * and every service (workload order) as this design runs them. Resolved like the scenario's, so
 * an instance type brings its shape and price.
 */
export interface DesignInfrastructure {
  readonly clusters: readonly ClusterSpec[];
  readonly services: readonly ServiceSpec[];
}

/** The failure a sized design must carry its peak through. names undefined: the worst single one of the kind. */
export interface SizingSpec {
  readonly headroomRatio: number;
  /** Fewest pods of a service in each cluster that runs it. */
  readonly minReplicasPerCluster: number;
  /** standing: node counts carry the failover load; autoscaled: counts carry steady state, autoscaling max the failover. */
  readonly failoverNodes: 'standing' | 'autoscaled';
  readonly survive: { readonly kind: 'none' | 'zone' | 'cluster' | 'region'; readonly name: string | undefined };
}

export interface Design {
  readonly name: string;
  readonly description: string;
  /** Exactly one per service, in the order of workload.services. */
  readonly policies: readonly PlacementPolicy[];
  readonly traffic: TrafficPolicy;
  /** undefined: the design runs the scenario's clusters and services as written. */
  readonly infrastructure: DesignInfrastructure | undefined;
  /** undefined: not sized by fleetsim. */
  readonly sizing: SizingSpec | undefined;
  /** How the design rolls out each change stream (streams it does not name: the default strategy). */
  readonly rollouts: readonly RolloutSpec[];
  /** Names of the shared dependencies (faults.dependencies) the design uses. */
  readonly dependsOn: readonly string[];
  readonly karmada: KarmadaSpec;
  /** Where the design puts each datastore's members: one entry per workload.datastores[], in that order. */
  readonly datastores: readonly DatastorePlacementSpec[];
}

// ---------------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------------

export type FaultTarget =
  | { readonly kind: 'node'; readonly cluster: string; readonly pool: string; readonly index: number }
  | { readonly kind: 'zone'; readonly zone: string }
  | { readonly kind: 'region'; readonly region: string }
  | { readonly kind: 'cluster'; readonly cluster: string }
  | { readonly kind: 'etcdMember'; readonly cluster: string; readonly index: number }
  | { readonly kind: 'etcdLeader'; readonly cluster: string }
  | { readonly kind: 'controlPlane'; readonly cluster: string }
  /** New nodes fail to launch in the region (existing nodes keep running). */
  | { readonly kind: 'nodeLaunches'; readonly region: string }
  | {
      readonly kind: 'link';
      readonly a: string;
      readonly b: string;
      readonly mode: 'partition' | 'degrade';
      readonly extraLatencyMs: number;
      readonly lossRatio: number;
    }
  /** A bad change lands in the cluster (errors, crash-looping pods, added latency) until rolled back. */
  | {
      readonly kind: 'badChange';
      readonly cluster: string;
      /** Undefined: every service. */
      readonly services: readonly string[] | undefined;
      readonly errorRatio: number;
      readonly extraLatencyMs: number;
      readonly capacityLostRatio: number;
    }
  /** A gray failure: a share of requests fail or slow down while shallow health checks pass. */
  | {
      readonly kind: 'brownout';
      readonly region: string | undefined;
      readonly cluster: string | undefined;
      readonly errorRatio: number;
      readonly extraLatencyMs: number;
      readonly blocksNodeLaunches: boolean;
    }
  /**
   * A certificate of the cluster has expired: its serving one (users' TLS handshakes fail), or with
   * `client` its mesh client certificate (its calls to other clusters fail mTLS).
   */
  | { readonly kind: 'certificate'; readonly cluster: string; readonly client: boolean }
  /** A shared dependency (faults.dependencies) is down. */
  | { readonly kind: 'dependency'; readonly dependency: string }
  /** The cluster is upgraded (control plane, then nodes drained and replaced). */
  | { readonly kind: 'upgrade'; readonly cluster: string };

export type FaultKind = FaultTarget['kind'];

export interface ScriptedFault {
  readonly atS: number;
  readonly forS: number;
  readonly target: FaultTarget;
}

export interface FailureRepair {
  readonly timeToFailure: DistributionSpec;
  readonly timeToRepair: DistributionSpec;
}

export interface OutageProcess {
  /** Poisson rate of outages per unit (per zone, per region, per link…). */
  readonly perYear: number;
  readonly duration: DistributionSpec;
}

export interface LinkOutageProcess extends OutageProcess {
  /** used: only region pairs that carry traffic or etcd peers draw faults; all: every pair. */
  readonly pairs: 'used' | 'all';
  readonly mode: 'partition' | 'degrade';
  readonly extraLatencyMs: number;
  readonly lossRatio: number;
}

/** Managed control-plane outages: calibrated per tier, the SLA-derived bound, or one explicit rate (specs/controlPlaneOutages.ts). */
export type ControlPlaneOutages = ControlPlaneOutageSpec;

export interface RegionOutageProcess extends OutageProcess {
  /** New nodes cannot be launched in the region while it is out. */
  readonly blocksNodeLaunches: boolean;
}

export interface StochasticFaults {
  readonly nodes: FailureRepair | undefined;
  readonly etcdMembers: FailureRepair | undefined;
  readonly zones: OutageProcess | undefined;
  readonly regions: RegionOutageProcess | undefined;
  /** Spot interruptions (per-pool rates are on NodePoolSpec); always defined, used by spot pools only. */
  readonly spot: { readonly noticeS: number };
  readonly links: LinkOutageProcess | undefined;
  readonly controlPlanes: ControlPlaneOutages | undefined;
}

export interface Faults {
  readonly scripted: readonly ScriptedFault[];
  readonly stochastic: StochasticFaults;
  readonly changes: readonly ChangeStreamSpec[];
  readonly dependencies: readonly DependencySpec[];
  readonly grayFailures: GrayFailureSpec | undefined;
  readonly certificates: CertificateSpec | undefined;
  readonly upgrades: UpgradeSettings;
  readonly incidents: readonly IncidentReplaySpec[];
}

// ---------------------------------------------------------------------------------------------
// Run settings, SLO, and reserved sections
// ---------------------------------------------------------------------------------------------

export interface LatencyTarget {
  /** e.g. 99 for p99. */
  readonly percentile: number;
  readonly maxS: number;
  /** A user region name; undefined = every user region. */
  readonly userRegion: string | undefined;
}

export interface SloSpec {
  readonly availabilityRatio: number;
  readonly latency: readonly LatencyTarget[];
}

export interface RunSettings {
  readonly horizonS: number;
  readonly warmupS: number;
  readonly replications: number;
  readonly seed: string;
  /**
   * Rough simulation events of the whole run at these replications and horizon (src/scenario/budget.ts);
   * the loader refuses a file above LIMITS.runEvents, and overrides are checked against it by scaling.
   */
  readonly estimatedEvents: number;
  /** undefined = no SLO given: results are reported, nothing is judged. */
  readonly slo: SloSpec | undefined;
  /** Results carry the per-hop latency breakdown (docs/traffic/latency-attempts.md); false: not computed. */
  readonly latencyBreakdown?: boolean;
}

/** Prices and usage assumptions: validated by the loader, interpreted by src/cost. */
export interface PricingSection {
  readonly catalog: string | undefined;
  readonly overrides: readonly { readonly instanceType: string; readonly region: string | undefined; readonly priceUsdPerHour: number }[];
  /** Any catalog price by key (validated here; interpreted by src/cost). */
  readonly prices: readonly { readonly key: string; readonly usd: number; readonly source?: string }[] | undefined;
  /** Usage assumptions the simulation cannot see (validated here; interpreted by src/cost). */
  readonly usage: Readonly<Record<string, unknown>> | undefined;
}

export interface Scenario {
  readonly apiVersion: 'fleetsim/v1';
  readonly name: string;
  readonly description: string;
  /** The file it came from (as given to the loader). */
  readonly sourceFile: string;
  readonly topology: Topology;
  readonly clusters: readonly ClusterSpec[];
  readonly workload: Workload;
  readonly designs: readonly Design[];
  readonly faults: Faults;
  readonly run: RunSettings;
  readonly pricing: PricingSection | undefined;
  /** The plan section, checked by the loader as `fleetsim plan` reads it (src/plan/spec.ts). */
  readonly plan: Readonly<Record<string, unknown>> | undefined;
}
