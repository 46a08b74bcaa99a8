import { grown } from '../../engine/typedArrays.js';
import type { Fleet } from '../fleet/types.js';

/**
 * Mutable state of one simulated fleet during one replication: nodes (the fleet's, plus spare slots
 * the cluster autoscaler may provision), pods, and per-(service, cluster) counters. Everything is
 * typed arrays indexed by integer ids (structure of arrays: the hot loops touch one or two fields of
 * many entities). Each field's doc says its unit, who writes it and who reads it: the inventory is
 * fixed at construction; each node-condition array has named writers among the controllers and the
 * fault replay; pod, allocation and counter arrays change only through this class's pod methods.
 */

/** What the Kubernetes API says about a node (the truth about the machine is `nodeDownCauses`). */
export const NODE_API_READY = 0;
export const NODE_API_NOT_READY = 1;
/** NotReady and carrying the unreachable:NoExecute taint (pods are being timed out). */
export const NODE_API_TAINTED = 2;

export const POD_FREE = 0;
/** Created by the ReplicaSet, waiting for the scheduler. */
export const POD_PENDING = 1;
/** Bound to a node, starting (image pull, start, readiness). */
export const POD_STARTING = 2;
/** Serving. */
export const POD_READY = 3;
/** On a dead node but still listed as a ready endpoint: requests sent to it fail. */
export const POD_LOST = 4;
/** On a dead or NotReady node, not listed: it neither serves nor fails requests. */
export const POD_DOWN = 5;

/** What wants to hear of pods coming and going (RuntimeState.podHooks). */
export interface PodHooks {
  created(p: number): void;
  deleted(p: number): void;
}

export class RuntimeState {
  // ---- shape: written at construction, never changed ------------------------------------------
  readonly fleet: Fleet;
  /** Services of the design (ids 0…serviceCount−1, as in ResolvedDesign.services). */
  readonly serviceCount: number;
  /** Clusters of the fleet (the stride of every per-group array). */
  readonly clusterCount: number;

  // ---- node inventory: written here at construction, never changed --------------------------
  // Node ids 0…fleetNodeCount−1 are the fleet's (fleet.nodes); the rest are autoscaler spare slots,
  // contiguous per cluster (spareStart/spareCount). Read by every controller and the fault replay.

  /** Fleet nodes plus spare slots: the length of every per-node array. */
  readonly nodeCount: number;
  /** Nodes of the fleet proper (the first ids). Read by no one today; kept as the spares' boundary. */
  readonly fleetNodeCount: number;
  /** Cluster id per node. */
  readonly nodeCluster: Int32Array;
  /** Zone id per node (spares: round-robin over the cluster's zones). Eviction queues and zone faults group by it. */
  readonly nodeZone: Int32Array;
  /** Node pool id per node. Read by the metrics (node-hours per pool). */
  readonly nodePool: Int32Array;
  /** Allocatable CPU per node, millicores. Read by the scheduler (scoring) and the autoscaler (sizing). */
  readonly nodeCpuAllocatable: Float64Array;
  /** Allocatable memory per node, bytes. Same readers. */
  readonly nodeMemAllocatable: Float64Array;
  /** Pod slots per node (kubelet maxPods). Read by the autoscaler; `fits` reads nodePodsFree. */
  readonly nodeMaxPods: Int32Array;

  // ---- node condition: one writer each, named per field --------------------------------------

  /**
   * 1 when the node exists: fleet nodes from the start; a spare once provisioned (written by
   * ClusterAutoscaler, never back to 0). Inactive nodes are skipped by every controller and the fault
   * replay's record of downed nodes.
   */
  readonly nodeActive: Uint8Array;
  /**
   * Active faults holding the machine down (node, zone, region, cluster faults); 0 = running. Written
   * by FaultReplay only; read through `nodeUp` by the node lifecycle, pod startup and the autoscaler.
   */
  readonly nodeDownCauses: Int32Array;
  /**
   * What the Kubernetes API says about the node (NODE_API_*). Written by NodeLifecycle (READY ↔
   * NOT_READY), TaintEviction (NOT_READY → TAINTED) and ClusterAutoscaler (READY when a spare joins).
   * Read by the scheduler (only READY nodes get pods) and by the writers.
   */
  readonly nodeApi: Uint8Array;
  /**
   * 1 while the node carries the node.kubernetes.io/out-of-service taint (an operator declared the
   * machine gone: its volumes may be detached at once). Written by OutOfServiceTaints; read by
   * StatefulVolumes when a pod on the node is deleted.
   */
  readonly nodeOutOfService: Uint8Array;

  // ---- node allocation: written only by this class's pod methods (bindPod, deletePod); then the
  // per-cluster spare ranges, fixed at construction --------------------------------------------

