import type { Fleet } from '../fleet/types.js';

/**
 * What is up. A cluster that is down hosts nothing; a node that is down contributes no capacity.
 * The simulator keeps one of these and flips flags as faults come and go.
 */
export interface Availability {
  /** 1 = up, per cluster id. */
  readonly clusterUp: Uint8Array;
  /** 1 = up, per node id. */
  readonly nodeUp: Uint8Array;
}

export function fullAvailability(fleet: Fleet): Availability {
  return { clusterUp: new Uint8Array(fleet.clusters.length).fill(1), nodeUp: new Uint8Array(fleet.nodes.count).fill(1) };
}

/** Availability with the named clusters down; a convenience for callers and tests. */
export function withClustersDown(fleet: Fleet, names: readonly string[], base: Availability = fullAvailability(fleet)): Availability {
  const clusterUp = base.clusterUp.slice();
  for (const n of names) {
    const id = fleet.clusterByName.get(n);
    if (id === undefined) throw new RangeError(`unknown cluster "${n}"`);
    clusterUp[id] = 0;
  }
  return { clusterUp, nodeUp: base.nodeUp.slice() };
}

/**
 * Free resources per node while a design is being placed. Values are whole millicores and bytes, so
 * every comparison and subtraction is exact in float64.
 */
export interface CapacityState {
  readonly freeCpuMillicores: Float64Array;
  readonly freeMemoryBytes: Float64Array;
  readonly freePods: Int32Array;
}

/** Free capacity of an empty fleet under the given availability (down nodes and clusters have none). */
export function emptyCapacity(fleet: Fleet, availability: Availability): CapacityState {
  const n = fleet.nodes.count;
  if (availability.nodeUp.length !== n || availability.clusterUp.length !== fleet.clusters.length) {
    throw new RangeError('availability does not match the fleet (wrong array lengths)');
  }
  const cpu = new Float64Array(n);
  const mem = new Float64Array(n);
  const pods = new Int32Array(n);
  const { nodes } = fleet;
  for (let i = 0; i < n; i++) {
    if (availability.nodeUp[i] === 0 || availability.clusterUp[nodes.clusterId[i]] === 0) continue;
    cpu[i] = nodes.cpuAllocatableMillicores[i];
    mem[i] = nodes.memoryAllocatableBytes[i];
    pods[i] = nodes.maxPods[i];
  }
  return { freeCpuMillicores: cpu, freeMemoryBytes: mem, freePods: pods };
}

/** How many more identical pods fit on one node. */
export function podsFitOnNode(cap: CapacityState, node: number, cpuMillicores: number, memoryBytes: number): number {
  let fit = cap.freePods[node];
  if (cpuMillicores > 0) fit = Math.min(fit, Math.floor(cap.freeCpuMillicores[node] / cpuMillicores));
  if (memoryBytes > 0) fit = Math.min(fit, Math.floor(cap.freeMemoryBytes[node] / memoryBytes));
  return fit;
}

/**
 * How many identical pods a cluster can still take: Karmada's "available replicas". Exact, not an
 * estimate: pods of one size fill each node independently, so greedy binding reaches this count.
 */
export function podsFitInCluster(fleet: Fleet, cap: CapacityState, clusterId: number, cpuMillicores: number, memoryBytes: number): number {
  const c = fleet.clusters[clusterId];
  let total = 0;
  for (let i = c.nodeStart, end = c.nodeStart + c.nodeCount; i < end; i++) total += podsFitOnNode(cap, i, cpuMillicores, memoryBytes);
  return total;
}
