import { parseScenario } from '../../../src/scenario/index.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';

/** A scenario written in a test, its fleet and its designs placed: what fault generators read, without a simulation. */
export function placedWorld(yaml: string) {
  const r = parseScenario(yaml, 'test.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`).join('\n'));
  const fleet = resolveFleet(r.scenario);
  return { scenario: r.scenario, fleet, designs: resolveDesigns(r.scenario, fleet) };
}
