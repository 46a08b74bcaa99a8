import { describe, expect, it } from 'vitest';
import { DEFAULT_MINUTE_AVAILABILITY, SloMinutes, minuteCriterion, minutesWithin, slowShare } from '../../../src/model/traffic/sloMinutes.js';

const availabilityOnly = (availabilityRatio: number) => new SloMinutes({ source: 'slo', availabilityRatio, latency: [] });

describe('minuteCriterion', () => {
  it('takes the SLO: availability, and each latency target as a bound on the slow share, with its user region', () => {
    const c = minuteCriterion({ availabilityRatio: 0.9995, latency: [{ percentile: 99, maxS: 0.3, userRegion: undefined }, { percentile: 95, maxS: 0.15, userRegion: 'asia' }] }, ['europe', 'asia']);
    expect(c.source).toBe('slo');
    expect(c.availabilityRatio).toBe(0.9995);
    expect(c.latency.map((t) => t.userRegion)).toEqual([-1, 1]);
    expect(c.latency[0].slowShareMax).toBeCloseTo(0.01, 12);
    expect(c.latency[1].slowShareMax).toBeCloseTo(0.05, 12);
  });

  it('without an SLO: three nines of success, no latency target', () => {
    expect(minuteCriterion(undefined, ['europe'])).toEqual({ source: 'default', availabilityRatio: DEFAULT_MINUTE_AVAILABILITY, latency: [] });
    expect(DEFAULT_MINUTE_AVAILABILITY).toBe(0.999);
  });
});

describe('SloMinutes', () => {
  it('judges each minute on all its pieces together, and merges touching bad minutes into runs', () => {
    const m = availabilityOnly(0.999);
    m.addPiece(0, 1000, 0);
    m.addPiece(1, 500, 1); // 0.2% failed so far in minute 1 …
    m.addPiece(1, 500, 0); // … 0.1% over the whole minute: not below 99.9%
    m.addPiece(2, 1000, 2); // 0.2%: bad
    m.addPiece(3, 1000, 5); // bad, touches minute 2
    m.addPiece(4, 1000, 0);
    m.addPiece(5, 10, 10); // bad, alone
    expect(m.badMinutes(360).runs).toEqual([2, 4, 5, 6]);
  });

  it('judges a block of whole minutes once and marks all of it', () => {
    const m = availabilityOnly(0.999);
    m.addPiece(0, 100, 0);
    m.addWholeMinutes(1, 61, 60_000, 600); // an hour at 1% failures
    m.addPiece(61, 100, 0);
    m.addWholeMinutes(62, 122, 60_000, 0);
    expect(m.badMinutes(122 * 60).runs).toEqual([1, 61]);
    expect(m.badMinutes(122 * 60).lastMinute).toBe(121);
  });

  it('counts the open minute without closing it', () => {
    const m = availabilityOnly(0.999);
    m.addPiece(0, 100, 50);
    expect(m.badMinutes(30).runs).toEqual([0, 1]);
    m.addPiece(0, 1_000_000, 0); // the rest of minute 0 dilutes the failures
    expect(m.badMinutes(60).runs).toEqual([]);
    expect(m.badMinutes(60).lastMinute).toBe(0);
  });

  it('a minute without requests is not bad', () => {
    const m = availabilityOnly(0.999);
    m.addPiece(0, 0, 0);
    m.addWholeMinutes(1, 5, 0, 0);
    expect(m.badMinutes(300).runs).toEqual([]);
  });

  it('latency: a minute is bad when more than the allowed share of its successes is slower than the bound', () => {
    const m = new SloMinutes({ source: 'slo', availabilityRatio: 0.9, latency: [{ maxS: 0.1, slowShareMax: 0.01, userRegion: -1 }] });
    // An interval of 1000 successes, 2% of them slow, split over minutes 0 and 1 (600 and 400).
    m.beginInterval();
    m.intervalOk[0] = 1000;
    m.intervalSlow[0] = 20;
    m.intervalSucceeded = 1000;
    m.addPiece(0, 600, 0);
    m.addPiece(1, 400, 0);
    // Minute 2: 1000 fast successes, 0.5% slow.
    m.beginInterval();
    m.intervalOk[0] = 1000;
    m.intervalSlow[0] = 5;
    m.intervalSucceeded = 1000;
    m.addPiece(2, 1000, 0);
    expect(m.badMinutes(180).runs).toEqual([0, 2]);
  });
});

