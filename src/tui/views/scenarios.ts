import type { ScenarioEntry } from '../scenarios.js';
import { line, type Line } from './line.js';

export function scenariosView(entries: readonly ScenarioEntry[], cursor: number, loadedPath: string | null): Line[] {
  if (entries.length === 0) return [line('No scenario found: no bundled scenarios/ folder and no fleetsim YAML here.', 'warn'), line('Start fleetsim tui with a file: fleetsim tui my-scenario.yaml')];
  const out: Line[] = [line('Bundled scenarios and fleetsim YAML files in this folder. Enter loads and runs.', 'dim'), line('')];
  entries.forEach((e, i) => {
    const loaded = e.path === loadedPath ? ' (loaded)' : '';
    out.push({ text: `${e.source === 'bundled' ? 'bundled' : 'here   '}  ${e.name.padEnd(24)} ${e.path}${loaded}`, selected: i === cursor, ...(loaded ? { tone: 'accent' as const } : {}) });
  });
  return out;
}

/** Lines before the first entry (for mapping the cursor to a row). */
export const SCENARIO_HEADER_LINES = 2;
