import { describe, expect, it } from 'vitest';
import { world } from '../runtime/fixture.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';
import { noRareOutageProbability, rareOutagesPerReplication } from '../../../src/model/faults/rareOutages.js';

const scenario = (faults: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: rare }
topology: { regions: [ { name: us-east-1 }, { name: europe-west1 } ] }
clusters:
  - { name: a, region: us-east-1, nodePools: [ { name: p, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: b, region: europe-west1, nodePools: [ { name: p, instanceType: n2-standard-4, count: 2 } ], controlPlane: { managed: { tier: gke-zonal } } }
workload:
  services: [ { name: api, replicas: 2, cpu: 100m, memory: 128Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions: [ { name: u, near: us-east-1, rate: 10/s, entryService: api } ]
designs: [ { name: d, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } } ]
faults:
${faults}
run: { horizon: 365d, seed: rare }
`;
const YEAR_S = 365 * 86400;
const REGIONS = '  stochastic:\n    regions: { perYear: 0.05, duration: { lognormal: { median: 2h, p99: 12h } } }';

describe('rare region outages', () => {
  const w = world(scenario(`${REGIONS}\n    nodes: { mtbf: { exponential: { mean: 30d } }, mttr: { exponential: { mean: 1h } } }`));
  const schedule = (replication: number, rareStratum = false) =>
    generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: YEAR_S, seed: 's', replication, ...(rareStratum ? { rareStratum } : {}) });
  const regionOutages = (replication: number, rareStratum = false) => schedule(replication, rareStratum).filter((e) => e.kind === 'region');
  // Two regions at 0.05 a year, over a year.
  const LAMBDA = 0.1;

  it('are rare when a replication expects at most one', () => {
    const regions = w.scenario.faults.stochastic.regions;
    expect(rareOutagesPerReplication(regions, 2, YEAR_S)).toBeCloseTo(LAMBDA, 12);
    expect(rareOutagesPerReplication(regions, 2, 10 * YEAR_S)).toBeCloseTo(1, 12);
    expect(rareOutagesPerReplication(regions, 2, 11 * YEAR_S)).toBeUndefined();
    expect(rareOutagesPerReplication(undefined, 2, YEAR_S)).toBeUndefined();
    expect(rareOutagesPerReplication({ ...regions!, perYear: 0 }, 2, YEAR_S)).toBeUndefined();
    expect(noRareOutageProbability(LAMBDA)).toBeCloseTo(0.904837, 6);
  });

  it('the plain generator has none with probability exp(−Λ), the stratum weight', () => {
    const n = 10_000;
    let none = 0;
    for (let r = 0; r < n; r++) if (regionOutages(r).length === 0) none++;
    const p = Math.exp(-LAMBDA);
    expect(Math.abs(none / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('a rare-stratum replication has at least one, distributed as the plain ones that have one', () => {
    const n = 4000;
    let one = 0;
    let firstS = 0;
    const byRegion = new Map<string, number>();
    for (let j = 0; j < n; j++) {
      const eps = regionOutages(j, true);
      expect(eps.length).toBeGreaterThan(0);
      if (eps.length === 1) one++;
      firstS += eps[0].startS;
      byRegion.set(eps[0].targetName, (byRegion.get(eps[0].targetName) ?? 0) + 1);
    }
    // P(K = 1 | K ≥ 1) = Λe^{−Λ} / (1 − e^{−Λ}) ≈ 0.9508.
    const p1 = (LAMBDA * Math.exp(-LAMBDA)) / (1 - Math.exp(-LAMBDA));
    expect(Math.abs(one / n - p1)).toBeLessThan(4 * Math.sqrt((p1 * (1 - p1)) / n));
    // The first start: exponential at rate Λ per horizon, truncated to the horizon (mean 1/a − T e^{−aT}/(1 − e^{−aT})).
    const a = LAMBDA / YEAR_S;
    const mean = 1 / a - (YEAR_S * Math.exp(-a * YEAR_S)) / (1 - Math.exp(-a * YEAR_S));
    const sd = YEAR_S / Math.sqrt(12); // near-uniform: within a few percent of the truncated exponential's
    expect(Math.abs(firstS / n - mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
    // Either region first, equally often.
    expect(Math.abs((byRegion.get('us-east-1') ?? 0) / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
  });

  it('conditioning changes only the region outages: every other fault is drawn from the same streams', () => {
    for (const r of [0, 1, 2]) {
      const plain = schedule(r).filter((e) => e.kind !== 'region').map(({ id: _id, ...e }) => e);
      const rare = schedule(r, true).filter((e) => e.kind !== 'region').map(({ id: _id, ...e }) => e);
      expect(plain.length).toBeGreaterThan(0);
      expect(rare).toEqual(plain);
    }
  });
});