  /** Unreserved CPU per node, millicores (allocatable − requests of the pods bound to it). Read by the scheduler. */
  readonly nodeCpuFree: Float64Array;
  /** Unreserved memory per node, bytes. Read by the scheduler. */
  readonly nodeMemFree: Float64Array;
  /** Free pod slots per node. Read through `fits`. */
  readonly nodePodsFree: Int32Array;
  /** Head of the node's pod list (−1: none); linked by podNextOnNode. Walked by NodeLifecycle and TaintEviction. */
  readonly nodeFirstPod: Int32Array;
  /** Per cluster: first spare node id and how many spares (contiguous). Written at construction. */
  readonly spareStart: Int32Array;
  readonly spareCount: Int32Array;

  // ---- pods: slots grown by doubling; written only by this class's pod methods ---------------
  // createPod (ReplicaSetController, KubeControllers.seed), bindPod (KubeScheduler, seed),
  // setPodState (NodeLifecycle, PodStartup, seed), deletePod (ReplicaSetController, TaintEviction, ClusterAutoscaler via deleteNodePods).
  // A slot is reused after deletion: compare podGen (see podTicket.ts) before trusting an old id.

  /** Slots allocated (length of every per-pod array). Written by growPods (doubling, from createPod). */
  podCapacity = 0;
  /** Service id per pod. */
  podService = new Int32Array(0);
  /** Cluster id per pod. */
  podCluster = new Int32Array(0);
  /** Node the pod is bound to; −1 while pending. */
  podNode = new Int32Array(0);
  /** POD_* state. Read by every controller. */
  podState = new Uint8Array(0);
  /** Bumped on every state change, so a stale POD_READY event is recognised and ignored. */
  podGen = new Uint32Array(0);
  /** Doubly linked list of the pods bound to a node (−1 ends it). */
  podNextOnNode = new Int32Array(0);
  podPrevOnNode = new Int32Array(0);
  /** Doubly linked list of the pods of a (service, cluster) group, from groupFirstPod (−1 ends it). */
  podNextInGroup = new Int32Array(0);
  podPrevInGroup = new Int32Array(0);
  /** Stack of deleted slots for createPod to reuse (pushed by deletePod), and its height. */
  private freePods = new Int32Array(0);
  private freePodCount = 0;
  /** Slots ever handed out (the high-water mark); createPod grows the arrays when it reaches podCapacity. */
  private podsUsed = 0;

  // ---- per (service, cluster) group: index = service * clusterCount + cluster (`group`) -------

  /**
   * Replicas the ReplicaSet should keep, pods. Written by ReplicaSetController.setDesired (Karmada's
   * assignment, and the HorizontalPodAutoscalers of services marked in hpaManaged) and
   * KubeControllers.seed; read by ReplicaSets, the HPAs (their current count) and the traffic
   * models (DNS answers).
   */
  readonly desired: Int32Array;
  /** Pods that exist (any state but free). Kept by the pod methods; read by ReplicaSets. */
  readonly existing: Int32Array;
  /** Pods in POD_READY. Kept by setPodState; read by the traffic models (pool capacity, routing). */
  readonly ready: Int32Array;
  /** Pods in POD_LOST (dead, still listed as endpoints). Kept by setPodState; read by the traffic models. */
  readonly lost: Int32Array;
  /** Head of the group's pod list (−1: none). Kept by the pod methods; walked by ReplicaSets (scale-down). */
  readonly groupFirstPod: Int32Array;
  /** CPU request per pod of each service, millicores (per service, not per group). Written at construction. */
  readonly serviceCpu: Float64Array;
  /** Memory request per pod of each service, bytes (per service). Written at construction. */
  readonly serviceMem: Float64Array;

  // ---- per service, fleet-wide: kept by setPodState ------------------------------------------

  /** Ready pods of the service over all clusters. Read by the metrics and the fault replay (pods lost). */
  readonly serviceReady: Int32Array;
  /** Lost pods of the service over all clusters. Read by the metrics (blackholed share). */
  readonly serviceLost: Int32Array;
  /**
   * 1 when a HorizontalPodAutoscaler drives the service's desired counts (its `desired` per cluster
   * is then what the autoscaler last asked for). Written by HorizontalPodAutoscalers at construction.
   */
  readonly hpaManaged: Uint8Array;

  /**
   * Called by setPodState after a group's ready or lost count changes. Set by ReplicationMetrics,
   * which updates its accumulators and forwards to the traffic model.
   */
  onGroupChange: ((service: number, cluster: number) => void) | null = null;

