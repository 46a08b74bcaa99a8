import { describe, expect, it } from 'vitest';
import { measure, quantile } from '../../../src/live/proxy/measure.js';
import { arrivalTimesMs, type RequestRecord } from '../../../src/live/proxy/loadGenerator.js';

const rec = (sentMs: number, doneMs: number, outcome: RequestRecord['outcome']): RequestRecord => ({ sentMs, doneMs, outcome, status: outcome === 'ok' ? 200 : outcome === 'http-error' ? 503 : 0 });

describe('measure', () => {
  it('ratios over all requests, latency quantiles over successes, goodput in the steady window only', () => {
    const records = [rec(0, 10, 'ok'), rec(100, 130, 'ok'), rec(200, 201, 'http-error'), rec(600, 620, 'ok'), rec(900, 1100, 'ok'), rec(950, 2000, 'timeout')];
    const m = measure(records, 1000, 500);
    expect(m.requests).toBe(6);
    expect(m.successRatio).toBeCloseTo(4 / 6, 12);
    expect(m.httpErrorRatio).toBeCloseTo(1 / 6, 12);
    expect(m.timedOutRatio).toBeCloseTo(1 / 6, 12);
    // Latencies of successes 10, 30, 20, 200 → sorted 10, 20, 30, 200; median 25.
    expect(m.p50Ms).toBeCloseTo(25, 12);
    // Only the success finishing at 620 ms is inside [500, 1000): 1 per 0.5 s.
    expect(m.goodputPerS).toBeCloseTo(2, 12);
    // Sent in [500, 1000): 600, 900, 950.
    expect(m.offeredPerS).toBeCloseTo(6, 12);
  });

  it('quantile interpolates and is NaN when empty; a bad warm-up is refused', () => {
    expect(quantile([1, 2, 3, 4], 0.99)).toBeCloseTo(3.97, 12);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
    expect(() => measure([], 1000, 1000)).toThrow(/warm-up/);
  });
});

describe('arrivalTimesMs: an open-loop Poisson process', () => {
  it('has the asked rate and exponential gaps (coefficient of variation near 1), reproducibly', () => {
    const t = arrivalTimesMs(200, 50_000, 'x');
    // 10,000 expected; Poisson standard deviation 100.
    expect(Math.abs(t.length - 10_000)).toBeLessThan(400);
    const gaps = t.slice(1).map((x, i) => x - t[i]);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(5, 0);
    expect(sd / mean).toBeGreaterThan(0.95);
    expect(sd / mean).toBeLessThan(1.05);
    expect(arrivalTimesMs(200, 1000, 'x')).toEqual(t.filter((x) => x < 1000));
    expect(() => arrivalTimesMs(0, 1000, 'x')).toThrow(/rate/);
  });
});
