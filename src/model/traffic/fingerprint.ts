/**
 * The key builder behind the fluid model's latency-estimate caches. It keeps the exact tuple of
 * numbers added since `start` (the seeds included), and a hash of it for bucketing: the hash mixes
 * the IEEE-754 bit pattern of each number into two 32-bit lanes; key() keeps 32 bits of one and 21 of
 * the other (a 53-bit integer), bucket() a 30-bit digest of both.
 *
 * The hash alone is not a key: it mixes small integers poorly (their low 32 bits are 0, so one lane
 * sees only the high half; about 3% of the tuples of three integers under 48 share a key() with
 * another), and any hash collides sometimes. A shared key would silently reuse another state's
 * result, so caches (ExactKeyMap) compare the whole tuple on a hit; the hash only picks the bucket.
 */
const bits = new Float64Array(1);
const halves = new Uint32Array(bits.buffer);

export class StateFingerprint {
  private lane1 = 0;
  private lane2 = 0;
  /** The tuple so far: values[0 … length − 1] (grown by doubling; never shrunk). */
  private values = new Float64Array(64);
  private length = 0;

  /** Start a new key from two 32-bit seeds (what the key is of, e.g. an entry service). */
  start(seed1: number, seed2: number): this {
    this.lane1 = seed1;
    this.lane2 = seed2;
    this.length = 0;
    this.push(seed1);
    this.push(seed2);
    return this;
  }

  add(x: number): void {
    bits[0] = x;
    const low = halves[0];
    const high = halves[1];
    this.lane1 = Math.imul(this.lane1 ^ low, 0x01000193) ^ high;
    this.lane2 = Math.imul(this.lane2 ^ high, 0x5bd1e995) ^ low;
    this.push(x);
  }

  /**
   * The hash so far: a non-negative integer below 2^53 (what the caches were keyed by before they
   * compared tuples). Equal tuples have equal hashes, not conversely.
   */
  key(): number {
    return (this.lane1 >>> 0) * 0x200000 + ((this.lane2 >>> 0) & 0x1fffff);
  }

  /**
   * A 30-bit digest of the hash (a small integer, which a Map looks up without boxing): the bucket
   * of an ExactKeyMap. Equal tuples have equal buckets, not conversely.
   */
  bucket(): number {
    // Both lanes through a murmur-style finalizer: folding them with one multiply left the small-integer
    // tuples in few buckets (about 60% of the tuples of three integers under 48 shared one; now 0.05%).
    let h = Math.imul(this.lane1 ^ (this.lane1 >>> 15), 0x2c1b3c6d) ^ this.lane2;
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
    return (h ^ (h >>> 15)) >>> 2;
  }

  /** A copy of the tuple so far (the stored form of a key). */
  tuple(): Float64Array {
    return this.values.slice(0, this.length);
  }

  /**
   * Whether the tuple so far is exactly `stored`: same length and the same numbers, compared as
   * Object.is does (0 and −0 differ, NaN equals NaN), so that equal tuples are those the hash cannot tell apart.
   */
  equals(stored: Float64Array): boolean {
    const n = this.length;
    if (stored.length !== n) return false;
    const values = this.values;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      const y = stored[i];
      if (x === y ? x === 0 && 1 / x !== 1 / y : x === x || y === y) return false;
    }
    return true;
  }

  private push(x: number): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length++] = x;
  }

  /** Rarely needed (keys reach their longest early on), so kept out of push(), which every add() runs. */
  private grow(): void {
    const grown = new Float64Array(this.values.length * 2);
    grown.set(this.values);
    this.values = grown;
  }
}

/** Seeds of a key that does not start from anything more specific: FNV's offset basis and prime. */
export const FINGERPRINT_SEED1 = 0x811c9dc5;
export const FINGERPRINT_SEED2 = 0x01000193;