  /**
   * Told of every pod created (after it joined its group) and deleted (before it leaves its node).
   * Set by StatefulVolumes when some service runs as a StatefulSet (a pod's volume follows its
   * identity); null otherwise.
   */
  podHooks: PodHooks | null = null;

  constructor(fleet: Fleet, serviceCpuMillicores: readonly number[], serviceMemBytes: readonly number[], sparesPerCluster: readonly { poolId: number; count: number }[][]) {
    this.fleet = fleet;
    this.serviceCount = serviceCpuMillicores.length;
    this.clusterCount = fleet.clusters.length;
    const fleetNodes = fleet.nodes.count;
    let spares = 0;
    for (const list of sparesPerCluster) for (const s of list) spares += s.count;
    const n = fleetNodes + spares;
    this.fleetNodeCount = fleetNodes;
    this.nodeCount = n;
    this.nodeCluster = new Int32Array(n);
    this.nodeZone = new Int32Array(n);
    this.nodePool = new Int32Array(n);
    this.nodeCpuAllocatable = new Float64Array(n);
    this.nodeMemAllocatable = new Float64Array(n);
    this.nodeMaxPods = new Int32Array(n);
    this.nodeActive = new Uint8Array(n);
    this.nodeDownCauses = new Int32Array(n);
    this.nodeApi = new Uint8Array(n);
    this.nodeOutOfService = new Uint8Array(n);
    this.nodeCpuFree = new Float64Array(n);
    this.nodeMemFree = new Float64Array(n);
    this.nodePodsFree = new Int32Array(n);
    this.nodeFirstPod = new Int32Array(n).fill(-1);
    const nt = fleet.nodes;
    for (let i = 0; i < fleetNodes; i++) {
      this.nodeCluster[i] = nt.clusterId[i];
      this.nodeZone[i] = nt.zoneId[i];
      this.nodePool[i] = nt.poolId[i];
      this.nodeCpuAllocatable[i] = nt.cpuAllocatableMillicores[i];
      this.nodeMemAllocatable[i] = nt.memoryAllocatableBytes[i];
      this.nodeMaxPods[i] = nt.maxPods[i];
      this.nodeActive[i] = 1;
    }
    this.spareStart = new Int32Array(this.clusterCount);
    this.spareCount = new Int32Array(this.clusterCount);
    let next = fleetNodes;
    sparesPerCluster.forEach((list, c) => {
      this.spareStart[c] = next;
      for (const s of list) {
        const pool = fleet.nodePools[s.poolId];
        const cluster = fleet.clusters[c];
        for (let k = 0; k < s.count; k++) {
          this.nodeCluster[next] = c;
          // Spares join zones round-robin, continuing the pool's spread.
          this.nodeZone[next] = cluster.zoneIds[(pool.count + k) % cluster.zoneIds.length];
          this.nodePool[next] = s.poolId;
          this.nodeCpuAllocatable[next] = pool.cpuAllocatableMillicores;
          this.nodeMemAllocatable[next] = pool.memoryAllocatableBytes;
          this.nodeMaxPods[next] = pool.maxPods;
          next++;
        }
      }
      this.spareCount[c] = next - this.spareStart[c];
    });
    for (let i = 0; i < n; i++) {
      this.nodeCpuFree[i] = this.nodeCpuAllocatable[i];
      this.nodeMemFree[i] = this.nodeMemAllocatable[i];
      this.nodePodsFree[i] = this.nodeMaxPods[i];
    }
    const groups = this.serviceCount * this.clusterCount;
    this.desired = new Int32Array(groups);
    this.existing = new Int32Array(groups);
    this.ready = new Int32Array(groups);
    this.lost = new Int32Array(groups);
    this.groupFirstPod = new Int32Array(groups).fill(-1);
    this.serviceCpu = Float64Array.from(serviceCpuMillicores);
    this.serviceMem = Float64Array.from(serviceMemBytes);
    this.serviceReady = new Int32Array(this.serviceCount);
    this.serviceLost = new Int32Array(this.serviceCount);
    this.hpaManaged = new Uint8Array(this.serviceCount);
    this.growPods(1024);
  }

  group(service: number, cluster: number): number {
    return service * this.clusterCount + cluster;
  }

  nodeUp(node: number): boolean {
    return this.nodeDownCauses[node] === 0;
  }

  /** Does a pod of `service` fit on `node` right now? */
  fits(node: number, service: number): boolean {
    return this.nodeCpuFree[node] >= this.serviceCpu[service] && this.nodeMemFree[node] >= this.serviceMem[service] && this.nodePodsFree[node] > 0;
  }

  // ---- pods ----

