/** Typed arrays that grow by copying into a larger buffer (the engine's tables double when full). */
type Grown = Int32Array | Uint32Array | Float64Array | Uint8Array;

/** A copy of `a` with room for `capacity` elements (the new tail is zero). */
export function grown<T extends Grown>(a: T, capacity: number): T {
  if (capacity < a.length) throw new RangeError(`cannot shrink a typed array from ${a.length} to ${capacity}`);
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}
