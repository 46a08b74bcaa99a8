import type { Design, ServiceSpec } from '../../scenario/types.js';

/** What one pod of a service requests from the scheduler. */
export interface PodRequests {
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
}

/**
 * A pod's requests under a design: the service's own, plus the mesh's sidecar proxy when the
 * design routes through a mesh (the injector adds the proxy container to every pod, and the
 * scheduler sums the containers' requests). Placement, bin-packing and rescheduling all see this
 * total, so a mesh design needs more nodes for the same replicas.
 */
export function podRequests(service: Pick<ServiceSpec, 'cpuMillicores' | 'memoryBytes'>, design: Pick<Design, 'traffic'>): PodRequests {
  // Designs built by hand (tests, tools) may carry no traffic policy: no mesh then.
  const sidecar = (design.traffic as Design['traffic'] | undefined)?.mesh?.sidecar;
  if (sidecar === undefined) return { cpuMillicores: service.cpuMillicores, memoryBytes: service.memoryBytes };
  return { cpuMillicores: service.cpuMillicores + sidecar.cpuMillicores, memoryBytes: service.memoryBytes + sidecar.memoryBytes };
}
