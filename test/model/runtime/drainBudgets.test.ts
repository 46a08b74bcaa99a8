import { describe, expect, it } from 'vitest';
import { desiredHealthy, evictionAllowed } from '../../../src/model/runtime/drainBudgets.js';

describe('PodDisruptionBudget arithmetic', () => {
  it('maxUnavailable: expected less the count; a percentage of the expected pods rounds up', () => {
    expect(desiredHealthy({ maxUnavailable: { pods: 1 } }, 12)).toBe(11);
    expect(desiredHealthy({ maxUnavailable: { ratio: 0.25 } }, 8)).toBe(6); // exactly 2, not 3
    expect(desiredHealthy({ maxUnavailable: { ratio: 0.25 } }, 10)).toBe(7); // 2.5 → 3
    expect(desiredHealthy({ maxUnavailable: { pods: 20 } }, 12)).toBe(0);
  });

  it('minAvailable: the count, or a percentage rounded up', () => {
    expect(desiredHealthy({ minAvailable: { pods: 9 } }, 12)).toBe(9);
    expect(desiredHealthy({ minAvailable: { ratio: 0.5 } }, 5)).toBe(3);
    expect(desiredHealthy({ minAvailable: { ratio: 0.75 } }, 12)).toBe(9);
  });

  it('a healthy pod goes while more are healthy than must be; an unhealthy one while the budget is met', () => {
    const pdb = { maxUnavailable: { pods: 1 } } as const;
    expect(evictionAllowed(pdb, 12, 12, true)).toBe(true);
    expect(evictionAllowed(pdb, 12, 11, true)).toBe(false);
    expect(evictionAllowed(pdb, 12, 11, false)).toBe(true);
    expect(evictionAllowed(pdb, 12, 10, false)).toBe(false);
    expect(evictionAllowed(undefined, 12, 0, true)).toBe(true);
  });
});
