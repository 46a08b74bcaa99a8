import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../../src/run/context.js';
import { designFaultSchedules, simulateDesign } from '../../../src/run/pipeline.js';

const readyRatio = (yaml: string) => {
  const ctx = prepareRun(yaml, 'hpa.yaml');
  return simulateDesign(ctx, 0, designFaultSchedules(ctx, 0)[0], 0).services[0].readyRatio;
};

/**
 * Readiness is judged against what the HPA asked for: when it scales a service up, the pods it
 * added count as missing until they are Ready (replicationMetrics listens to the HPA).
 */
const scenario = (autoscaling: boolean) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: hpa-ready }
topology: { regions: [ { name: us-east-1 } ] }
clusters:
  - name: c1
    region: us-east-1
    kubernetesVersion: "1.34"
    nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 6 } ]
    controlPlane: { managed: { tier: eks-standard } }
    daemonSets: []
    kubernetes: { podStartup: 60s }
workload:
  services:
    - name: api
      replicas: 4
      cpu: 100m
      memory: 128Mi
      serviceTime: 100ms
${autoscaling ? '      autoscaling: { minReplicas: 4, maxReplicas: 40, targetCpuUtilization: 50% }' : ''}
  userRegions:
    - { name: users, near: us-east-1, rate: 20/s, entryService: api, spikes: [{ at: 1h, for: 30m, multiplier: 4 }] }
designs:
  - name: only
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
run: { horizon: 2h, seed: 7 }
`;

describe('readiness under an HPA', () => {
  it('counts the pods a scale-up asked for as missing until they are Ready (60 s here)', () => {
    const ratio = readyRatio(scenario(true));
    // The spike needs 16 pods (80/s ÷ 10/s per pod ÷ 50%): the HPA at least doubles 4 → 8 once, so at
    // least 4 of 8 pods are missing for 60 s: a deficit of ≥ 0.5 × 60 s over the 7200 s horizon.
    expect(1 - ratio).toBeGreaterThanOrEqual((0.5 * 60) / 7200 - 1e-9);
    // Not more than every scale-up's pods missing for a minute (counts up to 40, a handful of steps).
    expect(1 - ratio).toBeLessThan((4 * 60) / 7200);
    // Without an HPA, with no faults, every required pod is ready all the time.
    expect(readyRatio(scenario(false))).toBe(1);
  });
});
