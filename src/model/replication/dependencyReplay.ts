import type { FaultEpisode } from '../faults/schedule.js';
import type { ReplicationWiring } from './replicationWiring.js';

/**
 * A shared dependency (faults.dependencies) going down and coming back, as the design that uses it
 * feels it: DNS, GSLB health checking, a global anycast load balancer, identity, the Karmada or mesh
 * control plane. docs/dependencies.md.
 */
export class DependencyReplay {
  private readonly w: ReplicationWiring;

  constructor(w: ReplicationWiring) {
    this.w = w;
  }

  /** Start (+1) or end (−1) a dependency outage; returns the clusters it touches. */
  apply(_ep: FaultEpisode, _delta: 1 | -1): number[] {
    void this.w;
    return [];
  }
}
