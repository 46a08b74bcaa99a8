import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import { loadedScenario, type LoadedScenario } from '../../src/tui/state.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A bundled scenario's text, optionally with a shorter horizon and fewer replications (fast tests). */
export function scenarioText(name: string, o: { horizon?: string; replications?: number } = {}): string {
  // fixtures/… are the TUI tests' own scenarios; anything else is a bundled one.
  let text = readFileSync(name.startsWith('fixtures/') ? `${ROOT}test/${name}` : `${ROOT}scenarios/${name}`, 'utf8');
  if (o.horizon) text = text.replace(/^(\s*)horizon: .*$/m, `$1horizon: ${o.horizon}`);
  if (o.replications !== undefined) text = text.replace(/^(\s*)replications: .*$/m, `$1replications: ${o.replications}`);
  return text;
}

export function scenarioOf(text: string, file = 'default.yaml'): Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

/** The fixed-fleet two-region scenario (fixtures/two-regions-fixed.yaml) shortened to 60 days × 3 replications. */
export function smallDefault(): { text: string; scenario: Scenario; loaded: LoadedScenario } {
  const text = scenarioText('fixtures/two-regions-fixed.yaml', { horizon: '60d', replications: 3 });
  const scenario = scenarioOf(text);
  return { text, scenario, loaded: loadedScenario('default.yaml', text, scenario) };
}

/** Deep-freeze, so a test fails if a what-if writes into the base scenario. */
export function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}
