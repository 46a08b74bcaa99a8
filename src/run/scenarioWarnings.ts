import type { ScenarioError } from '../scenario/errors.js';
import type { Scenario } from '../scenario/types.js';
import { horizonWarnings } from '../scenario/warnings/horizon.js';
import { residencyWarnings } from '../scenario/warnings/residency.js';
import { locateWarnings, type PendingWarning } from '../scenario/warnings/locate.js';
import { designWarnings } from './designWarnings.js';
import { resolveScenario, type ResolvedScenario } from './resolveScenario.js';

/**
 * The warnings `check` prints and `run` prints before it simulates, beyond the loader's own: the
 * designs' (designWarnings.ts), residency globs that leak outside the EU (residency.ts) and, when the run's horizon is not the file's (run --horizon), the
 * faults it drops. At file:line:col with field paths; `text` is the file the scenario was read from.
 */
export function scenarioWarnings(text: string, scenario: Scenario, options: { readonly resolved?: ResolvedScenario; readonly horizon?: { readonly horizonS: number; readonly source: string } } = {}): ScenarioError[] {
  const pending: PendingWarning[] = [...designWarnings(options.resolved ?? resolveScenario(scenario)), ...residencyWarnings(scenario)];
  if (options.horizon !== undefined) pending.push(...horizonWarnings(scenario, options.horizon.horizonS, options.horizon.source));
  return locateWarnings(text, scenario.sourceFile, pending);
}
