import { describe, expect, it } from 'vitest';
import { emptyCapacity, fullAvailability, withClustersDown } from '../../../src/model/placement/capacity.js';
import { compileService } from '../../../src/model/placement/compile.js';
import { placeService } from '../../../src/model/placement/placeService.js';
import type { PlacementPolicy, ServicePlacement } from '../../../src/model/placement/types.js';
import type { Availability } from '../../../src/model/placement/capacity.js';
import { byName, GIB, policy, smallFleet } from './fixture.js';

const fleet = smallFleet();

function place(p: PlacementPolicy, replicas: number, cpuMillicores = 1000, memoryBytes = GIB, availability: Availability = fullAvailability(fleet)): ServicePlacement {
  const svc = compileService(fleet, { name: 'web', replicas, cpuMillicores, memoryBytes, policy: p });
  return placeService(fleet, svc, availability, emptyCapacity(fleet, availability), 'spread');
}

// Pods of 1000m / 1 GiB fit: eu-1 3 × 4 = 12, eu-2 2 × 4 = 8, us-1 4 × 2 = 8, gcp-1 8.
describe('duplicated', () => {
  it('every selected cluster runs the full count', () => {
    const r = place(policy(), 3);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 3, 'eu-2': 3, 'us-1': 3, 'gcp-1': 3 });
    expect(byName(fleet, r.placed)).toEqual(byName(fleet, r.assigned));
    expect(r.podNodes.length).toBe(12);
    // Zone spread in eu-1: one pod per zone (one node per zone).
    expect(Array.from(r.podNodes.slice(0, 3)).sort()).toEqual([0, 1, 2]);
  });

  it('affinity by region glob, provider and labels', () => {
    expect(byName(fleet, place(policy({ clusterAffinities: [{ regions: ['eu-*'] }] }), 2).assigned)).toEqual({ 'eu-1': 2, 'eu-2': 2 });
    expect(byName(fleet, place(policy({ clusterAffinities: [{ providers: ['gcp'] }] }), 2).assigned)).toEqual({ 'gcp-1': 2 });
    expect(byName(fleet, place(policy({ clusterAffinities: [{ labels: { env: 'prod' }, excludeClusters: ['eu-2'] }] }), 2).assigned)).toEqual({ 'eu-1': 2 });
    expect(byName(fleet, place(policy({ clusterAffinities: [{ zones: ['use1-*'] }] }), 2).assigned)).toEqual({ 'us-1': 2 });
  });

  it('a cluster short of capacity gets pending pods; the others are unaffected', () => {
    const r = place(policy(), 10);
    expect(byName(fleet, r.placed)).toEqual({ 'eu-1': 10, 'eu-2': 8, 'us-1': 8, 'gcp-1': 8 });
    expect(byName(fleet, r.pending)).toEqual({ 'eu-2': 2, 'us-1': 2, 'gcp-1': 2 });
  });
});

describe('divided', () => {
  it('static weights 2:1:1 of 10 → 5, 3, 2 (the 2.5 tie goes to the smaller name)', () => {
    const p = policy({
      replicaScheduling: { kind: 'divided', division: 'staticWeights', weights: [{ cluster: 'eu-1', weight: 2 }, { cluster: 'us-1', weight: 1 }, { cluster: 'eu-2', weight: 1 }] },
    });
    const r = place(p, 10, 100, 128 * 1024 ** 2);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 5, 'eu-2': 3, 'us-1': 2 });
    expect(r.notes).toEqual([]);
  });

  it('static weights ignore capacity: the excess is pending', () => {
    const p = policy({ replicaScheduling: { kind: 'divided', division: 'staticWeights', weights: [{ cluster: 'us-1', weight: 1 }] } });
    const r = place(p, 10);
    expect(byName(fleet, r.assigned)).toEqual({ 'us-1': 10 });
    expect(byName(fleet, r.pending)).toEqual({ 'us-1': 2 });
  });

  it('by available replicas: 10 over fits 12:8:8:8 → 4, 2, 2, 2', () => {
    const r = place(policy({ replicaScheduling: { kind: 'divided', division: 'availableReplicas' } }), 10);
    // Quotas 3.33, 2.22, 2.22, 2.22: the one spare unit goes to eu-1's larger remainder.
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 4, 'eu-2': 2, 'us-1': 2, 'gcp-1': 2 });
  });

  it('by available replicas when the fleet is too small: proportional, shortfall pending (45 vs 36)', () => {
    const r = place(policy({ replicaScheduling: { kind: 'divided', division: 'availableReplicas' } }), 45);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 15, 'eu-2': 10, 'us-1': 10, 'gcp-1': 10 });
    expect(byName(fleet, r.pending)).toEqual({ 'eu-1': 3, 'eu-2': 2, 'us-1': 2, 'gcp-1': 2 });
  });

  it('aggregated: as few clusters as possible, largest first', () => {
    const agg = policy({ replicaScheduling: { kind: 'divided', division: 'aggregated' } });
    expect(byName(fleet, place(agg, 10).assigned)).toEqual({ 'eu-1': 10 });
    // 14 > 12: eu-1 and the next best (eu-2 by name among the 8s), split 12:8 → 8.4, 5.6 → 8, 6.
    expect(byName(fleet, place(agg, 14).assigned)).toEqual({ 'eu-1': 8, 'eu-2': 6 });
  });
});

