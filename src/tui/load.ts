import { readFileSync } from 'node:fs';
import { formatError, parseScenario } from '../scenario/index.js';
import { loadedScenario, type LoadedScenario } from './state.js';

/** Read and validate a scenario for the UI: the loaded scenario, or every error as one message. */
export function loadForTui(path: string): LoadedScenario | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`;
  }
  const loaded = parseScenario(text, path);
  if (!loaded.ok) return loaded.errors.filter((e) => e.severity === 'error').map(formatError).join('\n');
  return loadedScenario(path, text, loaded.scenario);
}
