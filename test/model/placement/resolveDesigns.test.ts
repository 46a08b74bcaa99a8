import { describe, expect, it } from 'vitest';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { withClustersDown } from '../../../src/model/placement/capacity.js';
import { placeDesign } from '../../../src/model/placement/placeDesign.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { byName } from './fixture.js';
import { twoRegionScenario } from './scenarioFixture.js';

describe('resolveDesigns', () => {
  const scenario = twoRegionScenario();
  const fleet = resolveFleet(scenario, { reservation: { kind: 'none' } });
  const [replicated, segmented] = resolveDesigns(scenario, fleet);

  it('replicated: both services everywhere; the audit rule flags db in the US', () => {
    expect(replicated.name).toBe('replicated');
    const [web, db] = replicated.placement.services;
    expect(byName(fleet, web.assigned)).toEqual({ eu: 6, us: 6 });
    expect(byName(fleet, db.assigned)).toEqual({ eu: 3, us: 3 });
    // us: 2 nodes × 4000m. db goes first (bigger pods): 3 × 2000m bind; 2000m are left, room for 4 of
    // web's 6 × 500m, so 2 web pods are pending there.
    expect(byName(fleet, db.pending)).toEqual({});
    expect(byName(fleet, web.pending)).toEqual({ us: 2 });
    expect(replicated.placement.residencyViolations).toEqual([{ service: 'db', cluster: 'us', region: 'us-east-1', replicas: 3 }]);
    const us = replicated.placement.headroom[1];
    expect(us.cpuRequestedMillicores).toBe(3 * 2000 + 4 * 500);
    expect(us.cpuUsedPercent).toBeCloseTo(100, 12);
    expect(replicated.placement.headroom[0].cpuUsedPercent).toBeCloseTo((100 * (3 * 2000 + 6 * 500)) / 16_000, 12);
  });

  it('segmented: weights 2:1 with no max groups; hard residency skips the primary for the backup', () => {
    const [web, db] = segmented.placement.services;
    expect(byName(fleet, web.assigned)).toEqual({ eu: 4, us: 2 });
    expect(db.affinityName).toBe('backup');
    expect(byName(fleet, db.assigned)).toEqual({ eu: 3 });
    expect(db.notes[0]).toMatch(/affinity primary: no cluster up and allowed by residency/);
    expect(segmented.placement.residencyViolations).toEqual([]);
  });

  it('the compiled services re-place after a fault: us down moves web entirely to eu', () => {
    const after = placeDesign(fleet, segmented.services, withClustersDown(fleet, ['us']));
    expect(byName(fleet, after.services[0].assigned)).toEqual({ eu: 6 });
  });
});
