import { describe, expect, it } from 'vitest';
import { compileService } from '../../../src/model/placement/compile.js';
import { usedClusters } from '../../../src/model/placement/usedClusters.js';
import type { PlacementPolicy } from '../../../src/model/placement/types.js';
import { GIB, policy, smallFleet } from './fixture.js';

// smallFleet: eu-1 (eu-west-1, env=prod), eu-2 (eu-central-1, env=prod), us-1 (us-east-1, env=dr), gcp-1 (europe-west1).
const fleet = smallFleet();
const svc = (name: string, p: Partial<PlacementPolicy>, replicas = 2) => compileService(fleet, { name, replicas, cpuMillicores: 100, memoryBytes: GIB, policy: policy(p) });

describe('usedClusters: the clusters a design can put pods on', () => {
  it('a policy with no affinity selects every cluster', () => {
    expect(usedClusters(fleet, [svc('a', {})])).toEqual(['eu-1', 'eu-2', 'us-1', 'gcp-1']);
  });

  it('primary and backup affinity terms both count (failover may move pods to the backup)', () => {
    const s = svc('a', { clusterAffinities: [{ name: 'primary', clusterNames: ['eu-2'] }, { name: 'backup', labels: { env: 'dr' } }] });
    expect(usedClusters(fleet, [s])).toEqual(['eu-2', 'us-1']);
  });

  it('the union over services, in fleet order; a region glob and an exclusion narrow a term', () => {
    const web = svc('web', { clusterAffinities: [{ regions: ['eu-*'], excludeClusters: ['eu-2'] }] });
    const db = svc('db', { clusterAffinities: [{ providers: ['gcp'] }] });
    expect(usedClusters(fleet, [db, web])).toEqual(['eu-1', 'gcp-1']);
  });

  it('a cluster named by a static weight counts; a weight of 0 does not', () => {
    const s = svc('a', { clusterAffinities: [{ clusterNames: ['eu-1'] }], replicaScheduling: { kind: 'divided', division: 'staticWeights', weights: [{ cluster: 'us-1', weight: 1 }, { cluster: 'eu-2', weight: 0 }] } });
    expect(usedClusters(fleet, [s])).toEqual(['eu-1', 'us-1']);
  });

  it('a hard residency rule removes the clusters it forbids; an audit rule does not', () => {
    expect(usedClusters(fleet, [svc('a', { residency: { allowedRegions: ['eu-*'], mode: 'hard' } })])).toEqual(['eu-1', 'eu-2']);
    expect(usedClusters(fleet, [svc('a', { residency: { allowedRegions: ['eu-*'], mode: 'audit' } })])).toEqual(['eu-1', 'eu-2', 'us-1', 'gcp-1']);
  });

  it('a service without replicas places nothing, so it uses nothing', () => {
    expect(usedClusters(fleet, [svc('a', {}, 0), svc('b', { clusterAffinities: [{ clusterNames: ['us-1'] }] })])).toEqual(['us-1']);
  });
});
