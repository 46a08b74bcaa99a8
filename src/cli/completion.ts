import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command, Option } from 'commander';
import { bundledScenarioNames } from './scenarioSource.js';

/**
 * What to offer when the user presses TAB: computed from the program's own command tree
 * (commander), so a new command or option completes without touching this file. Pure except for
 * listing the working directory's files.
 */

/** Values of options whose parser does not carry its choices. */
const KNOWN_VALUES: Record<string, readonly string[]> = {
  '--output': ['table', 'json', 'yaml', 'md'],
  '--search': ['grid', 'adaptive', 'auto'],
};

/** Words of the line before the cursor: the ones finished, and the one being typed ('' after a space). */
export function wordsBeforeCursor(line: string, point: number): { done: string[]; current: string } {
  const before = line.slice(0, point);
  const words = before.split(/\s+/).filter((w) => w !== '');
  const endsInSpace = before === '' || /\s$/.test(before);
  const current = endsInSpace ? '' : (words.pop() ?? '');
  return { done: words.slice(1), current }; // words[0] is the program
}

function findOption(cmd: Command, flag: string): Option | undefined {
  const own = cmd.options.find((o) => o.long === flag || o.short === flag);
  if (own !== undefined) return own;
  // kubectl's -o: until every command declares it, offer --output's values after -o too.
  if (flag === '-o') return cmd.options.find((o) => o.long === '--output');
  return undefined;
}

function optionValues(opt: Option): readonly string[] | undefined {
  if (opt.argChoices !== undefined) return opt.argChoices;
  const parser = (opt as unknown as { parseArg?: { allowed?: readonly string[] } }).parseArg;
  if (parser?.allowed !== undefined) return parser.allowed;
  return opt.long !== undefined ? KNOWN_VALUES[opt.long] : undefined;
}

const takesValue = (opt: Option) => opt.required || opt.optional;

/** Candidates for the word at the cursor (already filtered by what was typed). */
export function complete(program: Command, line: string, point: number, cwd = process.cwd()): string[] {
  const { done, current } = wordsBeforeCursor(line, point);
  let cmd = program;
  let positional = 0;
  let afterDashDash = false;
  for (let i = 0; i < done.length; i++) {
    const w = done[i];
    if (w === '--') {
      afterDashDash = true;
      continue;
    }
    if (!afterDashDash && w.startsWith('-') && w !== '-') {
      const opt = findOption(cmd, w.split('=')[0]);
      if (opt !== undefined && takesValue(opt) && !w.includes('=') && i + 1 < done.length) i++; // skip its value
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub !== undefined && positional === 0) {
      cmd = sub;
      continue;
    }
    positional++;
  }
  const prev = done[done.length - 1];
  // The value of an option: its choices, or files.
  if (prev !== undefined && prev.startsWith('-') && !afterDashDash) {
    const opt = findOption(cmd, prev);
    if (opt !== undefined && takesValue(opt)) {
      const values = optionValues(opt);
      return values !== undefined ? values.filter((v) => v.startsWith(current)) : files(current, cwd, () => true);
    }
  }
  if (current.startsWith('-') && !afterDashDash) {
    const flags = cmd.options.flatMap((o) => (o.hidden ? [] : [o.long, o.short].filter((f): f is string => f !== undefined)));
    return [...new Set([...flags, '--help'])].filter((f) => f.startsWith(current)).sort();
  }
  const subs = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden).map((c) => c.name());
  if (subs.length > 0 && positional === 0) return subs.filter((s) => s.startsWith(current)).sort();
  return argumentCandidates(cmd, positional, current, cwd);
}

/** A positional argument: a scenario (bundled names and YAML files), a results file (JSON), a shell, or any file. */
function argumentCandidates(cmd: Command, index: number, current: string, cwd: string): string[] {
  const args = (cmd as unknown as { registeredArguments?: readonly { name(): string; variadic: boolean; argChoices?: string[] }[] }).registeredArguments ?? [];
  const arg = args[Math.min(index, args.length - 1)];
  if (arg === undefined || (index >= args.length && !arg.variadic)) return [];
  if (arg.argChoices !== undefined) return arg.argChoices.filter((c) => c.startsWith(current));
  const name = arg.name();
  if (/file|scenario/.test(name) && !['merge', 'diff'].includes(cmd.name())) {
    return [...bundledScenarioNames().filter((n) => n.startsWith(current)), ...files(current, cwd, (f) => /\.ya?ml$/.test(f))];
  }
  if (['merge', 'diff'].includes(cmd.name())) return files(current, cwd, (f) => f.endsWith('.json'));
  return files(current, cwd, () => true);
}

/** Entries of the folder the word names: folders (with a slash, to go on) and files that fit. */
function files(current: string, cwd: string, fits: (name: string) => boolean): string[] {
  const slash = current.lastIndexOf('/');
  const dirPart = slash >= 0 ? current.slice(0, slash + 1) : '';
  const prefix = current.slice(slash + 1);
  let entries: string[];
  try {
    entries = readdirSync(resolve(cwd, dirPart || '.'));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort()) {
    if (!e.startsWith(prefix) || (e.startsWith('.') && !prefix.startsWith('.'))) continue;
    let dir = false;
    try {
      dir = statSync(join(resolve(cwd, dirPart || '.'), e)).isDirectory();
    } catch {
      continue;
    }
    if (dir) out.push(`${dirPart}${e}/`);
    else if (fits(e)) out.push(`${dirPart}${e}`);
  }
  return out;
}
