import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../src/model/fleet/buildFleet.js';
import { emptyCapacity, fullAvailability } from '../../../src/model/placement/capacity.js';
import { placeService } from '../../../src/model/placement/placeService.js';
import { compileService } from '../../../src/model/placement/compile.js';
import { placeDesign, placementOrder } from '../../../src/model/placement/placeDesign.js';
import { GIB, policy, smallFleet } from './fixture.js';

describe('placeDesign', () => {
  it('reports per-cluster headroom: allocatable versus requested', () => {
    const fleet = smallFleet();
    const svc = compileService(fleet, { name: 'api', replicas: 7, cpuMillicores: 1500, memoryBytes: GIB, policy: policy({ clusterAffinities: [{ clusterNames: ['eu-1'] }] }) });
    const d = placeDesign(fleet, [svc]);
    // 2 pods of 1500m per 4000m node → 6 placed, 1 pending.
    expect(d.pendingPods).toBe(1);
    const eu1 = d.headroom[0];
    expect(eu1).toMatchObject({ cluster: 'eu-1', up: true, nodesUp: 3, cpuAllocatableMillicores: 12_000, cpuRequestedMillicores: 9000, pods: 6, podCapacity: 330 });
    expect(eu1.cpuUsedPercent).toBeCloseTo(75, 12);
    expect(eu1.memoryUsedPercent).toBeCloseTo((100 * 6) / 48, 12);
    expect(d.headroom[1]).toMatchObject({ cluster: 'eu-2', cpuRequestedMillicores: 0, cpuUsedPercent: 0 });
  });

  it('a cluster that is down has no allocatable capacity in the headroom', () => {
    const fleet = smallFleet();
    const a = fullAvailability(fleet);
    a.clusterUp[1] = 0;
    const d = placeDesign(fleet, [], a);
    expect(d.headroom[1]).toMatchObject({ up: false, nodesUp: 0, cpuAllocatableMillicores: 0, cpuUsedPercent: 0 });
  });

  it('places big pods first, which avoids stranding them behind small ones', () => {
    // One zone, two 4000m nodes, pack strategy. Declared order: small (4 × 500m) then big (2 × 3000m).
    const fleet = buildFleet({
      reservation: { kind: 'none' },
      regions: [{ name: 'r', provider: 'aws', zones: ['z'] }],
      links: [],
      clusters: [{ name: 'c', region: 'r', zones: ['z'], nodePools: [{ name: 'p', cpuMillicores: 4000, memoryBytes: 16 * GIB, count: 2 }] }],
    });
    const small = compileService(fleet, { name: 'small', replicas: 4, cpuMillicores: 500, memoryBytes: GIB, policy: policy() });
    const big = compileService(fleet, { name: 'big', replicas: 2, cpuMillicores: 3000, memoryBytes: GIB, policy: policy() });
    expect(placementOrder(fleet, [small, big])).toEqual([1, 0]);
    const d = placeDesign(fleet, [small, big], undefined, { nodeStrategy: 'pack' });
    expect(d.pendingPods).toBe(0);
    expect(d.services.map((s) => s.service)).toEqual(['small', 'big']); // results stay in declared order
    // In declared order, pack puts all four small pods on one node (2000m left) and strands a big one.
    const a = fullAvailability(fleet);
    const cap = emptyCapacity(fleet, a);
    placeService(fleet, small, a, cap, 'pack');
    expect(placeService(fleet, big, a, cap, 'pack').pending[0]).toBe(1);
  });

  it('does not modify its inputs and is deterministic', () => {
    const fleet = smallFleet();
    const a = fullAvailability(fleet);
    const before = [Array.from(a.clusterUp), Array.from(a.nodeUp)];
    const svcs = [
      compileService(fleet, { name: 'a', replicas: 9, cpuMillicores: 700, memoryBytes: 2 * GIB, policy: policy({ replicaScheduling: { kind: 'divided', division: 'availableReplicas' } }) }),
      compileService(fleet, { name: 'b', replicas: 3, cpuMillicores: 1200, memoryBytes: GIB, policy: policy() }),
    ];
    const d1 = placeDesign(fleet, svcs, a);
    const d2 = placeDesign(fleet, svcs, a);
    expect(d2).toEqual(d1);
    expect([Array.from(a.clusterUp), Array.from(a.nodeUp)]).toEqual(before);
  });
});
