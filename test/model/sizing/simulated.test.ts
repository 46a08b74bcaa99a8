import { describe, expect, it } from 'vitest';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { runReplication } from '../../../src/model/replication/replication.js';
import { applySizing, sizeDesign } from '../../../src/model/sizing/index.js';
import type { Scenario } from '../../../src/scenario/index.js';
import { sizedScenario, twoRegions } from './fixture.js';

const HOUR_S = 3600;

/** Simulates the design with the fleet sizing found (applySizing), through us-east-1's loss at 1h for 2h. */
function simulateSized(s: Scenario) {
  const sized = sizeDesign(s, 0);
  const infra = applySizing(s, 0, sized);
  const own: Scenario = { ...s, clusters: infra.clusters, workload: { ...s.workload, services: infra.services } };
  const fleet = resolveFleet(own);
  const resolved = resolveDesigns(own, fleet)[0];
  const horizonS = 4 * HOUR_S;
  const faults = generateFaultSchedule({ fleet, clusters: own.clusters, faults: own.faults, horizonS, seed: own.run.seed, replication: 0 });
  const r = runReplication({ fleet, clusters: own.clusters, design: own.designs[0], resolved, faults, seed: own.run.seed, replication: 0, horizonS, warmupS: 0, scenario: own });
  return { sized, traffic: r.traffic! };
}

// Not a closed form: a check that sizing's reading of routing and failover agrees with the
// simulator's. The fleet sized to survive a region runs at most at 1 − headroom when the simulated
// region fails, and sheds nothing; sized for no failure, the survivor runs past its headroom.
describe('the sized fleet in the simulator', () => {
  const faults = '  scripted:\n    - { at: 1h, kind: region, target: us-east-1, for: 2h }';

  it('carries the failover of the region it was sized for within its headroom', () => {
    const { sized, traffic } = simulateSized(sizedScenario(twoRegions({ faults, latency: '[]' })));
    const eu = traffic.clusters.find((c) => c.cluster === 'eu')!;
    const need = sized.needs.find((n) => n.cluster === 'eu' && n.failure === 'region us-east-1')!;
    expect(eu.peakUtilization).toBeLessThanOrEqual(0.8 + 1e-12);
    expect(eu.peakUtilization).toBeCloseTo(need.utilization, 9);
    expect(traffic.failedBy.shed).toBe(0);
  });

  it('sized for no failure, the survivor runs past its headroom when the region fails', () => {
    const { traffic } = simulateSized(sizedScenario(twoRegions({ faults, latency: '[]', sizing: '{ survive: none }' })));
    const eu = traffic.clusters.find((c) => c.cluster === 'eu')!;
    expect(eu.peakUtilization).toBeGreaterThan(0.8);
  });

  it('agrees with the simulated loads of a segmented design behind a mesh (fan-out and calls across regions)', () => {
    const services = `    - name: web
      replicas: 2
      cpu: 100m
      memory: 128Mi
      serviceTime: { exponential: { mean: 50ms } }
      concurrencyPerPod: 4
      calls: [ { service: profile, callsPerRequest: 1.5 } ]
    - name: profile
      replicas: 2
      cpu: 100m
      memory: 128Mi
      serviceTime: { exponential: { mean: 20ms } }
      concurrencyPerPod: 4`;
    const placement = `        replicaScheduling: duplicated
      services:
        profile: { clusterAffinity: { clusterNames: [eu] } }`;
    const { sized, traffic } = simulateSized(sizedScenario(twoRegions({ services, placement, mesh: true, sizing: '{ survive: none }', latency: '[]' })));
    // Utilization with the pods the design runs (duplicated web: the larger need in both clusters).
    const meanS: Record<string, number> = { web: 0.05, profile: 0.02 };
    const podsIn = (service: string, cluster: string) => sized.services.find((x) => x.service === service)!.clusters.find((c) => c.cluster === cluster)!.pods;
    for (const cluster of ['eu', 'us']) {
      const predicted = Math.max(...sized.needs.filter((n) => n.cluster === cluster).map((n) => (n.peakPerS * meanS[n.service]) / (podsIn(n.service, cluster) * 4)));
      expect(traffic.clusters.find((c) => c.cluster === cluster)!.peakUtilization).toBeCloseTo(predicted, 9);
    }
    expect(sized.needs.find((n) => n.service === 'profile')!.peakPerS).toBeCloseTo(700 * 1.5, 9);
    expect(traffic.failedBy.shed).toBe(0);
  });
});
