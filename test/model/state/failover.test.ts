import { describe, expect, it } from 'vitest';
import { finish, member, placement, rig, storeSpec, twoRegionYaml, zoneRttS, constantS } from './fixture.js';
import type { DatastoreSpec } from '../../../src/scenario/types.js';

/**
 * Failover of a primary/replica store: RTO = detection + promotion + reconnection, RPO and lost
 * writes from the promoted member's lag, a primary back in time, a manual failover, and split brain
 * without fencing. Users: 100/s in Europe, flat; web calls cart 0.5 times; cart writes 0.3 times a
 * request, so the write rate is 100 × 0.5 × 0.3 = 15/s (worked here, not read from the model).
 */
const WRITES_PER_S = 100 * 0.5 * 0.3;
const uses = { cart: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 0.3 }] };
const bothClusters = { cart: [{ cluster: 'eu-1', share: 0.5 }, { cluster: 'us-1', share: 0.5 }] };

function dbRig(spec: Partial<DatastoreSpec>, members: ReturnType<typeof member>[], witnessRegion?: string) {
  return rig({
    yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
    stores: [storeSpec({ name: 'db', ...spec })],
    placements: [placement('db', members, { witnessRegion })],
    uses,
    clients: bothClusters,
  });
}

describe('failover of a primary/replica store', () => {
  it('async, region lost: RTO = detection + promotion + reconnect; loses write rate × lag (the one-way delay to the US replica)', () => {
    const r = dbRig({}, [member('eu-1', 'eu-west-1a', 'primary'), member('us-1', 'us-east-1a', 'replica')], 'eu-central-1');
    r.fault('region', 'eu-west-1', 3600, 7200);
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(1);
    const f = out.failovers[0];
    expect(f).toMatchObject({ atS: 3600, cause: 'region', promoted: true, splitBrain: false });
    expect(f.rtoS).toBeCloseTo(30 + 10 + 5, 9);
    const lagS = zoneRttS(r.w, 'eu-west-1a', 'us-east-1a') / 2;
    expect(f.rpoS).toBeCloseTo(lagS, 9);
    expect(f.lostWrites).toBeCloseTo(WRITES_PER_S * lagS, 6);
    expect(f.lostBytes).toBeCloseTo(WRITES_PER_S * lagS * 2048, 3);
    // Writes: all lost for 45 s of the day (every client cluster), and the day's demand is flat.
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 45 / 86_400, 6);
  });

  it('sync standby promoted after the primary’s zone is lost: RPO 0, nothing lost', () => {
    const r = dbRig({ replication: 'sync' }, [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'syncStandby'), member('us-1', 'us-east-1a', 'replica')]);
    r.fault('zone', 'eu-west-1a', 3600, 7200);
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(1);
    expect(out.failovers[0]).toMatchObject({ cause: 'zone', rpoS: 0, lostWrites: 0, lostBytes: 0, promoted: true });
    expect(out.failovers[0].rtoS).toBeCloseTo(45, 9);
  });

  it('the primary back before detection: no failover; RTO = the outage', () => {
    const r = dbRig({}, [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')]);
    r.fault('zone', 'eu-west-1a', 3600, 3620);
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(1);
    expect(out.failovers[0]).toMatchObject({ promoted: false, lostWrites: 0 });
    expect(out.failovers[0].rtoS).toBeCloseTo(20, 9);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 20 / 86_400, 6);
  });

  it('manual failover waits the operator’s delay: RTO = detection + manual delay + promotion + reconnect', () => {
    const failover = { ...storeSpec({ name: 'x' }).failover, mode: 'manual' as const, manualDelay: constantS(1800) };
    const r = dbRig({ failover }, [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')]);
    r.fault('zone', 'eu-west-1a', 3600, 20_000);
    const [out] = finish(r);
    expect(out.failovers[0].rtoS).toBeCloseTo(30 + 1800 + 10 + 5, 9);
  });

  it('no candidate (both replicas down with the region): RTO stays NaN until the primary returns', () => {
    const r = dbRig({}, [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica')]);
    r.fault('region', 'eu-west-1', 3600, 5000);
    const [out] = finish(r);
    // The primary came back (with its region) before any promotion: an outage of 1400 s, no failover.
    expect(out.failovers).toEqual([expect.objectContaining({ promoted: false, rtoS: expect.closeTo(1400, 9) })]);
  });

  it('fencing none under a partition: split brain; lost = the candidate’s missed writes + the old side’s writes since the promotion', () => {
    const failover = { ...storeSpec({ name: 'x' }).failover, fencing: 'none' as const };
    const r = dbRig({ failover }, [member('eu-1', 'eu-west-1a', 'primary'), member('us-1', 'us-east-1a', 'replica')]);
    const cutS = 3600;
    const healS = cutS + 3600;
    r.fault('link', 'eu-west-1~us-east-1', cutS, healS, 'partition');
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(1);
    const f = out.failovers[0];
    expect(f.splitBrain).toBe(true);
    expect(f.rtoS).toBeCloseTo(45, 9);
    // Half the writes (eu-1's clients) keep reaching the old primary: 40 s before the promotion (the
    // replica misses them: RPO) and from the promotion to the heal (discarded at the heal).
    const euWritesPerS = WRITES_PER_S * 0.5;
    const oneWayS = zoneRttS(r.w, 'eu-west-1a', 'us-east-1a') / 2;
    expect(f.rpoS).toBeCloseTo(oneWayS + 40, 6);
    const beforePromotion = euWritesPerS * 40 + euWritesPerS * oneWayS;
    const oldSide = euWritesPerS * (healS - (cutS + 40));
    expect(f.lostWrites).toBeCloseTo(beforePromotion + oldSide, 4);
    // us-1's clients could not write from the cut until the reconnection (45 s); eu-1's never stopped.
    expect(out.writeAvailableRatio).toBeCloseTo(1 - (0.5 * 45) / 86_400, 6);
  });

  it('fencing quorum under the same partition: the isolated primary stops at once, the majority side promotes, no split brain', () => {
    const r = dbRig({}, [member('eu-1', 'eu-west-1a', 'primary'), member('us-1', 'us-east-1a', 'replica'), member('us-1', 'us-east-1b', 'replica')]);
    r.fault('link', 'eu-west-1~us-east-1', 3600, 7200, 'partition');
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(1);
    expect(out.failovers[0]).toMatchObject({ cause: 'partition', splitBrain: false, promoted: true });
    // eu-1's clients cannot reach the new primary until the heal: writes lost for 45 s (all) + the rest of the hour (half).
    expect(out.writeAvailableRatio).toBeCloseTo(1 - (45 + 0.5 * (3600 - 45)) / 86_400, 6);
  });
});

describe('after a failover (review of issue 17)', () => {
  it('semiSync, the only sync standby promoted: the new primary has no standby to wait for, so writes return at the reconnection (RTO 45 s, not 45 + a semi-sync timeout)', () => {
    const r = dbRig({ replication: 'semiSync' }, [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'syncStandby'), member('us-1', 'us-east-1a', 'replica')]);
    r.fault('zone', 'eu-west-1a', 3600, 7200);
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(1);
    expect(out.failovers[0]).toMatchObject({ promoted: true, rpoS: 0, lostWrites: 0 });
    expect(out.failovers[0].rtoS).toBeCloseTo(30 + 10 + 5, 9);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 45 / 86_400, 6);
  });

  it('the new primary lost during the reconnection: the first loss’s RTO runs until writes are accepted again, and the second loss starts when it happened', () => {
    const r = dbRig({}, [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')]);
    r.fault('zone', 'eu-west-1a', 3600, 20_000);
    // eu-west-1b's replica (least lag) is promoted at 3640; clients would reach it at 3645; it fails at 3642.
    r.fault('zone', 'eu-west-1b', 3642, 3700);
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(2);
    expect(out.failovers[0]).toMatchObject({ atS: 3600, promoted: true });
    // With one member of three up there is no majority: nobody is promoted until eu-west-1b returns at
    // 3700; its clients, never reconnected, reach it 5 s later.
    expect(out.failovers[0].rtoS).toBeCloseTo(105, 9);
    expect(out.failovers[1]).toMatchObject({ atS: 3642, cause: 'zone', promoted: false });
    expect(out.failovers[1].rtoS).toBeCloseTo(63, 9);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 105 / 86_400, 6);
  });
});
