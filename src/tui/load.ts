import { parsePricedScenario } from '../cost/index.js';
import { formatError, readScenarioText } from '../scenario/index.js';
import { loadedScenario, type LoadedScenario } from './state.js';

/** Read and validate a scenario for the UI: the loaded scenario, or every error as one message. */
export function loadForTui(path: string): LoadedScenario | string {
  // Read no further than the scenario size limit: /dev/zero or a disk image must not hang the UI.
  const read = readScenarioText(path);
  if (!read.ok) return `${path}: ${read.message} (expected ${read.expected})`;
  const loaded = parsePricedScenario(read.text, path);
  if (!loaded.ok) return loaded.errors.filter((e) => e.severity === 'error').map(formatError).join('\n');
  return loadedScenario(path, read.text, loaded.scenario);
}
