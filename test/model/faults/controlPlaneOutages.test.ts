import { describe, expect, it } from 'vitest';
import { world } from '../runtime/fixture.js';
import { generateFaultSchedule } from '../../../src/model/faults/schedule.js';

/** Three managed tiers: a replicated EKS control plane, a single-replica GKE zonal and AKS Free (no SLA). */
const scenario = (controlPlanes: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: cp-outages }
topology: { regions: [ { name: us-east-1 }, { name: europe-west1 }, { name: westeurope } ] }
clusters:
  - { name: eks, region: us-east-1, nodePools: [ { name: p, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: gke, region: europe-west1, nodePools: [ { name: p, instanceType: n2-standard-4, count: 2 } ], controlPlane: { managed: { tier: gke-zonal } } }
  - { name: aks, region: westeurope, nodePools: [ { name: p, instanceType: Standard_D4s_v5, count: 2 } ], controlPlane: { managed: { tier: aks-free } } }
workload:
  services: [ { name: api, replicas: 2, cpu: 100m, memory: 128Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions: [ { name: u, near: us-east-1, rate: 10/s, entryService: api } ]
designs: [ { name: d, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } } ]
faults:
  stochastic:
    controlPlanes: ${controlPlanes}
run: { horizon: 3650d, seed: cp }
`;
const YEAR_S = 365 * 86400;
const REPS = 400;
const YEARS = 10;

function episodesBy(yaml: string): Map<string, { startS: number; endS: number }[][]> {
  const w = world(yaml);
  const by = new Map<string, { startS: number; endS: number }[][]>();
  for (let rep = 0; rep < REPS; rep++) {
    const eps = generateFaultSchedule({ fleet: w.fleet, clusters: w.scenario.clusters, faults: w.scenario.faults, horizonS: YEARS * YEAR_S, seed: 's', replication: rep });
    for (const name of ['eks', 'gke', 'aks']) {
      const list = by.get(name) ?? [];
      list.push(eps.filter((e) => e.kind === 'controlPlane' && e.targetName === name));
      by.set(name, list);
    }
  }
  return by;
}

function meanVar(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1) };
}

describe('calibrated managed control-plane outages', () => {
  const by = episodesBy(scenario('{ calibrated: true }'));

  // Rates worked from the labelled assumption (docs/karmada.md): replicated 1 per cluster-year,
  // single replica (GKE zonal, AKS Free) 2. Over 10 years the count is Poisson with mean 10 λ (less
  // the time spent inside outages, < 0.02%, far inside the tolerance). For a Poisson count over 400
  // replications the mean's standard error is √(10λ/400) and the sample variance's is about
  // √((10λ + 2(10λ)²)/400); both are allowed 4 standard errors.
  for (const [name, perYear] of [['eks', 1], ['gke', 2], ['aks', 2]] as const) {
    it(`${name}: Poisson counts, mean = variance = ${perYear} × ${YEARS} years`, () => {
      const mu = perYear * YEARS;
      const { mean, variance } = meanVar(by.get(name)!.map((e) => e.length));
      expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(mu / REPS));
      expect(Math.abs(variance - mu)).toBeLessThan(4 * Math.sqrt((mu + 2 * mu * mu) / REPS));
    });
  }

  it('AKS Free, with no SLA, still has outages (the bug: fromSla gave it none)', () => {
    expect(by.get('aks')!.every((e) => e.length === 0)).toBe(false);
    const fromSla = episodesBy(scenario('{ fromSla: true }'));
    expect(fromSla.get('aks')!.every((e) => e.length === 0)).toBe(true);
  });

  it('durations: lognormal with median 15 min, sigma 1 on a single-replica control plane (mean 900·e^0.5 s)', () => {
    const lengths = by.get('gke')!.flat().map((e) => e.endS - e.startS);
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    // ~8 000 outages; the lognormal's sd is mean·√(e − 1) ≈ 1.31·mean: standard error ≈ 1.5%, allowed 6%.
    expect(Math.abs(mean / (900 * Math.exp(0.5)) - 1)).toBeLessThan(0.06);
    const sorted = [...lengths].sort((a, b) => a - b);
    expect(Math.abs(sorted[Math.floor(sorted.length / 2)] / 900 - 1)).toBeLessThan(0.06);
  });
});

describe('fromSla (the pessimistic bound) is unchanged', () => {
  it('EKS 99.95% with 30 min outages: about 8.8 outages per cluster-year', () => {
    const by = episodesBy(scenario('{ fromSla: true, duration: { exponential: { mean: 30m } } }'));
    // Alternating renewal: one cycle lasts m / (1 − A) = 1800 / 0.0005 s, so 8.76 outages a year.
    const { mean } = meanVar(by.get('eks')!.map((e) => e.length));
    const mu = (YEARS * YEAR_S * 0.0005) / 1800;
    expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(mu / REPS) * 1.5);
  });
});
