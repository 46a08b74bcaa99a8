/**
 * `make()`, called on first use and kept: for values that are costly to build at module load and
 * that a short command (`fleetsim check`) may never need, such as shared zod schemas
 * (schemaPrimitives.ts) and the merged price data of every instance type (cost/catalog/instances.ts).
 */
export function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}
