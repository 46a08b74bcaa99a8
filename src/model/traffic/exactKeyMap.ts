import type { StateFingerprint } from './fingerprint.js';

/** One stored key and its value; entries in the same bucket are chained. */
interface Entry<V> {
  readonly tuple: Float64Array;
  readonly value: V;
  next: Entry<V> | null;
}

/**
 * A map from exact tuples of numbers (built in a StateFingerprint) to values: bucketed by the
 * fingerprint's bucket(), and a hit only when the whole stored tuple equals the one looked up.
 * Tuples whose hashes collide get their own entries, so a state never receives another's result.
 * `size` counts distinct tuples (what a cache's memory bound is about).
 */
export class ExactKeyMap<V> {
  private readonly buckets = new Map<number, Entry<V>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The value stored under exactly the fingerprint's current tuple, if any. */
  get(fp: StateFingerprint): V | undefined {
    for (let e: Entry<V> | null = this.buckets.get(fp.bucket()) ?? null; e !== null; e = e.next) {
      if (fp.equals(e.tuple)) return e.value;
    }
    return undefined;
  }

  /** Store a value under the fingerprint's current tuple (copied), which must not be stored yet. */
  set(fp: StateFingerprint, value: V): void {
    const bucket = fp.bucket();
    const head = this.buckets.get(bucket);
    this.buckets.set(bucket, { tuple: fp.tuple(), value, next: head ?? null });
    this.count++;
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }
}
