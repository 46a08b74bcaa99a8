import type { Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';

/**
 * What a generator of a design's own episodes reads: the design's view of the scenario (its
 * clusters, services, rollouts and dependencies), its fleet, and the replication's seed. Random
 * draws come from streams named by purpose and target, never by design, so that designs facing
 * the same change stream or dependency see the same changes and outages (paired comparisons).
 */
export interface DesignEpisodeInput {
  readonly fleet: Fleet;
  readonly scenario: Scenario;
  /** Index of the design in scenario.designs. */
  readonly design: number;
  /** The design placed on its fleet: per service the clusters and replicas it runs with everything up. */
  readonly resolved: ResolvedDesign;
  readonly horizonS: number;
  readonly seed: string | number;
  readonly replication: number;
}
