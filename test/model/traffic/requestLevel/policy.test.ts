import { describe, expect, it } from 'vitest';
import { backoffS, hopPolicy, NO_RETRIES, policiesByCallee } from '../../../../src/model/traffic/requestLevel/policy.js';
import { RetryBudget } from '../../../../src/model/traffic/requestLevel/retryBudget.js';
import { Fifo } from '../../../../src/model/traffic/requestLevel/fifo.js';
import type { RetriesSpec } from '../../../../src/scenario/types.js';

const spec = (over: Partial<RetriesSpec> = {}): RetriesSpec => ({
  attempts: 3,
  retryOn: ['deadEndpoint'],
  budgetRatio: undefined,
  perTryTimeoutS: undefined,
  timeoutS: undefined,
  backoff: { baseS: 0.025, maxS: 0.25 },
  avoidPreviousHosts: 'all',
  services: [],
  ...over,
});

describe("Envoy's fully jittered exponential backoff", () => {
  it('retry n pauses u × min(max, base(2^n − 1)): 25, 75, 175, then capped at 250 ms', () => {
    const p = hopPolicy(spec());
    [0.025, 0.075, 0.175, 0.25, 0.25].forEach((ceilingS, i) => expect(backoffS(p, i + 1, 1)).toBeCloseTo(ceilingS, 12));
    expect(backoffS(p, 2, 0.5)).toBeCloseTo(0.0375, 12);
    expect(backoffS(p, 3, 0)).toBe(0);
  });
});

describe('per-destination policies', () => {
  it("a call into X uses X's override, every other service the design's policy; no retries block: one attempt, no timers", () => {
    const override = { ...spec({ attempts: 5, perTryTimeoutS: 0.1 }) };
    const [web, api] = policiesByCallee(spec({ services: [{ service: 'api', policy: override }] }), ['web', 'api']);
    expect(web.attempts).toBe(3);
    expect(web.perTryTimeoutS).toBe(Number.POSITIVE_INFINITY);
    expect(api.attempts).toBe(5);
    expect(api.perTryTimeoutS).toBe(0.1);
    expect(policiesByCallee(undefined, ['web'])[0]).toBe(NO_RETRIES);
  });
});

describe('retry budget at request level', () => {
  it('when every attempt asks for a retry, a 20% budget holds attempts per request to 1/(1 − 0.2) = 1.25 (within 1%)', () => {
    const budget = new RetryBudget(1);
    let attempts = 0;
    let requests = 0;
    // 1000 requests per second for 20 s, each retried up to twice while the budget allows.
    for (let i = 0; i < 20_000; i++) {
      const now = i / 1000;
      budget.first(0, now);
      requests++;
      attempts++;
      for (let r = 0; r < 2 && budget.tryRetry(0, 0.2, now); r++) attempts++;
    }
    expect(Math.abs(attempts / requests - 1.25) / 1.25).toBeLessThan(0.01);
  });

  it('a ratio of 1 never binds', () => {
    expect(new RetryBudget(1).tryRetry(0, 1, 0)).toBe(true);
  });
});

describe('Fifo', () => {
  it('keeps order across growth, and a message put back goes to the front', () => {
    const q = new Fifo<number>();
    for (let i = 0; i < 40; i++) q.push(i);
    expect(q.shift()).toBe(0);
    q.unshift(-1);
    expect(q.length).toBe(40);
    const out: number[] = [];
    while (q.length > 0) out.push(q.shift());
    expect(out).toEqual([-1, ...Array.from({ length: 39 }, (_, i) => i + 1)]);
  });
});
