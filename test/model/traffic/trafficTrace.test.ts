import { describe, expect, it } from 'vitest';
import { BURN_BUCKET_S, TrafficTrace, curveAt, windowTotals } from '../../../src/model/traffic/trafficTrace.js';

describe('TrafficTrace', () => {
  it('splits an interval\'s failures over the burn buckets it spans, in proportion to time, and they add up', () => {
    const t = new TrafficTrace();
    // 0…250 s, then 250…1,450 s (crossing two bucket edges at 600 and 1,200 s), then 1,450…1,500 s.
    t.add(0, 250, 100, 10);
    t.add(250, 1450, 1200, 120);
    t.add(1450, 1500, 50, 0);
    const b = t.failedPerBucket();
    expect(b.length).toBe(3);
    expect(b[0]).toBeCloseTo(10 + (120 * (600 - 250)) / 1200, 12);
    expect(b[1]).toBeCloseTo((120 * 600) / 1200, 12);
    expect(b[2]).toBeCloseTo((120 * (1450 - 1200)) / 1200, 12);
    expect(b.reduce((a, x) => a + x, 0)).toBeCloseTo(130, 12);
    expect(BURN_BUCKET_S).toBe(600);
  });

  it('forgets the burn at the end of warm-up but keeps the curve (a fault window may start before it)', () => {
    const t = new TrafficTrace();
    t.add(0, 600, 60, 6);
    t.resetBurn();
    t.add(600, 1200, 60, 3);
    expect([...t.failedPerBucket()]).toEqual([0, 3]);
    const c = t.curve();
    expect(windowTotals(c, 0, 1200)).toEqual({ requests: 120, failed: 9 });
  });

  it('reads any window off the cumulative curve, exactly at constant rates within an interval', () => {
    const t = new TrafficTrace();
    t.add(0, 100, 1000, 0); // 10/s, none failing
    t.add(100, 200, 1000, 500); // 10/s, half failing
    const c = t.curve();
    // 50…150 s: 500 requests, of which the 50 s after 100 s fail at 5/s.
    const w = windowTotals(c, 50, 150);
    expect(w.requests).toBeCloseTo(1000, 12);
    expect(w.failed).toBeCloseTo(250, 12);
    expect(curveAt(c.tS, c.requests, 150)).toBeCloseTo(1500, 12);
    // Past the last interval the curve holds (no traffic accounted there).
    expect(windowTotals(c, 200, 500)).toEqual({ requests: 0, failed: 0 });
  });
});

describe('TrafficTrace.repeatSince', () => {
  it('gives the curve and burn that adding the day again would give', () => {
    const dayS = 3 * BURN_BUCKET_S;
    const day = (t: TrafficTrace, d: number) => {
      const o = d * dayS;
      t.add(o, o + 400, 40, 0);
      t.add(o + 400, o + 1300, 90, 9); // crosses two bucket edges
      t.add(o + 1300, o + dayS, 50, 1);
    };
    const copied = new TrafficTrace();
    const added = new TrafficTrace();
    day(copied, 0);
    day(added, 0);
    const mark = copied.mark();
    day(copied, 1);
    day(added, 1);
    copied.repeatSince(mark, dayS, 4);
    for (let d = 2; d < 6; d++) day(added, d);
    copied.add(6 * dayS, 6 * dayS + 100, 10, 1);
    added.add(6 * dayS, 6 * dayS + 100, 10, 1);
    const a = copied.curve();
    const b = added.curve();
    expect(Array.from(a.tS)).toEqual(Array.from(b.tS));
    for (let i = 0; i < a.tS.length; i++) {
      expect(a.requests[i]).toBeCloseTo(b.requests[i], 9);
      expect(a.failed[i]).toBeCloseTo(b.failed[i], 9);
    }
    const ba = copied.failedPerBucket();
    const bb = added.failedPerBucket();
    expect(ba.length).toBe(bb.length);
    for (let i = 0; i < bb.length; i++) expect(ba[i]).toBeCloseTo(bb[i], 9);
  });

  it('refuses a stretch that is not one period on the burn grid', () => {
    const t = new TrafficTrace();
    t.add(0, 600, 1, 0);
    const mark = t.mark();
    t.add(600, 1000, 1, 0);
    expect(() => t.repeatSince(mark, 400, 1)).toThrow(/not one period/);
  });
});
