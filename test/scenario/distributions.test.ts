import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest } from '../../src/scenario/hints.js';
import { parseDistribution, toDistribution } from '../../src/scenario/distributions.js';

const spec = (v: unknown) => {
  const r = parseDistribution(v, closest);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.spec;
};

describe('distributions in YAML', () => {
  it('a bare duration is a constant', () => {
    expect(spec('5s')).toEqual({ kind: 'constant', valueS: 5 });
  });

  it('lognormal from median and p99 reproduces both quantiles (engine inverse CDF)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e5, noNaN: true }), fc.double({ min: 1.01, max: 100, noNaN: true }), (median, ratio) => {
        const d = toDistribution(spec({ lognormal: { median: `${median}s`, p99: `${median * ratio}s` } }));
        expect(d.quantile(0.5) / median).toBeCloseTo(1, 9);
        expect(d.quantile(0.99) / (median * ratio)).toBeCloseTo(1, 6);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('weibull by mean has that mean (engine moment)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 5, noNaN: true }), fc.double({ min: 1, max: 1e8, noNaN: true }), (shape, mean) => {
        expect(toDistribution(spec({ weibull: { shape, mean: `${mean}s` } })).mean() / mean).toBeCloseTo(1, 9);
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('exponential, uniform, empirical map onto the engine with the stated units', () => {
    expect(toDistribution(spec({ exponential: { mean: '30d' } })).mean()).toBe(30 * 86400);
    expect(toDistribution(spec({ uniform: { min: '1s', max: '3s' } })).mean()).toBe(2);
    expect(toDistribution(spec({ empirical: { samples: ['1s', '2s', '6s'] } })).mean()).toBe(3);
    expect(toDistribution(spec({ empirical: { cdf: [{ value: '0s', p: 0 }, { value: '10s', p: 1 }] } })).mean()).toBe(5);
  });

  it('bad parameters are issues with paths, not exceptions', () => {
    const bad = parseDistribution({ empirical: { cdf: [{ value: '5s', p: 0 }, { value: '1s', p: 1 }] } }, closest);
    expect(bad.ok).toBe(false);
    const r = parseDistribution({ weibull: { shape: 0.7, mean: '90d', scale: '1d' } }, closest);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/weibull needs exactly/);
  });
});
