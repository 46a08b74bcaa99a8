import { describe, expect, it } from 'vitest';
import { diurnalAmplitude, hourlyFactor, spikeFactorAt } from '../../../src/model/traffic/demand.js';

describe('demand', () => {
  const d = { peakToTroughRatio: 3, peakHourUtc: 19 };
  it('hourly factors are the exact hour means of the sinusoid: a day sums to 24, peaking at the peak hour', () => {
    const f = Array.from({ length: 24 }, (_, h) => hourlyFactor(h * 3600 + 1, d));
    expect(f.reduce((a, b) => a + b, 0)).toBeCloseTo(24, 12);
    // The hours around 19:00 straddle the peak; the trough is 12 hours away.
    expect(Math.max(...f)).toBe(Math.max(f[18], f[19]));
    expect(Math.min(...f)).toBe(Math.min(f[6], f[7]));
    // The sinusoid's own peak/trough ratio is 3 (amplitude 0.5); hour means are a little flatter.
    expect(diurnalAmplitude(d)).toBeCloseTo(0.5, 12);
    expect(Math.max(...f) / Math.min(...f)).toBeLessThan(3);
    expect(Math.max(...f) / Math.min(...f)).toBeGreaterThan(2.8);
  });
  it('repeats bit for bit every day (the latency cache relies on it)', () => {
    for (let h = 0; h < 24; h++) expect(hourlyFactor((h + 24 * 300) * 3600, d)).toBe(hourlyFactor(h * 3600, d));
  });
  it('is flat without a diurnal swing, and spikes multiply inside their window only', () => {
    expect(hourlyFactor(12345, { peakToTroughRatio: 1, peakHourUtc: 0 })).toBe(1);
    const spikes = [{ atS: 100, forS: 50, multiplier: 4 }, { atS: 120, forS: 100, multiplier: 2 }];
    expect(spikeFactorAt(99, spikes)).toBe(1);
    expect(spikeFactorAt(125, spikes)).toBe(8);
    expect(spikeFactorAt(150, spikes)).toBe(2);
    expect(spikeFactorAt(220, spikes)).toBe(1);
  });
});
