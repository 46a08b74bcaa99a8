/**
 * Limits on the numbers in files fleetsim reads back (shards, partial results): beyond them a merge
 * would allocate without bound or loop for hours (issue 12: a shard claiming 1e12 replications
 * aborted V8). The same cap as the scenario's and the plan's replications.
 */
export const MAX_REPLICATIONS = 100_000;

/**
 * The path of the first number in `json` that is not finite (JSON.parse turns 1e999 into
 * Infinity), or null. Results files are fleetsim's own output, in which every number is finite.
 */
export function firstNonFinite(json: unknown, path: string[] = []): string | null {
  if (typeof json === 'number') return Number.isFinite(json) ? null : path.join('.') || 'top level';
  if (typeof json !== 'object' || json === null) return null;
  if (Array.isArray(json)) {
    for (let i = 0; i < json.length; i++) {
      const p = firstNonFinite(json[i], [...path, String(i)]);
      if (p !== null) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(json)) {
    const p = firstNonFinite(v, [...path, k]);
    if (p !== null) return p;
  }
  return null;
}
