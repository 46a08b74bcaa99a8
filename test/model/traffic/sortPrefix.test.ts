import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { sortPrefix } from '../../../src/model/traffic/sortPrefix.js';

describe('sortPrefix', () => {
  it('sorts the first n entries ascending like the built-in sort, short and long, and leaves the rest alone', () => {
    const rng = seedrandom('sortPrefix');
    for (const n of [0, 1, 2, 3, 7, 31, 32, 33, 64, 100]) {
      for (let trial = 0; trial < 50; trial++) {
        const a = Int32Array.from({ length: n + 5 }, () => Math.floor(rng() * 60) - 10);
        const expected = a.slice();
        expected.subarray(0, n).sort();
        sortPrefix(a, n);
        expect(Array.from(a)).toEqual(Array.from(expected));
      }
    }
  });

  it('sorts a nearly sorted list (a pass’s usual case) and a reversed one', () => {
    const nearly = Int32Array.from([0, 1, 2, 3, 9, 4, 5, 6, 7, 8, 10]);
    sortPrefix(nearly, nearly.length);
    expect(Array.from(nearly)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const reversed = Int32Array.from({ length: 20 }, (_, i) => 19 - i);
    sortPrefix(reversed, 20);
    expect(Array.from(reversed)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
