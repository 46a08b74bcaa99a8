import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RandomStreams, createStream, streamSeed } from '../../src/engine/rng.js';

const draw = (s: { next(): number }, n: number) => Array.from({ length: n }, () => s.next());

describe('random streams', () => {
  it('reproduces a stream from (seed, replication, name)', () => {
    expect(draw(createStream(7, 3, 'failures/node-1'), 100)).toEqual(draw(createStream(7, 3, 'failures/node-1'), 100));
  });

  it('gives different numbers for a different seed, replication or name', () => {
    const base = draw(createStream(7, 3, 'a'), 20);
    expect(draw(createStream(8, 3, 'a'), 20)).not.toEqual(base);
    expect(draw(createStream(7, 4, 'a'), 20)).not.toEqual(base);
    expect(draw(createStream(7, 3, 'b'), 20)).not.toEqual(base);
  });

  it('does not depend on which other streams exist or the order they were created in', () => {
    const one = new RandomStreams('s', 0);
    const a1 = one.stream('arrivals');
    draw(one.stream('service'), 1000); // consume another stream heavily first
    const two = new RandomStreams('s', 0);
    two.stream('zzz');
    two.stream('service');
    const a2 = two.stream('arrivals');
    expect(draw(a1, 50)).toEqual(draw(a2, 50));
  });

  it('refuses to issue the same stream name twice in one replication', () => {
    const streams = new RandomStreams(1, 0);
    streams.stream('x');
    expect(() => streams.stream('x')).toThrow(/already issued/);
    expect(streams.names()).toEqual(['x']);
  });

  it('draws uniform [0, 1) values: Kolmogorov–Smirnov statistic below the 1% critical value', () => {
    const n = 20_000;
    const xs = draw(createStream(1, 0, 'ks'), n).sort((a, b) => a - b);
    expect(xs[0]).toBeGreaterThanOrEqual(0);
    expect(xs[n - 1]).toBeLessThan(1);
    let d = 0;
    xs.forEach((x, i) => {
      d = Math.max(d, Math.abs((i + 1) / n - x), Math.abs(x - i / n));
    });
    // Asymptotic KS critical value at alpha = 0.01: 1.628 / sqrt(n).
    expect(d).toBeLessThan(1.628 / Math.sqrt(n));
  });

  it('rejects a negative or fractional replication index', () => {
    expect(() => createStream(1, -1, 'x')).toThrow(/replication/);
    expect(() => new RandomStreams(1, 0.5)).toThrow(/replication/);
  });
});

describe('the stream generator', () => {
  it("is bit-identical to seedrandom's xor4096 for the same seed text", () => {
    const ours = createStream(11, 2, 'equivalence');
    const theirs = seedrandom.xor4096(streamSeed(11, 2, 'equivalence'));
    for (let k = 0; k < 100_000; k++) expect(ours.next()).toBe(theirs());
  });
});

describe('nextInto', () => {
  it('writes the numbers next() would return, in the same order, interleaved with next()', () => {
    const a = createStream(5, 1, 'into');
    const b = createStream(5, 1, 'into');
    const out = new Float64Array(4);
    const fromA: number[] = [];
    const fromB: number[] = [];
    for (let k = 0; k < 5_000; k++) {
      fromA.push(a.next());
      if (k % 3 === 0) {
        fromB.push(b.next());
      } else {
        b.nextInto(out, k % 4);
        fromB.push(out[k % 4]);
      }
    }
    expect(fromB).toEqual(fromA);
  });
});