describe('spread constraints', () => {
  it('region 2..2 with at most 2 clusters picks one cluster in each of two regions', () => {
    const p = policy({
      clusterAffinities: [{ regions: ['eu-*', 'us-*'] }],
      spreadConstraints: [
        { by: 'region', minGroups: 2, maxGroups: 2 },
        { by: 'cluster', minGroups: 1, maxGroups: 2 },
      ],
    });
    const r = place(p, 1);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 1, 'eu-2': 1 });
  });

  it('provider 2..2 forces a second provider even when it ranks lower', () => {
    const p = policy({ spreadConstraints: [{ by: 'provider', minGroups: 2, maxGroups: 2 }, { by: 'cluster', minGroups: 1, maxGroups: 2 }] });
    expect(byName(fleet, place(p, 1).assigned)).toEqual({ 'eu-1': 1, 'gcp-1': 1 });
  });

  it('zone: a cluster counts once per zone it spans', () => {
    const one = [{ by: 'cluster' as const, minGroups: 1, maxGroups: 1 }];
    expect(byName(fleet, place(policy({ spreadConstraints: [{ by: 'zone', minGroups: 3, maxGroups: 3 }, ...one] }), 1).assigned)).toEqual({ 'eu-1': 1 });
    // At most 2 zones: eu-1 (3 zones) is out; eu-2 is the best of the rest.
    expect(byName(fleet, place(policy({ spreadConstraints: [{ by: 'zone', minGroups: 2, maxGroups: 2 }, ...one] }), 1).assigned)).toEqual({ 'eu-2': 1 });
  });

  it('unsatisfiable minimum: nothing is scheduled and the reason is given', () => {
    const r = place(policy({ spreadConstraints: [{ by: 'region', minGroups: 5, maxGroups: 5 }] }), 3);
    expect(r.unscheduled).toBe(3);
    expect(r.affinityIndex).toBe(-1);
    expect(Array.from(r.assigned).every((x) => x === 0)).toBe(true);
    expect(r.notes[0]).toMatch(/spread by region needs 5 groups, only 4 eligible/);
  });
});

describe('ordered cluster affinities', () => {
  const primaryBackup = (rs: PlacementPolicy['replicaScheduling']): PlacementPolicy =>
    policy({ replicaScheduling: rs, clusterAffinities: [{ name: 'primary', clusterNames: ['eu-1'] }, { name: 'backup', clusterNames: ['eu-2', 'gcp-1'] }] });

  it('primary while it is up, backup when it is down', () => {
    const p = primaryBackup({ kind: 'duplicated' });
    const up = place(p, 4);
    expect([up.affinityName, byName(fleet, up.assigned)]).toEqual(['primary', { 'eu-1': 4 }]);
    const down = place(p, 4, 1000, GIB, withClustersDown(fleet, ['eu-1']));
    expect([down.affinityName, byName(fleet, down.assigned)]).toEqual(['backup', { 'eu-2': 4, 'gcp-1': 4 }]);
    expect(down.notes).toContain('affinity primary: no cluster up');
  });

  it('falls to the backup when the primary cannot host the count', () => {
    const r = place(primaryBackup({ kind: 'divided', division: 'aggregated' }), 14);
    expect(r.affinityIndex).toBe(1);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-2': 7, 'gcp-1': 7 });
  });

  it('when no term can host, the first eligible one is used and the shortfall is pending', () => {
    const r = place(primaryBackup({ kind: 'divided', division: 'aggregated' }), 20);
    expect(r.affinityName).toBe('primary');
    expect(byName(fleet, r.placed)).toEqual({ 'eu-1': 12 });
    expect(byName(fleet, r.pending)).toEqual({ 'eu-1': 8 });
  });
});

