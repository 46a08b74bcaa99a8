import { PANELS, type Panel } from './state.js';

/**
 * `:` commands, as in k9s: a word, maybe an argument. Parsing and completion are pure; the App
 * carries out what they ask.
 */
export const COMMANDS: readonly { readonly name: string; readonly arg?: string; readonly what: string }[] = [
  { name: 'run', what: 're-run with the what-ifs' },
  { name: 'save', arg: 'FILE', what: 'write the what-ifs as a scenario file' },
  { name: 'design', arg: 'NAME', what: 'show this design (Compare columns, Replay)' },
  { name: 'export', what: 'write the report folder' },
  { name: 'reset', what: 'reset every what-if to the file' },
  { name: 'help', what: 'the key overlay' },
  { name: 'q', what: 'quit' },
  { name: 'quit', what: 'quit' },
  ...PANELS.map((p) => ({ name: p, what: `go to the ${p} panel` })),
];

export type ParsedCommand =
  | { readonly kind: 'run' }
  | { readonly kind: 'save'; readonly path: string | null }
  | { readonly kind: 'design'; readonly name: string }
  | { readonly kind: 'export' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'panel'; readonly panel: Panel }
  | { readonly kind: 'error'; readonly message: string };

const USAGE = 'run, save FILE, design NAME, export, reset, help, q, or a panel name';

export function parseCommand(line: string): ParsedCommand {
  const text = line.trim();
  const space = text.search(/\s/);
  const word = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const arg = space < 0 ? '' : text.slice(space).trim();
  switch (word) {
    case 'run':
      return { kind: 'run' };
    case 'save':
    case 'w':
      return { kind: 'save', path: arg === '' ? null : arg };
    case 'design':
      return arg === '' ? { kind: 'error', message: ':design needs a design name (Tab completes)' } : { kind: 'design', name: arg };
    case 'export':
      return { kind: 'export' };
    case 'reset':
      return { kind: 'reset' };
    case 'help':
      return { kind: 'help' };
    case 'q':
    case 'quit':
    case 'q!':
      return { kind: 'quit' };
    case '':
      return { kind: 'error', message: `Type a command: ${USAGE}` };
  }
  const panel = PANELS.find((p) => p === word);
  if (panel !== undefined) return { kind: 'panel', panel };
  return { kind: 'error', message: `Unknown command "${word}": try ${USAGE}` };
}

/**
 * Tab: complete the command word (or, after `design `, a design name) as far as every candidate
 * agrees; the text unchanged when nothing fits.
 */
export function completeCommand(text: string, designs: readonly string[]): string {
  const m = /^(\s*)(\S*)(\s+)?(.*)$/.exec(text)!;
  const [, lead, word, gap, rest] = m;
  if (gap === undefined) {
    const hits = COMMANDS.map((c) => c.name).filter((n) => n.startsWith(word.toLowerCase()));
    if (hits.length === 0) return text;
    const common = commonPrefix(hits);
    // A single, whole word: add the space its argument needs.
    const needsArg = hits.length === 1 && COMMANDS.find((c) => c.name === hits[0])?.arg !== undefined;
    return `${lead}${common}${needsArg ? ' ' : ''}`;
  }
  if (word.toLowerCase() !== 'design') return text;
  const hits = designs.filter((d) => d.startsWith(rest));
  return hits.length === 0 ? text : `${lead}${word} ${commonPrefix(hits)}`;
}

function commonPrefix(xs: readonly string[]): string {
  let p = xs[0];
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}