  /** A new pending pod of (service, cluster). */
  createPod(service: number, cluster: number): number {
    let p: number;
    if (this.freePodCount > 0) p = this.freePods[--this.freePodCount];
    else {
      if (this.podsUsed === this.podCapacity) this.growPods(this.podCapacity * 2);
      p = this.podsUsed++;
    }
    this.podService[p] = service;
    this.podCluster[p] = cluster;
    this.podNode[p] = -1;
    this.podState[p] = POD_PENDING;
    this.podGen[p]++;
    const g = this.group(service, cluster);
    this.podPrevInGroup[p] = -1;
    this.podNextInGroup[p] = this.groupFirstPod[g];
    if (this.groupFirstPod[g] >= 0) this.podPrevInGroup[this.groupFirstPod[g]] = p;
    this.groupFirstPod[g] = p;
    this.existing[g]++;
    if (this.podHooks !== null) this.podHooks.created(p);
    return p;
  }

  /** Bind a pending pod to a node (reserving its requests) and mark it starting. */
  bindPod(p: number, node: number): void {
    const s = this.podService[p];
    this.podNode[p] = node;
    this.nodeCpuFree[node] -= this.serviceCpu[s];
    this.nodeMemFree[node] -= this.serviceMem[s];
    this.nodePodsFree[node]--;
    this.podPrevOnNode[p] = -1;
    this.podNextOnNode[p] = this.nodeFirstPod[node];
    if (this.nodeFirstPod[node] >= 0) this.podPrevOnNode[this.nodeFirstPod[node]] = p;
    this.nodeFirstPod[node] = p;
    this.setPodState(p, POD_STARTING);
  }

  /** Change a pod's state, keeping the ready/lost counters and notifying on change. */
  setPodState(p: number, state: number): void {
    const old = this.podState[p];
    if (old === state) return;
    this.podState[p] = state;
    this.podGen[p]++;
    const s = this.podService[p];
    const c = this.podCluster[p];
    const g = this.group(s, c);
    let changed = false;
    if (old === POD_READY) {
      this.ready[g]--;
      this.serviceReady[s]--;
      changed = true;
    } else if (old === POD_LOST) {
      this.lost[g]--;
      this.serviceLost[s]--;
      changed = true;
    }
    if (state === POD_READY) {
      this.ready[g]++;
      this.serviceReady[s]++;
      changed = true;
    } else if (state === POD_LOST) {
      this.lost[g]++;
      this.serviceLost[s]++;
      changed = true;
    }
    if (changed && this.onGroupChange !== null) this.onGroupChange(s, c);
  }

  /** Delete every pod bound to `node` (it is gone or drained); returns the services that lost pods, once each. */
  deleteNodePods(node: number): Set<number> {
    const services = new Set<number>();
    for (let p = this.nodeFirstPod[node]; p >= 0; ) {
      const next = this.podNextOnNode[p];
      services.add(this.podService[p]);
      this.deletePod(p);
      p = next;
    }
    return services;
  }

  /** Delete a pod: free its node resources and its slot. */
  deletePod(p: number): void {
    if (this.podHooks !== null) this.podHooks.deleted(p);
    this.setPodState(p, POD_FREE);
    const node = this.podNode[p];
    if (node >= 0) {
      const s = this.podService[p];
      this.nodeCpuFree[node] += this.serviceCpu[s];
      this.nodeMemFree[node] += this.serviceMem[s];
      this.nodePodsFree[node]++;
      const prev = this.podPrevOnNode[p];
      const next = this.podNextOnNode[p];
      if (prev >= 0) this.podNextOnNode[prev] = next;
      else this.nodeFirstPod[node] = next;
      if (next >= 0) this.podPrevOnNode[next] = prev;
      this.podNode[p] = -1;
    }
    const g = this.group(this.podService[p], this.podCluster[p]);
    const prev = this.podPrevInGroup[p];
    const next = this.podNextInGroup[p];
    if (prev >= 0) this.podNextInGroup[prev] = next;
    else this.groupFirstPod[g] = next;
    if (next >= 0) this.podPrevInGroup[next] = prev;
    this.existing[g]--;
    this.freePods[this.freePodCount++] = p;
  }

  private growPods(cap: number): void {
    this.podService = grown(this.podService, cap);
    this.podCluster = grown(this.podCluster, cap);
    this.podNode = grown(this.podNode, cap);
    this.podNextOnNode = grown(this.podNextOnNode, cap);
    this.podPrevOnNode = grown(this.podPrevOnNode, cap);
    this.podNextInGroup = grown(this.podNextInGroup, cap);
    this.podPrevInGroup = grown(this.podPrevInGroup, cap);
    this.freePods = grown(this.freePods, cap);
    this.podState = grown(this.podState, cap);
    this.podGen = grown(this.podGen, cap);
    this.podCapacity = cap;
  }
}
