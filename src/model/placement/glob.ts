/**
 * Glob patterns over names: `*` matches any run of characters (also none), `?` exactly one; everything
 * else is literal. Whole-name match, case-sensitive (cloud region names are lower case).
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '^';
  for (const ch of pattern) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += /[.+^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(re + '$', 'u');
}

/** True when name matches any of the patterns. */
export function matchesAny(name: string, patterns: readonly RegExp[]): boolean {
  for (const p of patterns) if (p.test(name)) return true;
  return false;
}