describe('minutesWithin', () => {
  const bad = (runs: number[]) => ({ criterion: minuteCriterion(undefined, []), runs, lastMinute: 100 });

  it('counts the bad runs\' whole minutes inside the window', () => {
    expect(minutesWithin(bad([2, 5, 7, 8]), 0, 6000)).toBe(4);
    expect(minutesWithin(bad([]), 0, 6000)).toBe(0);
  });

  it('cuts the runs at the window: warm-up before it, the horizon after it', () => {
    // Warm-up to 150 s: minute 2 counts its last 30 s; the horizon at 430 s: minute 7 counts 10 s.
    expect(minutesWithin(bad([0, 3, 5, 8]), 150, 430)).toBeCloseTo(0.5 + 2 + 10 / 60, 12);
    // A run wholly in warm-up counts nothing.
    expect(minutesWithin(bad([0, 2]), 120, 600)).toBe(0);
  });
});

describe('slowShare', () => {
  it('is the share of quantile points above the bound once shifted by the RTT', () => {
    const points = Float64Array.of(0.01, 0.02, 0.03, 0.04);
    expect(slowShare(points, 0, 0.025)).toBe(0.5);
    expect(slowShare(points, 0, 0.04)).toBe(0); // equal to the bound is within it
    expect(slowShare(points, 0.02, 0.025)).toBe(1);
    expect(slowShare(points, 0, 0.005)).toBe(1);
    expect(slowShare(new Float64Array(0), 0, 1)).toBe(0);
  });
});

describe('SloMinutes.repeatDay', () => {
  // A "day" of 10 minutes, its pieces at constant ratios per minute: bad minutes at its first, in
  // its middle (a block of whole minutes) and at its last, so copies touch and must merge.
  const L = 10;
  const feed = (m: SloMinutes, day: number) => {
    const o = day * L;
    m.addPiece(o, 1000, 5); // bad: first minute of the day
    m.addPiece(o + 1, 1000, 0);
    m.addWholeMinutes(o + 2, o + 5, 3000, 9); // 0.3%: bad, minutes 2–4
    m.addPiece(o + 5, 1000, 0);
    m.addWholeMinutes(o + 6, o + 9, 3000, 0);
    m.addPiece(o + 9, 600, 0);
    m.addPiece(o + 9, 400, 4); // bad on the whole minute: the day's last
  };

  it('judges the copies as if each day had been added: the same runs, merged across days', () => {
    const copied = availabilityOnly(0.999);
    const added = availabilityOnly(0.999);
    for (let d = 0; d < 2; d++) {
      feed(copied, d);
      feed(added, d);
    }
    copied.repeatDay(L, 2 * L, 3);
    for (let d = 2; d < 5; d++) feed(added, d);
    // Both go on after the copies.
    copied.addPiece(5 * L, 1000, 0);
    added.addPiece(5 * L, 1000, 0);
    expect(copied.badMinutes(5 * L * 60 + 60).runs).toEqual(added.badMinutes(5 * L * 60 + 60).runs);
    // Day ends and starts are bad, so days 0–4 make runs [9, 13) … : check one merge explicitly.
    expect(copied.badMinutes(3600).runs).toContain(19);
    expect(copied.badMinutes(3600).runs.slice(0, 4)).toEqual([0, 1, 2, 5]);
  });

  it('refuses a day whose last piece is not in its last minute', () => {
    const m = availabilityOnly(0.999);
    m.addPiece(3, 10, 0);
    expect(() => m.repeatDay(0, 10, 1)).toThrow(/last piece/);
  });
});
