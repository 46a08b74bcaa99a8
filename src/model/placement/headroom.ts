import type { Fleet } from '../fleet/types.js';
import type { Availability, CapacityState } from './capacity.js';
import type { ClusterHeadroom } from './types.js';

/** Allocatable versus requested per cluster, counting only nodes that are up in clusters that are up. */
export function clusterHeadroom(fleet: Fleet, availability: Availability, cap: CapacityState): ClusterHeadroom[] {
  const { nodes } = fleet;
  return fleet.clusters.map((c) => {
    const up = availability.clusterUp[c.id] === 1;
    let nodesUp = 0;
    let cpuAlloc = 0;
    let memAlloc = 0;
    let podCap = 0;
    let cpuFree = 0;
    let memFree = 0;
    let podsFree = 0;
    if (up) {
      for (let i = c.nodeStart, end = c.nodeStart + c.nodeCount; i < end; i++) {
        if (availability.nodeUp[i] === 0) continue;
        nodesUp++;
        cpuAlloc += nodes.cpuAllocatableMillicores[i];
        memAlloc += nodes.memoryAllocatableBytes[i];
        podCap += nodes.maxPods[i];
        cpuFree += cap.freeCpuMillicores[i];
        memFree += cap.freeMemoryBytes[i];
        podsFree += cap.freePods[i];
      }
    }
    const cpuReq = cpuAlloc - cpuFree;
    const memReq = memAlloc - memFree;
    return Object.freeze({
      cluster: c.name,
      up,
      nodesUp,
      cpuAllocatableMillicores: cpuAlloc,
      cpuRequestedMillicores: cpuReq,
      memoryAllocatableBytes: memAlloc,
      memoryRequestedBytes: memReq,
      podCapacity: podCap,
      pods: podCap - podsFree,
      cpuUsedPercent: cpuAlloc > 0 ? (100 * cpuReq) / cpuAlloc : 0,
      memoryUsedPercent: memAlloc > 0 ? (100 * memReq) / memAlloc : 0,
    });
  });
}