describe('residency', () => {
  it('hard: clusters outside the allowed regions are never used', () => {
    const r = place(policy({ residency: { allowedRegions: ['eu-*'], mode: 'hard' } }), 2);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 2, 'eu-2': 2 });
    expect(r.residencyViolations).toEqual([]);
    const both = place(policy({ residency: { allowedRegions: ['eu-*', 'europe-*'], mode: 'hard' } }), 2);
    expect(byName(fleet, both.assigned)).toEqual({ 'eu-1': 2, 'eu-2': 2, 'gcp-1': 2 });
  });

  it('hard with only disallowed clusters: unscheduled, with the reason', () => {
    const r = place(policy({ clusterAffinities: [{ clusterNames: ['us-1'] }], residency: { allowedRegions: ['eu-*'], mode: 'hard' } }), 2);
    expect(r.unscheduled).toBe(2);
    expect(r.notes[0]).toMatch(/no cluster up and allowed by residency/);
  });

  it('audit: placed anyway, each violation reported', () => {
    const r = place(policy({ residency: { allowedRegions: ['eu-*'], mode: 'audit' } }), 2);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 2, 'eu-2': 2, 'us-1': 2, 'gcp-1': 2 });
    expect(r.residencyViolations).toEqual([
      { service: 'web', cluster: 'us-1', region: 'us-east-1', replicas: 2 },
      { service: 'web', cluster: 'gcp-1', region: 'europe-west1', replicas: 2 },
    ]);
  });
});

describe('availability', () => {
  it('a node down removes its capacity and hosts nothing', () => {
    const a = fullAvailability(fleet);
    a.nodeUp[0] = 0;
    const r = place(policy({ clusterAffinities: [{ clusterNames: ['eu-1'] }] }), 10, 1000, GIB, a);
    expect(byName(fleet, r.placed)).toEqual({ 'eu-1': 8 });
    expect(byName(fleet, r.pending)).toEqual({ 'eu-1': 2 });
    expect(Array.from(r.podNodes)).not.toContain(0);
  });

  it('dynamic division follows the capacity that is left', () => {
    const a = withClustersDown(fleet, ['gcp-1', 'us-1']);
    a.nodeUp[0] = 0; // eu-1 fits 8 now, like eu-2
    const r = place(policy({ replicaScheduling: { kind: 'divided', division: 'availableReplicas' } }), 10, 1000, GIB, a);
    expect(byName(fleet, r.assigned)).toEqual({ 'eu-1': 5, 'eu-2': 5 });
  });
});

describe('compile errors', () => {
  it('names the service and the unknown cluster', () => {
    expect(() => compileService(fleet, { name: 'api', replicas: 1, cpuMillicores: 1, memoryBytes: 1, policy: policy({ clusterAffinities: [{ clusterNames: ['eu-9'] }] }) })).toThrow(
      /service api: .*unknown cluster "eu-9"/,
    );
    expect(() => compileService(fleet, { name: 'api', replicas: 1, cpuMillicores: 1, memoryBytes: 1, policy: policy({ spreadConstraints: [{ by: 'zone', minGroups: 3, maxGroups: 2 }] }) })).toThrow(
      /minGroups <= maxGroups/,
    );
    expect(() => compileService(fleet, { name: 'api', replicas: 2.5, cpuMillicores: 1, memoryBytes: 1, policy: policy() })).toThrow(/replicas/);
  });
});
