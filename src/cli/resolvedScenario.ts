import type { Scenario } from '../scenario/index.js';
import { resolveScenario, type ResolvedScenario } from '../run/placement.js';

const resolved = new WeakMap<Scenario, ResolvedScenario>();

/**
 * The scenario's designs resolved (fleets, placements, sizing) once per scenario object: check's
 * placement and data-flow sections both need them, and sizing a design is most of check's own work.
 */
export function resolveOnce(s: Scenario): ResolvedScenario {
  let r = resolved.get(s);
  if (r === undefined) {
    r = resolveScenario(s);
    resolved.set(s, r);
  }
  return r;
}
