import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A scenario file the picker offers. */
export interface ScenarioEntry {
  readonly path: string;
  readonly source: 'bundled' | 'here';
  /** metadata.name when it can be read cheaply, else the file name. */
  readonly name: string;
}

/** The scenarios/ folder shipped with fleetsim: found by walking up from this module (src or dist). */
export function bundledScenarioDir(from: string = fileURLToPath(import.meta.url)): string | null {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'scenarios');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** A cheap look at the head of a file: is it a fleetsim scenario, and what is it called? */
function peek(path: string): string | null {
  try {
    if (!statSync(path).isFile()) return null;
    const head = readFileSync(path, 'utf8').slice(0, 8192);
    if (!/apiVersion:\s*["']?fleetsim\/v1/.test(head)) return null;
    const block = /\nmetadata:\s*\n\s+name:\s*["']?([^"'\n#]+?)["']?\s*(#.*)?\n/.exec(head);
    const inline = /\nmetadata:\s*\{[^}\n]*\bname:\s*["']?([^,"'}\n]+?)["']?\s*[,}]/.exec(head);
    return (block ?? inline)?.[1] ?? '';
  } catch {
    return null;
  }
}

function yamlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Bundled scenarios, then fleetsim YAML files in the working directory (no duplicates). */
export function discoverScenarios(cwd: string, bundledDir: string | null): ScenarioEntry[] {
  const out: ScenarioEntry[] = [];
  const seen = new Set<string>();
  const add = (path: string, source: ScenarioEntry['source']) => {
    const abs = resolve(path);
    if (seen.has(abs)) return;
    const name = peek(abs);
    if (name === null) return;
    seen.add(abs);
    const shown = relative(cwd, abs);
    out.push({ path: shown.startsWith('..') ? abs : shown, source, name: name || shown });
  };
  if (bundledDir) for (const f of yamlFiles(bundledDir)) add(f, 'bundled');
  for (const f of yamlFiles(cwd)) add(f, 'here');
  return out;
}
