import { formatError, formatDuration, type ScenarioError, type Scenario } from '../scenario/index.js';
import { sortErrors } from '../scenario/errors.js';
import { RunInputError } from '../run/errors.js';
import { scenarioWarnings } from '../run/scenarioWarnings.js';
import type { ResolvedScenario } from '../run/resolveScenario.js';
import { terminalSafeLine } from '../report/terminalText.js';

/**
 * What `fleetsim run` prints on stderr before it simulates: the warnings `check` prints (the loader's
 * and the designs'), against the horizon the run uses: with --horizon, also the scripted faults and
 * incidents that the shorter horizon drops. `resolved`: the scenario as the run resolves it, overrides
 * applied (resolveWithOverrides), whose sizing the designs' warnings read. Empty when there is nothing to say.
 */
export function runWarningsText(scenario: Scenario, loaderWarnings: readonly ScenarioError[], text: string, horizonS: number | undefined, resolved: ResolvedScenario | RunInputError): string {
  // A design the model cannot resolve (sizing past the limits) is the run's error to report, with its own message.
  const own = resolved instanceof RunInputError ? [] : scenarioWarnings(text, scenario, { resolved, ...(horizonS === undefined ? {} : { horizon: { horizonS, source: '--horizon' } }) });
  const all = sortErrors([...loaderWarnings, ...own]);
  if (all.length === 0) return '';
  return all.map((w) => terminalSafeLine(formatError(w))).join('\n') + `\n(${all.length} warning${all.length === 1 ? '' : 's'}; \`fleetsim check ${terminalSafeLine(scenario.sourceFile)}\` explains the scenario${horizonS === undefined ? '' : `; run horizon ${formatDuration(horizonS)}`})\n`;
}
