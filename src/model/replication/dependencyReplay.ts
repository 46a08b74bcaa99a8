import type { FaultEpisode } from '../faults/schedule.js';
import type { ReplicationWiring } from './replicationWiring.js';

/**
 * A shared dependency (faults.dependencies) going down and coming back, as the design that uses it
 * feels it: DNS, GSLB health checking, a global anycast load balancer, identity, the Karmada or mesh
 * control plane. docs/dependencies.md.
 *
 * A design feels only the dependencies it lists in dependsOn: a scripted outage is in every design's
 * schedule, and does nothing to the others. What the design uses is read from its traffic model, so
 * without one (capacity-only runs) no dependency acts, the Karmada control plane included.
 */
export class DependencyReplay {
  private readonly w: ReplicationWiring;
  /** Active outages of Karmada control planes the design uses. */
  private karmadaDown = 0;

  constructor(w: ReplicationWiring) {
    this.w = w;
  }

  /** Start (+1) or end (−1) a dependency outage; returns the clusters it touches (every cluster: these are fleet-wide). */
  apply(ep: FaultEpisode, delta: 1 | -1): number[] {
    if (!this.uses(ep)) return [];
    const spec = this.w.scenario!.faults.dependencies[ep.targetId];
    if (spec.kind === 'karmada') {
      const before = this.karmadaDown;
      this.karmadaDown += delta;
      if ((before === 0) !== (this.karmadaDown === 0)) this.w.karmada.setControlPlaneDown(this.karmadaDown > 0);
    } else this.w.traffic?.dependencyDown(spec, delta === 1); // without the traffic model only Karmada's matters
    return this.w.fleet.clusters.map((c) => c.id);
  }

  /** Whether this design lists the episode's dependency (a scripted outage of another's leaves it alone). */
  uses(ep: FaultEpisode): boolean {
    const spec = this.w.scenario?.faults.dependencies[ep.targetId];
    return spec !== undefined && this.w.design.dependsOn.includes(spec.name);
  }
}
