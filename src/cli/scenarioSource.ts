import { existsSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../scenario/limits.js';
import { readScenarioText } from '../scenario/load.js';
import { UserError } from './exitCodes.js';

/** What a scenario argument names: its text and how messages call it (a path, or "<stdin>"). */
export interface ScenarioSource {
  readonly text: string;
  /** The file name messages use: the path given, the bundled file's path, or "<stdin>". */
  readonly name: string;
  /** The file on disk, when there is one (not for stdin). */
  readonly path?: string;
  readonly kind: 'stdin' | 'file' | 'bundled';
}

export const STDIN_NAME = '<stdin>';

/**
 * The package's root: the nearest folder above this module whose package.json is fleetsim's. The
 * module sits in src/cli/ (tests, tsx) or dist/src/cli/ (the installed package); walking up works
 * for both, after `npm install -g` and from any working directory.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'fleetsim') return dir;
    } catch {
      /* not here: go up */
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('fleetsim: cannot find the package root (no package.json named fleetsim above the CLI)');
}

/** The bundled scenarios (scenarios/ in the package). */
export function bundledScenarioDir(): string {
  return join(packageRoot(), 'scenarios');
}

/** Names of the bundled scenarios (scenarios/<name>.yaml), sorted. */
export function bundledScenarioNames(): string[] {
  try {
    return readdirSync(bundledScenarioDir())
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
  } catch {
    return [];
  }
}

/** The path of a bundled scenario, or undefined when there is none of that name. */
export function bundledScenarioPath(name: string): string | undefined {
  // A name, not a path: "../x" or "a/b" never reaches outside scenarios/.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return undefined;
  const path = join(bundledScenarioDir(), `${name.replace(/\.ya?ml$/, '')}.yaml`);
  return existsSync(path) ? path : undefined;
}

/**
 * Resolve a scenario argument the way kubectl resolves -f: `-` is standard input, an existing path
 * is that file, otherwise a bundled scenario's name (`default`, `retail-segmented`, …). Anything
 * else is a UserError (exit 2) that lists the bundled names.
 */
export function resolveScenarioArg(arg: string, readStdin: () => string = readStdinText): ScenarioSource {
  if (arg === '-') return { text: readStdin(), name: STDIN_NAME, kind: 'stdin' };
  if (existsSync(arg)) return { text: readLimited(arg), name: arg, path: arg, kind: 'file' };
  const bundled = bundledScenarioPath(arg);
  if (bundled !== undefined) return { text: readLimited(bundled), name: bundled, path: bundled, kind: 'bundled' };
  throw new UserError(unknownScenarioMessage(arg));
}

/**
 * Resolve to a path on disk (for commands that need a file: the TUI reloads and saves it). Stdin is
 * refused with the reason; a bundled name gives the packaged file.
 */
export function resolveScenarioPath(arg: string, why: string): string {
  if (arg === '-') throw new UserError(`"-" (standard input) cannot be used here: ${why}`);
  if (existsSync(arg)) return arg;
  const bundled = bundledScenarioPath(arg);
  if (bundled !== undefined) return bundled;
  throw new UserError(unknownScenarioMessage(arg));
}

export function unknownScenarioMessage(arg: string): string {
  const names = bundledScenarioNames();
  return [
    `${arg}: no such file, and not a bundled scenario`,
    `  expected: a scenario YAML file, "-" for standard input, or one of the bundled scenarios: ${names.length > 0 ? names.join(', ') : '(none found)'}`,
    '  hint: "fleetsim init" writes a starter scenario to edit (fleetsim.yaml); "fleetsim run default" runs the bundled default',
  ].join('\n');
}

/**
 * A scenario file's text through the loader's own reader (src/scenario/load.ts readScenarioText),
 * which stops at the size limit: a device such as /dev/zero reports a size of 0 and would otherwise
 * be read without end.
 */
function readLimited(path: string): string {
  const read = readScenarioText(path);
  if (read.ok) return read.text;
  throw new UserError(`${path}:1:1: ${read.message}\n  expected: ${read.expected}${read.hint !== undefined ? `\n  hint: ${read.hint}` : ''}`);
}

/** Standard input, read to the end, no further than the scenario size limit. */
export function readStdinText(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(64 * 1024);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSyncFd0(buf);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue; // a non-blocking pipe with nothing yet
      if (code === 'EOF') break;
      throw new UserError(`cannot read the scenario from standard input: ${code ?? (err as Error).message}`);
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
    if (total > LIMITS.fileBytes) throw new UserError(`${STDIN_NAME}: more than ${LIMITS.fileBytes} bytes on standard input (reading stopped there)\n  expected: a scenario YAML file of at most ${LIMITS.fileBytes / 1024 / 1024} MiB`);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new UserError(`${STDIN_NAME}: standard input is empty\n  expected: a scenario in YAML, e.g. "cat scenario.yaml | fleetsim run -"`);
  return text;
}

function readSyncFd0(buf: Buffer): number {
  return readSync(0, buf, 0, buf.length, null);
}
