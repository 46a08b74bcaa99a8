import { describe, expect, it } from 'vitest';
import { LATENCY_POINTS, quantilePoints } from '../../../src/model/traffic/latencyMonteCarlo.js';
import { sortLatencies } from '../../../src/model/traffic/sortLatencies.js';
import { generator } from './samplerFixture.js';


/** The bit patterns, so that 0 and −0 or two NaNs compare as stored. */
function bitsOf(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, 2 * values.length).slice();
}

/** What quantilePoints did before the radix sort: the native sort, the mean summed in sorted order. */
function referencePoints(samples: Float64Array): { points: Float64Array; meanS: number } {
  const n = samples.length;
  const sorted = samples.slice().sort();
  let sumS = 0;
  for (let i = 0; i < n; i++) sumS += sorted[i];
  const points = new Float64Array(LATENCY_POINTS);
  for (let j = 0; j < LATENCY_POINTS; j++) points[j] = sorted[Math.min(n - 1, Math.floor(((j + 0.5) / LATENCY_POINTS) * n))];
  return { points, meanS: sumS / n };
}

/** Latency-like samples: lognormal times, some shared values, zeros and infinities as asked. */
function latencies(rand: () => number, n: number, shape: 'lognormal' | 'ties' | 'wide' | 'edges'): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    const normal = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    switch (shape) {
      case 'lognormal':
        out[i] = 0.008 * Math.exp(0.87 * normal) + (u < 0.3 ? 0.07 : 0);
        break;
      case 'ties':
        out[i] = [0.005, 0.075, 0.145, 0.0050000000000000001, 0.3][Math.floor(u * 5)];
        break;
      case 'wide':
        // Across the whole exponent range, subnormals included.
        out[i] = Math.pow(2, Math.floor(u * 2098) - 1074) * (1 + rand());
        break;
      case 'edges':
        out[i] = u < 0.1 ? 0 : u < 0.15 ? Number.POSITIVE_INFINITY : u < 0.2 ? Number.MIN_VALUE : u < 0.25 ? Number.MAX_VALUE : 0.01 * rand();
        break;
    }
  }
  return out;
}

describe('sortLatencies', () => {
  const shapes = ['lognormal', 'ties', 'wide', 'edges'] as const;
  for (const shape of shapes) {
    it(`sorts ${shape} samples into the native sort's order, bit for bit`, () => {
      const rand = generator(shape.length * 7919);
      for (const n of [1, 63, 64, 65, 1000, 8192, 8191]) {
        const values = latencies(rand, n, shape);
        const expected = bitsOf(values.slice().sort());
        expect(bitsOf(sortLatencies(values))).toEqual(expected);
      }
    });
  }

  it('sorts a subarray in place without touching the rest of its buffer', () => {
    const rand = generator(11);
    const all = latencies(rand, 9000, 'lognormal');
    const before = all.slice();
    const part = all.subarray(500, 8692);
    const expected = bitsOf(part.slice().sort());
    sortLatencies(part);
    expect(bitsOf(part)).toEqual(expected);
    expect(bitsOf(all.subarray(0, 500))).toEqual(bitsOf(before.subarray(0, 500)));
    expect(bitsOf(all.subarray(8692))).toEqual(bitsOf(before.subarray(8692)));
  });

  it('leaves negative numbers, −0 and NaN to the native order', () => {
    const rand = generator(5);
    for (const odd of [-1e-3, -0, Number.NaN, Number.NEGATIVE_INFINITY]) {
      const values = latencies(rand, 2000, 'lognormal');
      values[1234] = odd;
      values[17] = 0;
      const expected = bitsOf(values.slice().sort());
      expect(bitsOf(sortLatencies(values))).toEqual(expected);
    }
  });

  it('sorts samples crowded into a few buckets (all within 2^−20 of each other, or one far outlier)', () => {
    const rand = generator(3);
    const close = Float64Array.from({ length: 4096 }, () => 1 + rand() * 1e-7);
    const outlier = latencies(rand, 8192, 'lognormal');
    outlier[99] = 1e300;
    for (const values of [close, outlier]) {
      const expected = bitsOf(values.slice().sort());
      expect(bitsOf(sortLatencies(values))).toEqual(expected);
    }
  });
});

describe('quantilePoints', () => {
  it('gives the points and mean the native sort gave, bit for bit, on random samples', () => {
    const rand = generator(42);
    for (const shape of ['lognormal', 'ties', 'edges'] as const) {
      for (const n of [1, 100, 4097, 8192]) {
        const samples = latencies(rand, n, shape);
        const expected = referencePoints(samples);
        const got = quantilePoints(samples.slice());
        expect(bitsOf(got.points)).toEqual(bitsOf(expected.points));
        expect(Object.is(got.meanS, expected.meanS)).toBe(true);
      }
    }
  });
});
