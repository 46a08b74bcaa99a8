import type { FaultEpisode } from '../faults/schedule.js';

/**
 * Kubernetes upgrades of a cluster (fault kind `upgrade`): the control plane's upgrade, then its
 * nodes surged, cordoned and drained within the services' PodDisruptionBudgets. docs/upgrades.md.
 */
export class ClusterUpgrades {
  /** Start (+1) or end (−1) an upgrade episode; returns the clusters it touches. */
  apply(ep: FaultEpisode, _delta: 1 | -1): number[] {
    return [ep.targetId];
  }
}
