/**
 * The fleet, twice: `FleetInput` is what a caller (the scenario resolver, a test) hands in, by name;
 * `Fleet` is the resolved, frozen model with integer ids and typed arrays that placement and the
 * simulator index at run time.
 */

/** Per-node resources the kubelet keeps back from pods (kube-reserved + system-reserved + eviction). */
export type NodeReservation =
  /** No reservation: allocatable = capacity. */
  | { readonly kind: 'none' }
  /** GKE's published sliding scale (see reserved.ts); the default, close to EKS and AKS. */
  | { readonly kind: 'gke' }
  /** Fixed amounts per node. */
  | { readonly kind: 'fixed'; readonly cpuMillicores: number; readonly memoryBytes: number };

export interface NodePoolInput {
  readonly name: string;
  /** Catalog name, informational here (prices live in cost/). */
  readonly instanceType?: string;
  /** Machine capacity per node (before the reservation). */
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly count: number;
  /** Zones the pool's nodes are spread over, round-robin; absent or empty: the cluster's zones. */
  readonly zones?: readonly string[];
  /** kubelet maxPods, DaemonSet pods included; default 110 (the kubelet default). */
  readonly maxPods?: number;
  /** Overrides the fleet-wide reservation for this pool. */
  readonly reservation?: NodeReservation;
}

/** A per-node agent: every node of its cluster runs one pod with these requests. */
export interface DaemonSetInput {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
}

export interface EtcdMembersInput {
  readonly zone: string;
  readonly count: number;
}

export interface ClusterInput {
  readonly name: string;
  readonly region: string;
  /** Default: the region's provider. */
  readonly provider?: string;
  /** Zones the cluster spans (all must be in its region). */
  readonly zones: readonly string[];
  /** Free-form labels, matched by affinity selectors. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly nodePools: readonly NodePoolInput[];
  /** Self-managed etcd members by zone; empty or absent for a managed control plane. */
  readonly etcdMembers?: readonly EtcdMembersInput[];
  /** Per-node agents; their requests and pod slots are taken from every node before workload pods. */
  readonly daemonSets?: readonly DaemonSetInput[];
}

export interface RegionInput {
  readonly name: string;
  readonly provider: string;
  readonly zones: readonly string[];
}

/** A network path between two regions. */
export interface RegionLinkInput {
  readonly a: string;
  readonly b: string;
  readonly rttMs: number;
  /** Informational for now (the network model reads it); undefined = not limited. */
  readonly bandwidthGbps?: number;
  /** Packet loss ratio in [0, 1); default 0. */
  readonly lossRatio?: number;
}

export interface FleetInput {
  readonly regions: readonly RegionInput[];
  readonly clusters: readonly ClusterInput[];
  /** One link per pair of regions; a missing pair is an error (the resolver fills defaults). */
  readonly links: readonly RegionLinkInput[];
  /** Within one zone; default 0.2 ms. */
  readonly intraZoneRttMs?: number;
  /** Between zones of one region; default 1 ms. */
  readonly interZoneRttMs?: number;
  /** Default per-node reservation; default GKE's scale. */
  readonly reservation?: NodeReservation;
}

export interface Region {
  readonly id: number;
  readonly name: string;
  readonly provider: string;
  readonly zoneIds: readonly number[];
}

export interface Zone {
  readonly id: number;
  readonly name: string;
  readonly regionId: number;
}

export interface NodePool {
  readonly id: number;
  readonly name: string;
  readonly clusterId: number;
  readonly instanceType: string | undefined;
  readonly count: number;
  readonly cpuCapacityMillicores: number;
  readonly memoryCapacityBytes: number;
  /** What workload pods may request per node: capacity − kubelet reservation − DaemonSet requests. */
  readonly cpuAllocatableMillicores: number;
  readonly memoryAllocatableBytes: number;
  /** Pod slots per node left to workload pods: kubelet maxPods − DaemonSet pods. */
  readonly maxPods: number;
  /** What the cluster's DaemonSets take from each node (requests and pod slots), already out of the figures above. */
  readonly daemonSetsPerNode: DaemonSetOverhead;
}

/** The requests and pod slots a cluster's DaemonSets take from each of its nodes. */
export interface DaemonSetOverhead {
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

export interface Cluster {
  readonly id: number;
  readonly name: string;
  readonly regionId: number;
  readonly provider: string;
  readonly zoneIds: readonly number[];
  readonly labels: Readonly<Record<string, string>>;
  readonly poolIds: readonly number[];
  /** Nodes of a cluster are contiguous: ids nodeStart … nodeStart + nodeCount − 1. */
  readonly nodeStart: number;
  readonly nodeCount: number;
  /** Ids into Fleet.etcd, contiguous likewise. */
  readonly etcdStart: number;
  readonly etcdCount: number;
}

/** Struct-of-arrays over every node of the fleet; index = node id. */
export interface NodeTable {
  readonly count: number;
  readonly clusterId: Int32Array;
  readonly zoneId: Int32Array;
  readonly poolId: Int32Array;
  /** Allocatable (capacity minus kubelet reservation minus DaemonSets): what workload pods may request. */
  readonly cpuAllocatableMillicores: Float64Array;
  readonly memoryAllocatableBytes: Float64Array;
  /** Pod slots left to workload pods (kubelet maxPods − DaemonSet pods). */
  readonly maxPods: Int32Array;
}

export interface RegionLink {
  readonly id: number;
  readonly regionA: number;
  readonly regionB: number;
  readonly rttMs: number;
  readonly bandwidthGbps: number | undefined;
  readonly lossRatio: number;
}

/** Struct-of-arrays over every etcd member; index = member id. */
export interface EtcdTable {
  readonly count: number;
  readonly clusterId: Int32Array;
  readonly zoneId: Int32Array;
}

export interface Fleet {
  readonly regions: readonly Region[];
  readonly zones: readonly Zone[];
  readonly clusters: readonly Cluster[];
  readonly nodePools: readonly NodePool[];
  readonly nodes: NodeTable;
  readonly etcd: EtcdTable;
  /** Links between regions, one per unordered pair. */
  readonly links: readonly RegionLink[];
  /** regionCount × regionCount link ids, row-major; −1 on the diagonal. */
  readonly linkIdByRegions: Int32Array;
  /** zoneCount × zoneCount round-trip times, row-major: rttMs[a * zoneCount + b]. */
  readonly zoneRttMs: Float64Array;
  readonly regionByName: ReadonlyMap<string, number>;
  readonly zoneByName: ReadonlyMap<string, number>;
  readonly clusterByName: ReadonlyMap<string, number>;
}
