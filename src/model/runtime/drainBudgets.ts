import type { DisruptionBudgetSpec, PodCountOrRatio } from '../../scenario/specs/upgrades.js';

/**
 * PodDisruptionBudget arithmetic, as the disruption controller does it (pure functions): how many
 * pods of a group must stay healthy, and whether the eviction API lets one more go.
 */

/** A count, or a share of `expected` rounded up (intstr.GetScaledValueFromIntOrPercent with roundUp). */
function scaled(v: PodCountOrRatio, expected: number): number {
  // Round away float noise first: 25% of 8 is exactly 2 and must not become 3.
  return v.pods ?? Math.ceil(Math.round(v.ratio * expected * 1e9) / 1e9);
}

/**
 * Pods of the group that must stay healthy (Ready): minAvailable, or the expected count (the
 * ReplicaSet's desired replicas) less maxUnavailable, never below 0.
 */
export function desiredHealthy(pdb: DisruptionBudgetSpec, expected: number): number {
  if (pdb.minAvailable !== undefined) return scaled(pdb.minAvailable, expected);
  return Math.max(0, expected - scaled(pdb.maxUnavailable, expected));
}

/**
 * Would the eviction API accept evicting one pod of the group now? A healthy (Ready) pod goes only
 * while the group has more healthy pods than it must keep (disruptionsAllowed > 0). An unhealthy
 * one takes nothing from the budget; under the default unhealthyPodEvictionPolicy (IfHealthyBudget)
 * it goes while the budget is met.
 */
export function evictionAllowed(pdb: DisruptionBudgetSpec | undefined, expected: number, healthy: number, podIsHealthy: boolean): boolean {
  if (pdb === undefined) return true;
  const must = desiredHealthy(pdb, expected);
  return podIsHealthy ? healthy - must > 0 : healthy >= must;
}
