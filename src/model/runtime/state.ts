import { grown } from '../../engine/typedArrays.js';
import type { Fleet } from '../fleet/types.js';

/**
 * Mutable state of one simulated fleet during one replication: nodes (the fleet's, plus spare slots
 * the cluster autoscaler may provision), pods, and per-(service, cluster) counters. Controllers in
 * this folder read and change it; everything is typed arrays indexed by integer ids.
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

export class RuntimeState {
  readonly fleet: Fleet;
  readonly serviceCount: number;
  readonly clusterCount: number;

  // ---- nodes: ids 0…fleetNodes−1 are the fleet's; the rest are autoscaler spares ----
  nodeCount: number;
  readonly fleetNodeCount: number;
  readonly nodeCluster: Int32Array;
  readonly nodeZone: Int32Array;
  readonly nodePool: Int32Array;
  readonly nodeCpuAllocatable: Float64Array;
  readonly nodeMemAllocatable: Float64Array;
  readonly nodeMaxPods: Int32Array;
  /** 1 when the node exists (fleet nodes always; spares once provisioned). */
  readonly nodeActive: Uint8Array;
  /** Active faults holding the machine down (node, zone, region, cluster faults). 0 = running. */
  readonly nodeDownCauses: Int32Array;
  readonly nodeApi: Uint8Array;
  readonly nodeCpuFree: Float64Array;
  readonly nodeMemFree: Float64Array;
  readonly nodePodsFree: Int32Array;
  /** Head of the node's pod list (−1: none). */
  readonly nodeFirstPod: Int32Array;
  /** Per cluster: first spare node id and how many spares (contiguous). */
  readonly spareStart: Int32Array;
  readonly spareCount: Int32Array;

  // ---- pods (grown by doubling) ----
  podCapacity = 0;
  podService = new Int32Array(0);
  podCluster = new Int32Array(0);
  podNode = new Int32Array(0);
  podState = new Uint8Array(0);
  /** Bumped on every state change, so a stale POD_READY event is recognised and ignored. */
  podGen = new Uint32Array(0);
  podNextOnNode = new Int32Array(0);
  podPrevOnNode = new Int32Array(0);
  podNextInGroup = new Int32Array(0);
  podPrevInGroup = new Int32Array(0);
  private freePods = new Int32Array(0);
  private freePodCount = 0;
  private podsUsed = 0;

  // ---- per (service, cluster) group: index = service * clusterCount + cluster ----
  readonly desired: Int32Array;
  /** Pods that exist (any state but free). */
  readonly existing: Int32Array;
  readonly ready: Int32Array;
  readonly lost: Int32Array;
  readonly groupFirstPod: Int32Array;
  readonly serviceCpu: Float64Array;
  readonly serviceMem: Float64Array;

  // ---- per service, fleet-wide ----
  readonly serviceReady: Int32Array;
  readonly serviceLost: Int32Array;

  /** Called after a group's ready or lost count changes. */
  onGroupChange: ((service: number, cluster: number) => void) | null = null;

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

  /** Delete a pod: free its node resources and its slot. */
  deletePod(p: number): void {
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
