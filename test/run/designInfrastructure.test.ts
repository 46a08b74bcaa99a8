import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../src/run/context.js';
import { costDesign, designFaultSchedules, replicate, simulateDesign } from '../../src/run/pipeline.js';

/**
 * A design that overrides the infrastructure runs, fails and is billed on its own fleet; the
 * others are untouched; faults stay paired node by node (common random numbers).
 */
const TEXT = `
apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: own-infra }
topology:
  regions: [{ name: eu-west-1 }, { name: us-east-1 }]
clusters:
  - name: eu-1
    region: eu-west-1
    kubernetesVersion: "1.34"
    nodePools: [{ name: general, instanceType: m6i.xlarge, count: 3 }]
    controlPlane: { managed: { tier: eks-standard } }
  - name: us-1
    region: us-east-1
    kubernetesVersion: "1.34"
    nodePools: [{ name: general, instanceType: m6i.xlarge, count: 3 }]
    controlPlane: { managed: { tier: eks-standard } }
workload:
  services:
    - { name: web, replicas: 4, cpu: 500m, memory: 512Mi, serviceTime: 10ms, concurrencyPerPod: 4 }
  userRegions: [{ name: eu, near: eu-west-1, rate: 50/s, entryService: web }]
designs:
  - name: as-written
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
  - name: bigger-eu
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
    overrides:
      clusters:
        - name: eu-1
          kubernetesVersion: "1.28"
          nodePools: [{ name: general, count: 6, instanceType: m6i.2xlarge }]
      services: [{ name: web, replicas: 8 }]
faults:
  stochastic:
    nodes: { mtbf: { exponential: { mean: 20d } }, mttr: 1h }
run: { horizon: 30d, replications: 1, seed: 7 }
`;

describe('a design with its own infrastructure', () => {
  const ctx = prepareRun(TEXT, 'own-infra.yaml');

  it('gets its own fleet and services; a design without overrides keeps the scenario’s objects', () => {
    expect(ctx.views[0].fleet).toBe(ctx.fleet);
    expect(ctx.views[0].scenario).toBe(ctx.scenario);
    const own = ctx.views[1];
    expect(own.fleet).not.toBe(ctx.fleet);
    const eu = own.scenario.clusters.find((c) => c.name === 'eu-1')!;
    expect(eu.nodePools[0]).toMatchObject({ instanceType: 'm6i.2xlarge', count: 6, cpuMillicores: 8000 });
    expect(eu.kubernetesVersion).toBe('1.28');
    // The other cluster is the scenario's as written.
    expect(own.scenario.clusters.find((c) => c.name === 'us-1')!.nodePools[0].count).toBe(3);
    expect(own.scenario.workload.services[0].replicas).toBe(8);
    expect(ctx.scenario.workload.services[0].replicas).toBe(4);
    expect(own.fleet.clusters.find((c) => c.name === 'eu-1')!.nodeCount).toBe(6);
  });

  it('fails node by node like the others: a node both fleets have fails at the same times', () => {
    const [a, b] = designFaultSchedules(ctx, 0);
    const eu = (list: typeof a) => list.filter((e) => e.kind === 'node' && e.targetName.startsWith('eu-1/'));
    const shared = (list: typeof a) => eu(list).filter((e) => Number(e.targetName.split('#')[1]) < 3).map((e) => [e.targetName, e.startS, e.endS]);
    expect(eu(a).length).toBeGreaterThan(0);
    expect(shared(b)).toEqual(shared(a));
    // The three extra nodes fail too.
    expect(eu(b).some((e) => Number(e.targetName.split('#')[1]) >= 3)).toBe(true);
    // us-1 is the same in both.
    const us = (list: typeof a) => list.filter((e) => e.targetName.startsWith('us-1/')).map((e) => [e.targetName, e.startS]);
    expect(us(b)).toEqual(us(a));
  });

  it('is billed for its own pools, instance type and Kubernetes version', () => {
    const faults = designFaultSchedules(ctx, 0);
    const bill = (d: number) => costDesign(ctx, d, simulateDesign(ctx, d, faults[d], 0), ctx.cost);
    const a = bill(0);
    const b = bill(1);
    const nodeHours = (c: typeof a, cluster: string) => c.lines.filter((l) => l.category === 'nodes' && l.cluster === cluster).reduce((s, l) => s + l.quantityPerMonth, 0);
    const nodeUsd = (c: typeof a, cluster: string) => c.lines.filter((l) => l.category === 'nodes' && l.cluster === cluster).reduce((s, l) => s + l.monthlyUsd, 0);
    // Fixed pools: 3 and 6 nodes all month (730 h each).
    expect(nodeHours(a, 'eu-1')).toBeCloseTo(3 * 730, 6);
    expect(nodeHours(b, 'eu-1')).toBeCloseTo(6 * 730, 6);
    // m6i.2xlarge costs twice m6i.xlarge per hour in the catalog: four times the eu-1 node bill.
    expect(nodeUsd(b, 'eu-1') / nodeUsd(a, 'eu-1')).toBeCloseTo(4, 6);
    expect(nodeUsd(b, 'us-1')).toBeCloseTo(nodeUsd(a, 'us-1'), 9);
    // 1.28 is past EKS standard support: extended-support fee for eu-1 only.
    expect(b.lines.find((l) => l.category === 'controlPlane' && l.cluster === 'eu-1')!.item).toMatch(/eks-extended/);
    expect(a.lines.find((l) => l.category === 'controlPlane' && l.cluster === 'eu-1')!.item).toMatch(/eks-standard/);
  });

  it('replicates deterministically', () => {
    expect(JSON.stringify(replicate(ctx, 0, ctx.cost))).toBe(JSON.stringify(replicate(prepareRun(TEXT, 'own-infra.yaml'), 0, ctx.cost)));
  });
});
