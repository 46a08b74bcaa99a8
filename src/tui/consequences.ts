import { designWarnings } from '../run/designWarnings.js';
import { resolveScenario } from '../run/resolveScenario.js';
import type { Scenario } from '../scenario/types.js';

/**
 * What a what-if breaks before it is run: the calls a design without a mesh can no longer route
 * (its callee has no pod in the caller's cluster, and calls then stay there). Read from the same
 * model `check` warns from (run/designWarnings.ts), so the TUI and `check` agree; the run then shows
 * what those failed calls cost in availability.
 */
const byScenario = new WeakMap<Scenario, ReturnType<typeof designWarnings>>();

function warningsOf(s: Scenario): ReturnType<typeof designWarnings> {
  let w = byScenario.get(s);
  if (w === undefined) byScenario.set(s, (w = designWarnings(resolveScenario(s))));
  return w;
}

/** One line per stranded caller → callee of the design ("web in eu-1 calls cart, which has no pod there …"). */
export function unreachableCalls(s: Scenario, design: string): string[] {
  const i = s.designs.findIndex((d) => d.name === design);
  if (i < 0 || s.designs[i].traffic.mesh !== undefined) return [];
  // designWarnings points an unreachable callee at the design's traffic section (the mesh it lacks).
  return warningsOf(s)
    .filter((w) => w.paths[0]?.length === 3 && w.paths[0][0] === 'designs' && w.paths[0][1] === i && w.paths[0][2] === 'traffic')
    .map((w) => w.message.replace(/^design [^:]*: /, ''));
}
