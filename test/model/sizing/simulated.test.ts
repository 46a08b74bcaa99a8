import { describe, expect, it } from 'vitest';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { resolveFleet } from '../../../src/model/fleet/resolveFleet.js';
import { resolveDesigns } from '../../../src/model/placement/resolveDesigns.js';
import { runReplication } from '../../../src/model/replication/replication.js';
import { applySizing, sizeDesign } from '../../../src/model/sizing/index.js';
import type { Scenario } from '../../../src/scenario/index.js';
import { PROFILE_IN_EU, sizedScenario, twoRegions, webCallsProfile } from './fixture.js';

const HOUR_S = 3600;

/** Simulates the design with the fleet sizing found (applySizing), through us-east-1's loss at 1h for 2h. */
function simulateSized(s: Scenario) {
  const { sized, r } = simulateSizedReplication(s);
  return { sized, traffic: r.traffic! };
}

function simulateSizedReplication(s: Scenario) {
  const sized = sizeDesign(s, 0);
  const infra = applySizing(s, 0, sized);
  const own: Scenario = { ...s, clusters: infra.clusters, workload: { ...s.workload, services: infra.services } };
  const fleet = resolveFleet(own);
  const resolved = resolveDesigns(own, fleet)[0];
  const horizonS = 4 * HOUR_S;
  const faults = generateFaultSchedule({ fleet, clusters: own.clusters, faults: own.faults, horizonS, seed: own.run.seed, replication: 0 });
  const r = runReplication({ fleet, clusters: own.clusters, design: own.designs[0], resolved, faults, seed: own.run.seed, replication: 0, horizonS, warmupS: 0, scenario: own });
  return { sized, r };
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
    const services = webCallsProfile(1.5, 20);
    const placement = PROFILE_IN_EU;
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

  it('failoverNodes autoscaled: the survivor starts at the steady count and the cluster autoscaler adds the failover’s nodes', () => {
    // Divided 1:1 with failover, 20 pods per cluster at least: 3 nodes each with everything up (N+1),
    // 4 on the survivor once Karmada moves us's 20 pods to eu.
    const placement = `        replicaScheduling: { type: divided, division: weighted, weights: { eu: 1, us: 1 } }
        failover: { enabled: true }`;
    const run = (mode: string) => simulateSizedReplication(sizedScenario(twoRegions({ placement, faults, latency: '[]', sizing: `{ survive: region, failoverNodes: ${mode} }` }), 20));
    const standing = run('standing');
    const autoscaled = run('autoscaled');
    const eu = (x: ReturnType<typeof run>) => x.r.pools.find((p) => p.cluster === 'eu')!;
    const us = (x: ReturnType<typeof run>) => x.r.pools.find((p) => p.cluster === 'us')!;
    expect(standing.r.pools.map((p) => [p.peakNodes, p.nodeHours])).toEqual([
      [4, 16],
      [4, 16],
    ]);
    // Autoscaled: eu reaches the sized maximum only after the failure; us never needs more than 3.
    expect(eu(autoscaled).peakNodes).toBe(autoscaled.sized.nodePools.find((p) => p.cluster === 'eu')!.nodesAtFailover);
    expect(eu(autoscaled).peakNodes).toBe(4);
    expect(us(autoscaled)).toMatchObject({ peakNodes: 3, nodeHours: 12 });
    expect(autoscaled.r.autoscaledNodes).toBe(1);
    // Cheaper steady state (3 nodes for the first hour, the fourth from the failover on), slower failover.
    expect(eu(autoscaled).nodeHours).toBeGreaterThan(3 * 4 + 2);
    expect(eu(autoscaled).nodeHours).toBeLessThan(eu(standing).nodeHours);
    const ready = (x: ReturnType<typeof run>) => x.r.services.find((v) => v.name === 'web')!.readyRatio;
    expect(ready(autoscaled)).toBeLessThan(ready(standing));
    expect(autoscaled.r.traffic!.failedBy.shed).toBe(0);
  });
});
