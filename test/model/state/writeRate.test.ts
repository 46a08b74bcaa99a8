import { describe, expect, it } from 'vitest';
import { finish, member, placement, rig, storeSpec, twoRegionYaml, zoneRttS } from './fixture.js';

/**
 * The write rate follows the users' diurnal demand and the call graph's visits. Visits to cart per
 * user request: web → cart 0.5, web → api 2 × api → cart 0.25: 0.5 + 0.5 = 1. The diurnal hour's mean
 * is integrated numerically here from the sinusoid 1 + a·cos(2π(t − peak)/24 h), a = (r − 1)/(r + 1).
 */
function hourMean(hour: number, ratio: number, peakHour: number): number {
  const a = (ratio - 1) / (ratio + 1);
  const n = 10_000;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += 1 + a * Math.cos((2 * Math.PI * (hour + (i + 0.5) / n - peakHour)) / 24);
  return sum / n;
}

describe('write rate from diurnal demand and the call graph', () => {
  for (const hour of [3, 15]) {
    it(`async failover in hour ${hour}: lost writes = that hour’s write rate × lag`, () => {
      const r = rig({
        yaml: twoRegionYaml({
          ratePerS: 200,
          horizon: '1d',
          diurnal: '{ peakToTrough: 3, peakHourUtc: 15 }',
          calls: '[ { service: cart, callsPerRequest: 0.5 }, { service: api, callsPerRequest: 2 } ]',
        }),
        stores: [storeSpec({ name: 'db' })],
        placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary'), member('us-1', 'us-east-1a', 'replica')], { witnessRegion: 'eu-central-1' })],
        uses: { cart: [{ store: 'db', readsPerRequest: 0, writesPerRequest: 0.4 }] },
      });
      r.fault('region', 'eu-west-1', hour * 3600 + 600, hour * 3600 + 1800);
      const [out] = finish(r);
      const writesPerS = 200 * hourMean(hour, 3, 15) * 1 * 0.4;
      const lagS = zoneRttS(r.w, 'eu-west-1a', 'us-east-1a') / 2;
      expect(out.failovers).toHaveLength(1);
      expect(out.failovers[0].lostWrites).toBeCloseTo(writesPerS * lagS, 5);
      // Replicated bytes over the day: the day's writes (mean factor 1) × 2 KiB, except while the primary was lost.
      expect(out.replicationBytes).toBeLessThan(200 * 0.4 * 86_400 * 2048);
      expect(out.replicationBytes).toBeGreaterThan(200 * 0.4 * (86_400 - 3600) * 2048 * 0.99);
    });
  }
});
