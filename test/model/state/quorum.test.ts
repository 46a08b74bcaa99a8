import { describe, expect, it } from 'vitest';
import { finish, member, placement, rig, storeSpec, twoRegionYaml } from './fixture.js';

/** A quorum store of three voters (2-of-3 majority): it survives one member, not two. */
function quorumRig() {
  return rig({
    yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
    stores: [storeSpec({ name: 'q', kind: 'quorum' })],
    placements: [placement('q', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')])],
    uses: { cart: [{ store: 'q', readsPerRequest: 1, writesPerRequest: 0.2 }] },
  });
}

describe('quorum store, 3 voters', () => {
  it('a follower lost: writes go on, nothing fails over', () => {
    const r = quorumRig();
    r.fault('region', 'us-east-1', 3600, 7200);
    const [out] = finish(r);
    expect(out.failovers).toEqual([]);
    expect(out.writeAvailableRatio).toBe(1);
    expect(out.readAvailableRatio).toBe(1);
  });

  it('the leader lost: a new leader after the election (1 s) + reconnection (5 s); RPO 0', () => {
    const r = quorumRig();
    r.fault('zone', 'eu-west-1a', 3600, 7200);
    const [out] = finish(r);
    expect(out.failovers).toHaveLength(1);
    expect(out.failovers[0]).toMatchObject({ promoted: true, rpoS: 0, lostWrites: 0, cause: 'zone' });
    expect(out.failovers[0].rtoS).toBeCloseTo(6, 9);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 6 / 86_400, 9);
  });

  it('two members lost: no majority, writes and (linearizable) reads fail for the whole overlap', () => {
    const r = quorumRig();
    r.fault('zone', 'eu-west-1a', 3600, 7200);
    r.fault('region', 'us-east-1', 3600, 7200);
    const [out] = finish(r);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 3600 / 86_400, 9);
    expect(out.readAvailableRatio).toBeCloseTo(1 - 3600 / 86_400, 9);
    expect(out.failovers[0].cause).toBe('zone');
    // The leader came back with its zone: no failover happened, the outage lasted the hour.
    expect(out.failovers).toEqual([expect.objectContaining({ promoted: false, rtoS: expect.closeTo(3600, 9) })]);
  });

  it('two members lost, reads: nearest: reads go on from the member left (serializable, possibly stale)', () => {
    const r = rig({
      yaml: twoRegionYaml({ ratePerS: 100, horizon: '1d' }),
      stores: [storeSpec({ name: 'q', kind: 'quorum' })],
      placements: [placement('q', [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('us-1', 'us-east-1a', 'replica')], { reads: 'nearest' })],
      uses: { cart: [{ store: 'q', readsPerRequest: 1, writesPerRequest: 0.2 }] },
    });
    r.fault('zone', 'eu-west-1a', 3600, 7200);
    r.fault('region', 'us-east-1', 3600, 7200);
    const [out] = finish(r);
    expect(out.readAvailableRatio).toBe(1);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 3600 / 86_400, 9);
  });

  it('the leader running but both followers down: no majority, cause quorumLost', () => {
    const r = quorumRig();
    r.fault('zone', 'eu-west-1b', 3600, 7200);
    r.fault('region', 'us-east-1', 3600, 7200);
    const [out] = finish(r);
    expect(out.failovers).toEqual([expect.objectContaining({ cause: 'quorumLost', promoted: false, rtoS: expect.closeTo(3600, 9) })]);
    expect(out.writeAvailableRatio).toBeCloseTo(1 - 3600 / 86_400, 9);
  });
});
