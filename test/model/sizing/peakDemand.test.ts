import { describe, expect, it } from 'vitest';
import { candidateTimes, demandPerS } from '../../../src/model/sizing/peakDemand.js';
import type { UserRegionSpec } from '../../../src/scenario/types.js';

const user = (spikes: { atS: number; forS: number; multiplier: number }[]): UserRegionSpec =>
  ({ name: 'u', ratePerS: 100, entryService: 'web', diurnal: { peakToTroughRatio: 3, peakHourUtc: 19 }, spikes, location: { kind: 'explicit', rttMsByRegion: {} }, rttMsByRegion: {}, viaRegion: undefined }) as UserRegionSpec;

describe('peak demand instants', () => {
  it('are the 24 hours of a day without spikes', () => {
    expect(candidateTimes([user([])], 86_400 * 2)).toEqual(Array.from({ length: 24 }, (_, h) => h * 3600));
  });

  it('add a spike’s start and the hours it covers, not spikes past the horizon', () => {
    const t = candidateTimes([user([{ atS: 90_000, forS: 7_300, multiplier: 2 }, { atS: 500_000, forS: 60, multiplier: 9 }, { atS: 100_000, forS: 60, multiplier: 2 }])], 200_000);
    // 25:00 for 2h 1m40s: its start, then 26:00 and 27:00 (before it ends at 27:01:40); a spike inside an hour adds its start only.
    expect(t.filter((x) => x >= 86_400)).toEqual([90_000, 93_600, 97_200, 100_000]);
    expect(t).not.toContain(500_000);
  });

  it('the rate at an instant is rate × the hour’s diurnal factor × active spikes', () => {
    const u = user([{ atS: 90_000, forS: 600, multiplier: 2 }]);
    expect(demandPerS(u, 90_000) / demandPerS(u, 90_000 + 600)).toBeCloseTo(2, 12);
  });
});
