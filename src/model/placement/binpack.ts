import type { Fleet } from '../fleet/types.js';
import type { CapacityState } from './capacity.js';
import type { NodeStrategy } from './types.js';

/**
 * Binds up to `count` identical pods of one service to nodes of one cluster, consuming `cap`.
 * Each pod goes to the zone holding the fewest pods of this service among zones where it still fits
 * (the default scheduler's zone topology spread, ScheduleAnyway), then to a node in that zone:
 * `spread` picks the node left with the most free capacity (kube-scheduler's LeastAllocated score),
 * `pack` the one left with the least (best fit). Ties go to the lower node id. Node ids of bound pods
 * are written to out[outStart …]; returns how many were bound. Never exceeds any node's free cpu,
 * memory or pod slots.
 */
export function bindPods(
  fleet: Fleet,
  cap: CapacityState,
  clusterId: number,
  cpuMillicores: number,
  memoryBytes: number,
  count: number,
  strategy: NodeStrategy,
  out: Int32Array,
  outStart: number,
): number {
  const c = fleet.clusters[clusterId];
  const { nodes } = fleet;
  const start = c.nodeStart;
  const end = c.nodeStart + c.nodeCount;
  const podsInZone = new Int32Array(fleet.zones.length);
  const sign = strategy === 'spread' ? -1 : 1; // lower key wins
  let bound = 0;
  while (bound < count) {
    let best = -1;
    let bestZonePods = 0;
    let bestKey = 0;
    for (let i = start; i < end; i++) {
      if (cap.freePods[i] < 1 || cap.freeCpuMillicores[i] < cpuMillicores || cap.freeMemoryBytes[i] < memoryBytes) continue;
      const zonePods = podsInZone[nodes.zoneId[i]];
      const allocCpu = nodes.cpuAllocatableMillicores[i];
      const allocMem = nodes.memoryAllocatableBytes[i];
      const freeAfter =
        (allocCpu > 0 ? (cap.freeCpuMillicores[i] - cpuMillicores) / allocCpu : 0) + (allocMem > 0 ? (cap.freeMemoryBytes[i] - memoryBytes) / allocMem : 0);
      const key = sign * freeAfter;
      if (best < 0 || zonePods < bestZonePods || (zonePods === bestZonePods && key < bestKey)) {
        best = i;
        bestZonePods = zonePods;
        bestKey = key;
      }
    }
    if (best < 0) break;
    cap.freePods[best] -= 1;
    cap.freeCpuMillicores[best] -= cpuMillicores;
    cap.freeMemoryBytes[best] -= memoryBytes;
    podsInZone[nodes.zoneId[best]]++;
    out[outStart + bound] = best;
    bound++;
  }
  return bound;
}
