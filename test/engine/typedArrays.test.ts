import { describe, expect, it } from 'vitest';
import { grown } from '../../src/engine/typedArrays.js';

describe('grown', () => {
  it('copies into a larger array of the same type, zero-filled, and refuses to shrink', () => {
    const a = Int32Array.from([1, -2, 3]);
    const b = grown(a, 5);
    expect(b).toBeInstanceOf(Int32Array);
    expect(Array.from(b)).toEqual([1, -2, 3, 0, 0]);
    expect(Array.from(grown(Float64Array.from([0.5]), 2))).toEqual([0.5, 0]);
    expect(() => grown(a, 2)).toThrow(/shrink/);
  });
});
