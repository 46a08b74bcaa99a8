import { readScenarioText, type Scenario, type ScenarioError } from '../scenario/index.js';
import { scenarioWarnings } from '../run/scenarioWarnings.js';
import { resolveOnce } from './resolvedScenario.js';

/**
 * `fleetsim check`'s design warnings (installed with setScenarioWarnings): the file is read again
 * for positions, which the loader does not keep; it validated a moment ago, so it parses.
 */
export function checkWarnings(s: Scenario): readonly ScenarioError[] {
  const read = readScenarioText(s.sourceFile);
  if (!read.ok) return [];
  return scenarioWarnings(read.text, s, { resolved: resolveOnce(s) });
}
