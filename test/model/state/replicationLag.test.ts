import { describe, expect, it } from 'vitest';
import { finish, member, placement, rig, runUntil, storeSpec, twoRegionYaml, zoneRttS } from './fixture.js';
import type { DatastoreSpec } from '../../../src/scenario/types.js';

/**
 * The replication backlog as a fluid queue, against its closed form: a 1 Mbps Atlantic link
 * (125 000 B/s), 15 writes/s (100/s × 0.5 visits × 0.3 writes) of 2 KiB = 30 720 B/s. Cut for 600 s,
 * the US replica's backlog grows to 30 720 × 600 B; after the heal it drains at 125 000 − 30 720 B/s.
 * The primary keeps its majority (it and the replica in eu-west-1b), so it takes writes throughout.
 */
const BW = 125_000;
const WRITE_BYTES_PER_S = 100 * 0.5 * 0.3 * 2048;
const CUT_S = 3600;
const HEAL_S = CUT_S + 600;

function lagRig(spec: Partial<DatastoreSpec> = {}) {
  return rig({
    yaml: twoRegionYaml({ ratePerS: 100, bandwidth: '1Mbps', horizon: '1d' }),
    stores: [storeSpec({ name: 'db', ...spec })],
    placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', spec.replication === 'semiSync' ? 'syncStandby' : 'replica')])],
    uses: { cart: [{ store: 'db', readsPerRequest: 0, writesPerRequest: 0.3 }] },
  });
}

describe('replication lag after a partition', () => {
  it('the backlog drains at bandwidth − write-byte rate (closed form), and the lag is its shipping time', () => {
    const r = lagRig();
    r.fault('link', 'eu-west-1~us-east-1', CUT_S, HEAL_S, 'partition');
    const oneWayS = zoneRttS(r.w, 'eu-west-1a', 'us-east-1a') / 2;
    runUntil(r, CUT_S + 300);
    // Cut off: it has missed 300 s of writes.
    expect(r.runtime.lagS('db', 2)).toBeCloseTo(oneWayS + 300, 9);
    const backlog0 = WRITE_BYTES_PER_S * 600;
    for (const afterS of [1, 60, 150]) {
      runUntil(r, HEAL_S + afterS);
      const backlog = backlog0 - (BW - WRITE_BYTES_PER_S) * afterS;
      expect(r.runtime.lagS('db', 2)).toBeCloseTo(oneWayS + backlog / BW, 6);
    }
    const drainedAtS = HEAL_S + backlog0 / (BW - WRITE_BYTES_PER_S);
    runUntil(r, drainedAtS + 1);
    expect(r.runtime.lagS('db', 2)).toBeCloseTo(oneWayS, 9);
    const [out] = finish(r);
    // The largest lag: the 600 s it missed, just before the heal.
    expect(out.maxLagS).toBeCloseTo(oneWayS + 600, 6);
    // Every write's log went to both replicas; half of it crossed the Atlantic.
    const total = WRITE_BYTES_PER_S * 86_400;
    expect(out.replicationBytes).toBeCloseTo(2 * total, -2);
    expect(out.interRegionReplicationBytes).toEqual([{ fromRegion: 'eu-west-1', toRegion: 'us-east-1', bytes: expect.closeTo(total, -2) }]);
    expect(out.writeAvailableRatio).toBe(1);
  });

  it('semiSync: the only synchronous standby cut off stalls writes for the timeout, then the primary goes on asynchronously', () => {
    const r = lagRig({ replication: 'semiSync', semiSyncTimeoutS: 10 });
    r.fault('link', 'eu-west-1~us-east-1', CUT_S, HEAL_S, 'partition');
    const [out] = finish(r);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 10 / 86_400, 9);
    expect(out.failovers).toEqual([]);
  });

  it('sync: a synchronous standby cut off blocks every commit until it is back (PostgreSQL waits)', () => {
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
      stores: [storeSpec({ name: 'db', replication: 'sync' })],
      placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'syncStandby')])],
      uses: { cart: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 0.3 }] },
    });
    r.fault('link', 'eu-west-1~us-east-1', CUT_S, HEAL_S, 'partition');
    const [out] = finish(r);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 600 / 86_400, 9);
    expect(out.readAvailableRatio).toBe(1);
  });

  it('nearest reads from N. Virginia are stale by the US replica’s lag: its one-way delay (steady state, unlimited link)', () => {
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
      stores: [storeSpec({ name: 'db' })],
      placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')], { reads: 'nearest' })],
      uses: { cart: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 0.3 }] },
      clients: { cart: [{ cluster: 'us-1', share: 1 }] },
    });
    const oneWayS = zoneRttS(r.w, 'eu-west-1a', 'us-east-1a') / 2;
    const healthy = finish(r)[0];
    expect(healthy.readStalenessS).toBeCloseTo(oneWayS, 9);
  });

  it('reads from a replica cut off for an hour are stale by its growing lag: mean over the hour oneWay + 1800 s, not its lag when the cut began', () => {
    // web (eu-1 only) writes, so the primary takes writes throughout; cart (us-1 only) reads the nearest member, the US replica.
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
      stores: [storeSpec({ name: 'db' })],
      placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')], { reads: 'nearest' })],
      uses: { web: [{ store: 'db', readsPerRequest: 0, writesPerRequest: 0.3 }], cart: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 0 }] },
      clients: { web: [{ cluster: 'eu-1', share: 1 }], cart: [{ cluster: 'us-1', share: 1 }] },
    });
    r.fault('link', 'eu-west-1~us-east-1', 3600, 7200, 'partition');
    const oneWayS = zoneRttS(r.w, 'eu-west-1a', 'us-east-1a') / 2;
    const [out] = finish(r);
    expect(out.readAvailableRatio).toBe(1);
    // Flat demand: the cut hour's reads (1/24 of the day's) average 1800 s more; after the heal the replica catches up at once.
    expect(out.readStalenessS).toBeCloseTo(oneWayS + 1800 / 24, 6);
    expect(out.maxLagS).toBeCloseTo(oneWayS + 3600, 6);
  });

  it('over a 1 Mbps link the staleness after the heal follows the draining backlog: closed form of the lag integrated over the cut and the drain', () => {
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, bandwidth: '1Mbps', horizon: '1d' }),
      stores: [storeSpec({ name: 'db' })],
      placements: [placement('db', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')], { reads: 'nearest' })],
      uses: { web: [{ store: 'db', readsPerRequest: 0, writesPerRequest: 0.3 }], cart: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 0 }] },
      clients: { web: [{ cluster: 'eu-1', share: 1 }], cart: [{ cluster: 'us-1', share: 1 }] },
    });
    r.fault('link', 'eu-west-1~us-east-1', CUT_S, HEAL_S, 'partition');
    const oneWayS = zoneRttS(r.w, 'eu-west-1a', 'us-east-1a') / 2;
    const [out] = finish(r);
    // Writes: web 100/s × 0.3 × 2 KiB = 61 440 B/s. Cut 600 s: lag = t (missed seconds beat 61 440 t / 125 000), mean 300 s.
    const inBps = 100 * 0.3 * 2048;
    const backlog = inBps * 600;
    // After the heal the backlog drains at 125 000 − 61 440 B/s: lag = backlog left / 125 000, a triangle.
    const drainS = backlog / (BW - inBps);
    const integral = 600 * 300 + (drainS * backlog) / BW / 2;
    expect(out.readStalenessS).toBeCloseTo(oneWayS + integral / 86_400, 6);
  });
});
