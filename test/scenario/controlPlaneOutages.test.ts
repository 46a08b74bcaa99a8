import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { CONTROL_PLANE_OUTAGES_DEFAULT_MODE, controlPlaneAvailability, describeControlPlaneOutages } from '../../src/scenario/controlPlaneOutages.js';

const scenario = (controlPlanes: string) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: cp }
topology: { regions: [ { name: us-east-1 }, { name: europe-west1 }, { name: westeurope } ] }
clusters:
  - { name: eks, region: us-east-1, nodePools: [ { name: p, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: gke, region: europe-west1, nodePools: [ { name: p, instanceType: n2-standard-4, count: 2 } ], controlPlane: { managed: { tier: gke-zonal } } }
  - { name: aks, region: westeurope, nodePools: [ { name: p, instanceType: Standard_D4s_v5, count: 2 } ], controlPlane: { managed: { tier: aks-free } } }
  - name: own
    region: us-east-1
    nodePools: [ { name: p, instanceType: m6i.xlarge, count: 2 } ]
    controlPlane: { selfManaged: { etcd: { members: 3 } } }
workload:
  services: [ { name: api, replicas: 2, cpu: 100m, memory: 128Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions: [ { name: u, near: us-east-1, rate: 10/s, entryService: api } ]
designs: [ { name: d, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } } ]
faults:
  stochastic:
    controlPlanes: ${controlPlanes}
`;

function load(controlPlanes: string) {
  const r = parseScenario(scenario(controlPlanes), 'cp.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.scenario;
}

function errors(controlPlanes: string) {
  const r = parseScenario(scenario(controlPlanes), 'cp.yaml');
  return r.ok ? [] : r.errors.filter((e) => e.severity === 'error').map((e) => `${e.path}: ${e.message}`);
}

const YEAR_S = 365 * 86400;

describe('faults.stochastic.controlPlanes: modes', () => {
  it('calibrated, fromSla and perYear resolve to their kinds; {} to the default mode', () => {
    expect(load('{ calibrated: true }').faults.stochastic.controlPlanes).toEqual({ kind: 'calibrated' });
    expect(load('{ fromSla: true }').faults.stochastic.controlPlanes?.kind).toBe('fromSla');
    expect(load('{ perYear: 2, duration: 10m }').faults.stochastic.controlPlanes).toMatchObject({ kind: 'explicit', perYear: 2 });
    expect(load('{}').faults.stochastic.controlPlanes?.kind).toBe(CONTROL_PLANE_OUTAGES_DEFAULT_MODE);
  });

  it('rejects two modes at once, perYear without a duration, and a duration on calibrated', () => {
    expect(errors('{ calibrated: true, fromSla: true }')).toEqual([expect.stringMatching(/^faults\.stochastic\.controlPlanes\.fromSla: give one of calibrated.*not calibrated and fromSla/)]);
    expect(errors('{ fromSla: true, perYear: 3, duration: 1h }')).toEqual([expect.stringMatching(/controlPlanes\.perYear: give one of .*not fromSla and perYear/)]);
    expect(errors('{ perYear: 3 }')).toEqual([expect.stringMatching(/perYear needs a duration/)]);
    expect(errors('{ calibrated: true, duration: 1h }')).toEqual([expect.stringMatching(/controlPlanes\.duration: calibrated outages have a duration per managed tier/)]);
  });
});

describe('controlPlaneAvailability: the modelled availability beside the SLA', () => {
  it('calibrated: 1 / (1 + λ·m / year) per managed cluster, SLA reported beside it; self-managed left out', () => {
    const s = load('{ calibrated: true }');
    const rows = controlPlaneAvailability(s.clusters, s.faults.stochastic.controlPlanes);
    expect(rows.map((r) => r.cluster)).toEqual(['eks', 'gke', 'aks']);
    // Lognormal mean = median · e^(σ²/2): 1200 s and 900 s medians, σ = 1.
    const replicatedMeanS = 1200 * Math.exp(0.5);
    const singleMeanS = 900 * Math.exp(0.5);
    const [eks, gke, aks] = rows;
    expect(eks.perYear).toBe(1);
    expect(eks.meanOutageS).toBeCloseTo(replicatedMeanS, 6);
    expect(eks.modelledAvailabilityRatio).toBeCloseTo(1 / (1 + replicatedMeanS / YEAR_S), 12);
    expect(eks.modelledAvailabilityRatio).toBeCloseTo(0.99993727, 8);
    expect(eks.slaAvailabilityRatio).toBe(0.9995);
    expect(gke.modelledAvailabilityRatio).toBeCloseTo(1 / (1 + (2 * singleMeanS) / YEAR_S), 12);
    expect(gke.slaAvailabilityRatio).toBe(0.995);
    // AKS Free: no SLA to compare with, but the model says it fails.
    expect(aks.slaAvailabilityRatio).toBeUndefined();
    expect(aks.perYear).toBe(2);
    expect(aks.modelledAvailabilityRatio).toBeLessThan(1);
  });

  it('fromSla: availability equals the SLA, with the rate it implies (EKS: 8.76 per year of 30 min outages); no SLA, no outages', () => {
    const s = load('{ fromSla: true, duration: { exponential: { mean: 30m } } }');
    const [eks, , aks] = controlPlaneAvailability(s.clusters, s.faults.stochastic.controlPlanes);
    expect(eks.modelledAvailabilityRatio).toBe(0.9995);
    expect(eks.perYear).toBeCloseTo((YEAR_S * 0.0005) / 1800, 9);
    expect(eks.perYear).toBeCloseTo(8.76, 2);
    expect(aks).toMatchObject({ perYear: 0, modelledAvailabilityRatio: 1, slaAvailabilityRatio: undefined });
  });

  it('explicit rate and no section at all', () => {
    const s = load('{ perYear: 2, duration: { constant: 1h } }');
    const rows = controlPlaneAvailability(s.clusters, s.faults.stochastic.controlPlanes);
    for (const r of rows) expect(r.modelledAvailabilityRatio).toBeCloseTo(1 / (1 + 7200 / YEAR_S), 12);
    expect(controlPlaneAvailability(s.clusters, undefined).every((r) => r.modelledAvailabilityRatio === 1)).toBe(true);
  });
});

describe('describeControlPlaneOutages (check\'s summary line)', () => {
  it('names each mode; calibrated has no single rate or duration to print', () => {
    expect(describeControlPlaneOutages(load('{ calibrated: true }').faults.stochastic.controlPlanes!)).toMatch(/^calibrated per managed tier/);
    expect(describeControlPlaneOutages(load('{ fromSla: true }').faults.stochastic.controlPlanes!)).toMatch(/^from SLA \(a pessimistic bound\), lasting /);
    expect(describeControlPlaneOutages(load('{ perYear: 2, duration: 10m }').faults.stochastic.controlPlanes!)).toMatch(/^2\/year, lasting /);
  });
});
