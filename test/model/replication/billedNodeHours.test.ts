import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../../src/run/context.js';
import { designFaultSchedules, simulateDesign } from '../../../src/run/pipeline.js';

/**
 * Billed node-hours follow the simulated fleet down as well as up: nodes the cluster autoscaler
 * removes stop being billed when they go (replicationMetrics' onNodeRemoved hook).
 */
const scenario = (scaleDown: boolean) => `
apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: scale-down-bill }
topology:
  regions: [{ name: eu-west-1 }]
clusters:
  - name: eu-1
    region: eu-west-1
    kubernetesVersion: "1.34"
    nodePools: [{ name: general, instanceType: m6i.xlarge, count: 6, autoscaling: { min: 2, max: 6 } }]
    controlPlane: { managed: { tier: eks-standard } }
    daemonSets: []
    autoscaler:
      decisionDelay: 5s
      nodeProvisioning: 60s
      scaleDown: { enabled: ${scaleDown}, unneededTime: 10m, utilizationThreshold: 50%, delayAfterAdd: 10m }
workload:
  services:
    - { name: web, replicas: 2, cpu: 500m, memory: 512Mi, serviceTime: 10ms }
  userRegions: [{ name: eu, near: eu-west-1, rate: 1/s, entryService: web }]
designs:
  - name: one
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
run: { horizon: 1d, replications: 1, seed: 3 }
`;

const nodeHours = (scaleDown: boolean) => {
  const ctx = prepareRun(scenario(scaleDown), 'bill.yaml');
  const r = simulateDesign(ctx, 0, designFaultSchedules(ctx, 0)[0], 0, { traffic: false });
  return r.pools.find((p) => p.pool === 'general')!.nodeHours;
};

describe('billed node-hours with cluster-autoscaler scale-down', () => {
  it('stop for the four unneeded nodes once they have been unneeded for 10 minutes (first check 10 s after start)', () => {
    // Hand: 6 nodes until 610 s, then the pool minimum of 2 for the rest of the day.
    const expected = (6 * 610 + 2 * (86_400 - 610)) / 3600;
    expect(nodeHours(true)).toBeGreaterThan(expected - (4 * 10) / 3600);
    expect(nodeHours(true)).toBeLessThan(expected + (4 * 10) / 3600);
    // Without scale-down the six nodes are billed all day.
    expect(nodeHours(false)).toBeCloseTo(6 * 24, 9);
  });
});
