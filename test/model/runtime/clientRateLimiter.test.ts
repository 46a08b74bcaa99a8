import { describe, expect, it } from 'vitest';
import { ClientRateLimiter } from '../../../src/model/runtime/clientRateLimiter.js';

describe('ClientRateLimiter (client-go token bucket, golang.org/x/time/rate semantics)', () => {
  it('lets `burst` requests through at once, then one per 1/qps, in call order', () => {
    const l = new ClientRateLimiter(20, 30);
    const at = Array.from({ length: 40 }, () => l.reserve(5));
    expect(at.slice(0, 30)).toEqual(Array(30).fill(5));
    at.slice(30).forEach((t, i) => expect(t).toBeCloseTo(5 + (i + 1) / 20, 9));
  });

  it('refills at qps up to burst while idle, and a debt is paid before new tokens count', () => {
    const l = new ClientRateLimiter(10, 5);
    for (let i = 0; i < 10; i++) l.reserve(0); // 5 at once, 5 more due at 0.1 … 0.5 s
    expect(l.reserve(0.2)).toBeCloseTo(0.6, 9); // still in debt at 0.2 s: the next free slot
    expect(l.reserve(100)).toBe(100); // refilled (to burst, not beyond)
    for (let i = 0; i < 3; i++) l.reserve(100);
    expect(l.reserve(100)).toBe(100); // the fifth of the refilled burst
    expect(l.reserve(100)).toBeCloseTo(100.1, 9);
  });

  it('refuses a bucket that cannot serve', () => {
    expect(() => new ClientRateLimiter(0, 30)).toThrow(RangeError);
    expect(() => new ClientRateLimiter(20, 0)).toThrow(RangeError);
  });
});
