import { stringify } from 'yaml';
import { UserError } from './exitCodes.js';

/**
 * What -o json and -o yaml print: the same object, as JSON (2-space, trailing newline) or YAML.
 * `replacer` is JSON.stringify's (e.g. NaN → null), applied to both so they never disagree.
 */
export function structuredText(value: unknown, format: 'json' | 'yaml', replacer?: (key: string, v: unknown) => unknown): string {
  const json = JSON.stringify(value, replacer as ((this: unknown, key: string, v: unknown) => unknown) | undefined, 2);
  if (format === 'json') return json + '\n';
  return stringify(JSON.parse(json), { lineWidth: 0 });
}

/** An action's own check of --output (for callers that bypass commander's parser, such as tests). */
export function requireFormat<F extends string>(value: string, allowed: readonly F[], flag = '--output'): F {
  if ((allowed as readonly string[]).includes(value)) return value as F;
  throw new UserError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
}
