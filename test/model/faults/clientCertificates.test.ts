import { describe, expect, it } from 'vitest';
import { designFaultSchedules, prepareScenario } from '../../../src/run/pipeline.js';

/**
 * faults.certificates.client: each cluster's mesh client certificate expires on its own stream,
 * for the designs whose calls cross clusters (a mesh), and never for the others; the serving
 * certificates' expiries are the same with or without it (their stream is untouched).
 */
const yaml = (client: boolean) => `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: client-certs }
topology: { regions: [ { name: eu-west-1 }, { name: us-east-1 } ] }
clusters:
  - { name: eu, region: eu-west-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
  - { name: us, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services: [ { name: web, replicas: 2, cpu: 100m, memory: 64Mi, serviceTime: { exponential: { mean: 10ms } } } ]
  userRegions: [ { name: u, near: eu-west-1, rate: 1/s, entryService: web } ]
designs:
  - { name: meshed, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} }, mesh: {} } }
  - { name: local, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } }
faults:
  certificates: { lifetime: 10d, renewBefore: 2d, retry: 1d, renewalFailure: 60%, fixTime: 2h, client: ${client} }
run: { horizon: 3650d, seed: certs }
`;

describe('mesh client certificates', () => {
  const withClient = prepareScenario(yaml(true), 'c.yaml');
  const without = prepareScenario(yaml(false), 'c.yaml');
  const certs = (p: typeof withClient, design: number) => designFaultSchedules(p, 0)[design].filter((e) => e.kind === 'certificate');

  it('expire only for the design with a mesh, with client scope, beside unchanged serving certificates', () => {
    const meshed = certs(withClient, 0);
    const client = meshed.filter((e) => e.impairment?.scope === 'client');
    // p^k = 0.6² = 0.36 of ~365 renewals per cluster: many expiries; both clusters have some.
    expect(new Set(client.map((e) => e.targetName))).toEqual(new Set(['eu (mesh client)', 'us (mesh client)']));
    expect(client.every((e) => e.endS - e.startS === 7200)).toBe(true);
    const serving = (xs: typeof meshed) => xs.filter((e) => e.impairment?.scope === 'ingress').map((e) => [e.targetName, e.startS, e.endS]);
    expect(serving(meshed)).toEqual(serving(certs(without, 0)));
    expect(certs(withClient, 1).some((e) => e.impairment?.scope === 'client')).toBe(false);
    expect(certs(without, 0).some((e) => e.impairment?.scope === 'client')).toBe(false);
  });
});
