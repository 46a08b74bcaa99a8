import { describe, expect, it } from 'vitest';
import { erlangC } from '../../../src/model/queueing/erlangC.js';
import { erlangCMemo } from '../../../src/model/queueing/erlangCMemo.js';

describe('erlangCMemo', () => {
  it('returns erlangC bit for bit, on repeats, on slot collisions and after evictions', () => {
    // A small deterministic generator: many distinct inputs, so slots collide and entries are evicted.
    let x = 12345;
    const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const inputs: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      const servers = 1 + Math.floor(next() * 64);
      inputs.push([next() * servers * 1.1, servers]);
    }
    for (let round = 0; round < 2; round++) {
      for (const [load, servers] of inputs) expect(Object.is(erlangCMemo(load, servers), erlangC(load, servers))).toBe(true);
    }
    // The same load with another server count is another value, not the cached one.
    expect(erlangCMemo(8, 10)).toBe(erlangC(8, 10));
    expect(erlangCMemo(8, 9)).toBe(erlangC(8, 9));
    expect(erlangCMemo(8, 10)).not.toBe(erlangCMemo(8, 9));
  });
});
