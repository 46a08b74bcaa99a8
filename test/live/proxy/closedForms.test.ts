import { describe, expect, it } from 'vitest';
import { independentAmplification, independentSuccess, poolCapacityPerS, redispatchAmplification, redispatchSuccess } from '../../../src/live/proxy/closedForms.js';

/**
 * The closed forms against an exact enumeration of the process they describe, written here
 * independently: every attempt picks a backend uniformly; after a failure, HAProxy's redispatch
 * picks uniformly among the backends other than the one that just failed (or, for independent
 * attempts, among all). Enumerating the (last server, attempt) tree gives exact probabilities.
 */
function enumerate(backends: number, dead: number, attempts: number, avoidLast: boolean): { success: number; attemptsPerRequest: number } {
  let success = 0;
  let expectedAttempts = 0;
  const walk = (last: number | undefined, attempt: number, p: number) => {
    const choices = Array.from({ length: backends }, (_, i) => i).filter((i) => !avoidLast || i !== last);
    for (const s of choices) {
      const ps = p / choices.length;
      expectedAttempts += ps;
      if (s >= dead) success += ps; // servers 0..dead-1 are the dead ones
      else if (attempt < attempts) walk(s, attempt + 1, ps);
    }
  };
  walk(undefined, 1, 1);
  return { success, attemptsPerRequest: expectedAttempts };
}

describe('retry closed forms', () => {
  for (const [n, d] of [
    [4, 1],
    [4, 2],
    [5, 3],
    [3, 1],
  ] as const) {
    for (const k of [1, 2, 3, 4]) {
      it(`${d} of ${n} dead, ${k} attempts: formulas equal the enumeration`, () => {
        const ind = enumerate(n, d, k, false);
        const red = enumerate(n, d, k, true);
        expect(independentSuccess(d / n, k)).toBeCloseTo(ind.success, 12);
        expect(independentAmplification(d / n, k)).toBeCloseTo(ind.attemptsPerRequest, 12);
        expect(redispatchSuccess(d, n, k)).toBeCloseTo(red.success, 12);
        expect(redispatchAmplification(d, n, k)).toBeCloseTo(red.attemptsPerRequest, 12);
      });
    }
  }

  it('one dead backend and one retry: redispatch always succeeds, independent attempts do not', () => {
    expect(redispatchSuccess(1, 4, 2)).toBe(1);
    expect(independentSuccess(0.25, 2)).toBeCloseTo(1 - 1 / 16, 12);
    // Same load on the pool for one retry either way: 1 + q.
    expect(redispatchAmplification(1, 4, 2)).toBeCloseTo(1.25, 12);
    expect(independentAmplification(0.25, 2)).toBeCloseTo(1.25, 12);
  });

  it("Little's law at saturation: N·c/S", () => {
    expect(poolCapacityPerS(4, 4, 100)).toBe(160);
    expect(poolCapacityPerS(2, 8, 10)).toBe(1600);
  });
});
