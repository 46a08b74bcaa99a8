/**
 * Sorting the Monte Carlo's samples: the same ascending order as Float64Array.prototype.sort, by a
 * bucket sort on the doubles' bit patterns. For doubles with the sign bit clear (latencies: zero,
 * positive, +Infinity) the IEEE-754 bit pattern read as an unsigned integer orders exactly as the
 * numbers do, so its high 32-bit word, shifted, is a monotone bucket key; each bucket (a few samples)
 * is then sorted by comparing the numbers. Equal numbers have equal patterns, so the sorted array is
 * the same, bit for bit, as the native sort's. An array holding anything else (a negative number, −0,
 * NaN) is left to the native sort, which orders those its own way.
 *
 * Why: every latency estimate sorts 8192 samples (its quantile points, and its mean summed in sorted
 * order), and the native comparison sort was a quarter of the Monte Carlo's cost. Buckets are about
 * uniform in log(latency) (the high word is the exponent and 20 mantissa bits), which suits latency
 * distributions; a bucket that still gets crowded (samples spanning many orders of magnitude, or all
 * within 2^−20 of each other) is sorted natively, so no input is much slower than the native sort.
 */

/** At most this many buckets (about 2 per sample of a full estimate). */
const MAX_BUCKETS = 1 << 14;
/** A bucket longer than this is sorted natively rather than by insertion. */
const INSERTION_MAX = 48;
const SIGN_BIT = 0x80000000;

/** Which 32-bit word of a float64 holds its high half on this machine. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Scratch (module state: one sort runs at a time), grown to the largest array sorted. */
let sorted = new Float64Array(0);
let bucketOf = new Uint16Array(0);
/** Per bucket: its end once the samples are placed (b + 1: first counts, then starts). */
const bounds = new Uint32Array(MAX_BUCKETS + 1);

/** Sorts `values` in place in ascending order, as `values.sort()` does, and returns it. */
export function sortLatencies(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 64) return values.sort(); // not worth the buckets
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let minHigh = 0xffffffff;
  let maxHigh = 0;
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + HIGH_WORD];
    // The sign bit (negatives, −0), or NaN (x !== x): the native order.
    if ((high & SIGN_BIT) !== 0 || values[i] !== values[i]) return values.sort();
    if (high < minHigh) minHigh = high;
    if (high > maxHigh) maxHigh = high;
  }
  let shift = 0;
  while ((maxHigh - minHigh) >>> shift >= MAX_BUCKETS) shift++;
  const buckets = ((maxHigh - minHigh) >>> shift) + 1;
  if (sorted.length < n) {
    sorted = new Float64Array(n);
    bucketOf = new Uint16Array(n);
  }
  bounds.fill(0, 0, buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = (words[2 * i + HIGH_WORD] - minHigh) >>> shift;
    bucketOf[i] = b;
    bounds[b + 1]++;
  }
  for (let b = 0; b < buckets; b++) bounds[b + 1] += bounds[b];
  // Place in sample order (bounds[b] moves from the bucket's start to its end).
  for (let i = 0; i < n; i++) sorted[bounds[bucketOf[i]]++] = values[i];
  let from = 0;
  for (let b = 0; b < buckets; b++) {
    const to = bounds[b];
    if (to - from > INSERTION_MAX) sorted.subarray(from, to).sort();
    else {
      for (let i = from + 1; i < to; i++) {
        const x = sorted[i];
        let j = i - 1;
        while (j >= from && sorted[j] > x) {
          sorted[j + 1] = sorted[j];
          j--;
        }
        sorted[j + 1] = x;
      }
    }
    from = to;
  }
  values.set(sorted.subarray(0, n));
  return values;
}
