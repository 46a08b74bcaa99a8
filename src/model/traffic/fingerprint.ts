/**
 * The one hash mixer behind every cache key of the fluid model (latency estimates, per-cluster
 * evaluations). It mixes the IEEE-754 bit pattern of each number into two 32-bit lanes, so two
 * inputs that differ in any bit (including 0 and -0, or two NaN payloads) get different keys; the
 * key keeps 32 bits of one lane and 21 of the other: 53 bits, an exact Map key.
 *
 * A collision would silently reuse another state's result; at 53 bits and at most a few hundred
 * thousand cached states per replication its probability is below 1e-5.
 */
const bits = new Float64Array(1);
const halves = new Uint32Array(bits.buffer);

export class StateFingerprint {
  private lane1 = 0;
  private lane2 = 0;

  /** Start a new key from two 32-bit seeds (what the key is of, e.g. an entry service or a pod-count hash). */
  start(seed1: number, seed2: number): this {
    this.lane1 = seed1;
    this.lane2 = seed2;
    return this;
  }

  add(x: number): void {
    bits[0] = x;
    const low = halves[0];
    const high = halves[1];
    this.lane1 = Math.imul(this.lane1 ^ low, 0x01000193) ^ high;
    this.lane2 = Math.imul(this.lane2 ^ high, 0x5bd1e995) ^ low;
  }

  /** The key so far: a non-negative integer below 2^53. */
  key(): number {
    return (this.lane1 >>> 0) * 0x200000 + ((this.lane2 >>> 0) & 0x1fffff);
  }
}

/** Seeds of a key that does not start from a pod-count hash: FNV's offset basis and prime. */
export const FINGERPRINT_SEED1 = 0x811c9dc5;
export const FINGERPRINT_SEED2 = 0x01000193;
