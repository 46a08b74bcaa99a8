import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../src/model/fleet/buildFleet.js';
import { compileService } from '../../../src/model/placement/compile.js';
import { placeDesign } from '../../../src/model/placement/placeDesign.js';
import { placementProblems } from '../../../src/model/placement/problems.js';
import { GIB, policy } from './fixture.js';

describe('placementProblems', () => {
  it('unscheduled is an error; pending and audit violations are warnings', () => {
    const fleet = buildFleet({
      reservation: { kind: 'none' },
      regions: [
        { name: 'eu-west-1', provider: 'aws', zones: ['a'] },
        { name: 'us-east-1', provider: 'aws', zones: ['b'] },
      ],
      links: [{ a: 'eu-west-1', b: 'us-east-1', rttMs: 70 }],
      clusters: [
        { name: 'eu', region: 'eu-west-1', zones: ['a'], nodePools: [{ name: 'p', cpuMillicores: 2000, memoryBytes: 8 * GIB, count: 1 }] },
        { name: 'us', region: 'us-east-1', zones: ['b'], nodePools: [{ name: 'p', cpuMillicores: 2000, memoryBytes: 4 * GIB, count: 1 }] },
      ],
    });
    const services = [
      compileService(fleet, { name: 'big', replicas: 3, cpuMillicores: 1000, memoryBytes: GIB, policy: policy({ clusterAffinities: [{ clusterNames: ['eu'] }] }) }),
      compileService(fleet, { name: 'pii', replicas: 1, cpuMillicores: 100, memoryBytes: GIB, policy: policy({ clusterAffinities: [{ clusterNames: ['us'] }], residency: { allowedRegions: ['eu-*'], mode: 'hard' } }) }),
      // No cpu request, so it still fits beside big's two pods in eu.
      compileService(fleet, { name: 'logs', replicas: 1, cpuMillicores: 0, memoryBytes: GIB, policy: policy({ residency: { allowedRegions: ['eu-*'], mode: 'audit' } }) }),
    ];
    const problems = placementProblems([{ name: 'd', services, placement: placeDesign(fleet, services), usedClusters: ['eu', 'us'] }]);
    expect(problems).toEqual([
      { severity: 'warning', design: 'd', message: 'big: 1 of its pods do not fit and stay pending' },
      { severity: 'error', design: 'd', message: 'pii: no cluster can run it (affinity all clusters: no cluster up and allowed by residency)' },
      { severity: 'warning', design: 'd', message: 'logs: 1 replicas in us (us-east-1), outside its allowed regions (audit)' },
    ]);
  });
});
