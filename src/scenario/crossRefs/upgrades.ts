import type { RawScenario } from '../schema.js';
import { DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE } from '../upgrades.js';
import type { Reporter } from './report.js';

/**
 * Upgrade settings and disruption budgets (docs/upgrades.md): a node upgrade that may neither add a
 * node nor take one away can never start (GKE refuses maxSurge = maxUnavailable = 0 for the same
 * reason); a budget that allows no eviction at all holds every drain until its timeout forces it.
 */
export function checkUpgrades(r: Reporter, s: Partial<RawScenario>): void {
  const nodes = s.faults?.upgrades?.nodes;
  if (nodes !== undefined && (nodes.maxSurge ?? DEFAULT_MAX_SURGE) === 0 && (nodes.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE) === 0) {
    r.err(['faults', 'upgrades', 'nodes'], 'maxSurge and maxUnavailable are both 0: no node could ever be replaced', 'maxSurge ≥ 1 or maxUnavailable ≥ 1', 'maxSurge: 1 adds an upgraded node before draining an old one');
  }
  s.workload?.services?.forEach((svc, i) => {
    const b = svc.disruptionBudget;
    if (b === undefined) return;
    const replicas = svc.replicas;
    const blocks =
      (b.maxUnavailable !== undefined && (b.maxUnavailable.pods === 0 || b.maxUnavailable.ratio === 0)) ||
      (b.minAvailable !== undefined && (b.minAvailable.ratio === 1 || (b.minAvailable.pods !== undefined && typeof replicas === 'number' && b.minAvailable.pods >= replicas)));
    if (blocks) {
      r.warn(['workload', 'services', i, 'disruptionBudget'], `the disruption budget of "${svc.name}" allows no voluntary eviction: every node drain waits for faults.upgrades.nodes.drainTimeout and is then forced`, 'leave room for one pod, e.g. { maxUnavailable: 1 }');
    }
  });
}
