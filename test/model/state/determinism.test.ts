import { describe, expect, it } from 'vitest';
import { finish, member, placement, rig, storeSpec, twoRegionYaml } from './fixture.js';
import type { DatastoreMemberSpec } from '../../../src/scenario/types.js';

/**
 * Common random numbers: members fail from their own streams (datastores/<store>/member-<i>), so a
 * replication is reproducible, and two designs that both have a member i of a store see it fail at
 * the same instants, wherever they put it.
 */
const memberFailures = { timeToFailure: { kind: 'exponential' as const, meanS: 2 * 86_400 }, timeToRepair: { kind: 'lognormal' as const, medianS: 1800, sigma: 0.8 } };

function failuresRig(members: DatastoreMemberSpec[], replication = 0) {
  const r = rig({
    yaml: twoRegionYaml({ ratePerS: 100, horizon: '30d' }),
    stores: [storeSpec({ name: 'db', memberFailures })],
    placements: [placement('db', members)],
    uses: { cart: [{ store: 'db', readsPerRequest: 1, writesPerRequest: 0.3 }] },
    clients: { cart: [{ cluster: 'eu-1', share: 0.5 }, { cluster: 'us-1', share: 0.5 }] },
    replication,
  });
  const failures: { atS: number; member: number }[] = [];
  r.sim.trace = (timeS, _type, name, arg) => {
    if (name === 'datastores/memberFails') failures.push({ atS: timeS, member: arg });
  };
  return { r, failures };
}

const designA = [member('eu-1', 'eu-west-1a', 'primary'), member('eu-1', 'eu-west-1b', 'replica'), member('eu-1', 'eu-west-1c', 'replica')];
const designB = [member('eu-1', 'eu-west-1c', 'primary'), member('us-1', 'us-east-1a', 'replica'), member('us-1', 'us-east-1b', 'replica')];

describe('determinism and common random numbers', () => {
  it('the same seed gives the identical outcome', () => {
    const a = failuresRig(designA);
    const b = failuresRig(designA);
    const outA = finish(a.r);
    const outB = finish(b.r);
    expect(outA).toEqual(outB);
    // Not vacuous: members failed, and the primary's failures made failovers.
    expect(a.failures.length).toBeGreaterThan(10);
    expect(outA[0].failovers.filter((f) => f.promoted && f.cause === 'member').length).toBeGreaterThan(3);
    expect(outA[0].writeAvailableRatio).toBeLessThan(1);
  });

  it('different designs with the same member index draw the same member failures', () => {
    const a = failuresRig(designA);
    const b = failuresRig(designB);
    finish(a.r);
    finish(b.r);
    expect(b.failures).toEqual(a.failures);
    // Another replication draws other failures.
    const c = failuresRig(designA, 1);
    finish(c.r);
    expect(c.failures).not.toEqual(a.failures);
  });
});
