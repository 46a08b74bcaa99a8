import { formatDuration } from '../scenario/index.js';

/**
 * Seconds as a duration that reads back to exactly the same number: every component of whole
 * seconds ("30d19h5m"), else plain seconds. formatDuration keeps two components, which is right for
 * summaries but would round a typed "30d19h5m" to "30.8d" in a saved file.
 */
export function exactDuration(s: number): string {
  if (!Number.isFinite(s) || s < 60 || !Number.isInteger(s)) return s === 0 ? '0s' : Number.isInteger(s) ? `${s}s` : formatDuration(s);
  const parts: string[] = [];
  let rest = s;
  for (const [u, f] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= f) {
      parts.push(`${Math.floor(rest / f)}${u}`);
      rest %= f;
    }
  }
  return parts.join('');
}
