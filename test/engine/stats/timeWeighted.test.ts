import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../../src/engine/stats/timeWeighted.js';

describe('TimeWeighted', () => {
  it('weights each value by how long it held (hand-worked)', () => {
    // 2 for 3 s, 5 for 1 s, 0 for 6 s: area 11 over 10 s.
    const tw = new TimeWeighted(0, 2);
    tw.update(3, 5);
    tw.update(4, 0);
    expect(tw.area(10)).toBe(11);
    expect(tw.mean(10)).toBeCloseTo(1.1, 12);
    expect(tw.min).toBe(0);
    expect(tw.max).toBe(5);
  });

  it('starts the average at its start time, and refuses to go back in time', () => {
    const tw = new TimeWeighted(100, 1);
    tw.update(150, 3);
    expect(tw.mean(200)).toBe(2);
    expect(() => tw.update(120, 1)).toThrow(/before/);
  });
});
