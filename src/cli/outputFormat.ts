import { InvalidArgumentError, Option, type Command } from 'commander';
import { UserError } from './exitCodes.js';

/**
 * The -o/--output formats, named the same on every command (kubectl's convention): a command
 * accepts the subset that makes sense for what it prints.
 */
export const ALL_FORMATS = ['table', 'json', 'yaml', 'md'] as const;
export type Format = (typeof ALL_FORMATS)[number];

/** A commander parser for `-o, --output <format>` that accepts only `allowed`, with a message listing them. */
export function outputFormat<F extends Format>(allowed: readonly F[]): ((value: string) => F) & { readonly allowed: readonly F[] } {
  // `allowed` rides on the parser so shell completion (completion.ts) offers exactly these values.
  const parse = (value: string): F => {
    const v = value.trim().toLowerCase();
    if ((allowed as readonly string[]).includes(v)) return v as F;
    const hint = v === 'markdown' && allowed.includes('md' as F) ? ' (markdown is "md")' : v === 'yml' && allowed.includes('yaml' as F) ? ' (use "yaml")' : '';
    throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}, got "${value}"${hint}`);
  };
  return Object.assign(parse, { allowed });
}

/** The help text of the option: "what to print: table, json, yaml". */
export function formatHelp(allowed: readonly Format[], what = 'what to print'): string {
  return `${what}: ${allowed.join(', ')}`;
}

/** Stringify a JSON-able value as JSON (2-space, trailing newline) or YAML: the same object either way. */
export async function structured(value: unknown, format: 'json' | 'yaml'): Promise<string> {
  if (format === 'json') return JSON.stringify(value, null, 2) + '\n';
  // yaml is loaded only when asked for; it is small, but definitions import this file.
  const { yamlText } = await import('./yamlText.js');
  // JSON round trip first: YAML of exactly what --output json prints (no undefined, no class instances).
  return yamlText(JSON.parse(JSON.stringify(value)));
}

/**
 * For a command that writes a file (--out): `-o` is taken as a hidden option that fails with a
 * pointer to --out, since on every fleetsim command `-o` is the output format (kubectl's
 * convention) and `import … -o shop.yaml` was the spelling before it was.
 */
export function refuseShortOutput(cmd: Command): Command {
  return cmd.addOption(new Option('-o <value>', 'use --out FILE').hideHelp()).hook('preAction', (_, action) => {
    const value = action.opts().o as string | undefined;
    if (value !== undefined) throw new UserError(`-o is the output format on fleetsim's commands; this one writes a file: use --out ${value}`);
  });
}
