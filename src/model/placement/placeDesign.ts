import type { Fleet } from '../fleet/types.js';
import { emptyCapacity, fullAvailability, type Availability } from './capacity.js';
import type { CompiledService } from './compile.js';
import { clusterHeadroom } from './headroom.js';
import { placeService } from './placeService.js';
import type { DesignPlacement, NodeStrategy, ServicePlacement } from './types.js';

export interface PlaceDesignOptions {
  /** Node choice inside a zone; default 'spread' (what kube-scheduler does by default). */
  readonly nodeStrategy?: NodeStrategy;
}

/**
 * Order in which services claim capacity: largest pod first (dominant share of the largest node's
 * allocatable cpu or memory), ties in the order given. This is first-fit-decreasing at the service
 * level: big pods go first, while nodes still have room for them.
 */
export function placementOrder(fleet: Fleet, services: readonly CompiledService[]): number[] {
  let maxCpu = 0;
  let maxMem = 0;
  for (let i = 0; i < fleet.nodes.count; i++) {
    maxCpu = Math.max(maxCpu, fleet.nodes.cpuAllocatableMillicores[i]);
    maxMem = Math.max(maxMem, fleet.nodes.memoryAllocatableBytes[i]);
  }
  const share = services.map((s) => Math.max(maxCpu > 0 ? s.cpuMillicores / maxCpu : 0, maxMem > 0 ? s.memoryBytes / maxMem : 0));
  return services.map((_, i) => i).sort((a, b) => share[b] - share[a] || a - b);
}

/**
 * Places every service of a design on an empty fleet under `availability` (default: everything up).
 * Pure: same inputs, same output; nothing passed in is modified.
 */
export function placeDesign(
  fleet: Fleet,
  services: readonly CompiledService[],
  availability: Availability = fullAvailability(fleet),
  options: PlaceDesignOptions = {},
): DesignPlacement {
  const cap = emptyCapacity(fleet, availability);
  const strategy = options.nodeStrategy ?? 'spread';
  const results: ServicePlacement[] = new Array(services.length);
  for (const i of placementOrder(fleet, services)) results[i] = placeService(fleet, services[i], availability, cap, strategy);
  let pendingPods = 0;
  let unscheduledReplicas = 0;
  for (const r of results) {
    for (let c = 0; c < r.pending.length; c++) pendingPods += r.pending[c];
    unscheduledReplicas += r.unscheduled;
  }
  return Object.freeze({
    services: Object.freeze(results),
    headroom: Object.freeze(clusterHeadroom(fleet, availability, cap)),
    residencyViolations: Object.freeze(results.flatMap((r) => r.residencyViolations)),
    pendingPods,
    unscheduledReplicas,
  });
}
