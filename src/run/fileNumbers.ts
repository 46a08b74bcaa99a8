import { LIMITS } from '../scenario/index.js';

/**
 * Limits on the numbers in files fleetsim reads back (shards, partial results): beyond them a merge
 * would allocate without bound or loop for hours (a shard claiming 1e12 replications once
 * aborted V8). The very cap of the scenario's run.replications (and the plan's, and --replications):
 * a shard can only hold what a run can produce.
 */
export const MAX_REPLICATIONS = LIMITS.replications;

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

/** Buckets a latency histogram read from a file may span (fleetsim's own span about 2,000). */
export const MAX_HISTOGRAM_BUCKETS = 1_000_000;

/**
 * The path and reason of the first latency histogram in `json` that would allocate without bound
 * when read back (its precision and range decide the size of its bucket array), or null.
 */
export function firstBadHistogram(json: unknown, path: string[] = []): string | null {
  if (typeof json !== 'object' || json === null) return null;
  if (Array.isArray(json)) {
    for (let i = 0; i < json.length; i++) {
      const p = firstBadHistogram(json[i], [...path, String(i)]);
      if (p !== null) return p;
    }
    return null;
  }
  const h = json as Record<string, unknown>;
  if ('relativeError' in h && 'buckets' in h) {
    const at = path.join('.') || 'top level';
    const { relativeError: a, minValue: lo, maxValue: hi, buckets } = h;
    if (typeof a !== 'number' || typeof lo !== 'number' || typeof hi !== 'number' || !(a > 0 && a < 1 && lo > 0 && hi > lo)) return `${at}: a histogram needs 0 < relativeError < 1 and 0 < minValue < maxValue`;
    const logGamma = Math.log((1 + a) / (1 - a));
    const size = Math.ceil(Math.log(hi) / logGamma) - Math.ceil(Math.log(lo) / logGamma) + 1;
    if (!(size <= MAX_HISTOGRAM_BUCKETS)) return `${at}: a histogram of this precision and range needs ${size.toExponential(1)} buckets, more than ${MAX_HISTOGRAM_BUCKETS.toLocaleString('en-US')}`;
    if (!Array.isArray(buckets) || !buckets.every((b) => Array.isArray(b) && b.length === 2 && Number.isInteger(b[0]) && b[0] >= 0 && b[0] < size && typeof b[1] === 'number' && b[1] >= 0)) {
      return `${at}.buckets: expected [index, weight] pairs with whole indices in 0…${size - 1} and weights ≥ 0`;
    }
    return null;
  }
  for (const [k, v] of Object.entries(h)) {
    const p = firstBadHistogram(v, [...path, k]);
    if (p !== null) return p;
  }
  return null;
}
