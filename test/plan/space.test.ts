import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyKnobs, parsePlan } from '../../src/plan/index.js';
import { parsePath, setAt } from '../../src/plan/paths.js';
import { parseScenario } from '../../src/scenario/index.js';

const doc = {
  clusters: [
    { name: 'eu-1', region: 'eu-west-1', nodePools: [{ name: 'general', count: 3 }, { name: 'big', count: 1 }] },
    { name: 'us-1', region: 'us-east-1', nodePools: [{ name: 'general', count: 3 }] },
  ],
  designs: [{ name: 'seg', placement: { default: { replicaScheduling: { type: 'divided', division: 'weighted', weights: { 'eu-1': 2, 'us-1': 1 } }, clusterAffinity: { clusterNames: ['eu-1', 'us-1'] } } } }],
  run: { slo: { availability: '99%' } },
};
const slo = { availabilityRatio: 0.99, latency: [] };

describe('knob paths', () => {
  it('select list items by name, by index and all at once', () => {
    const d = structuredClone(doc);
    setAt(d, parsePath('clusters[*].nodePools[general].count')!, 5);
    setAt(d, parsePath('clusters[0].nodePools[big].count')!, 2);
    expect(d.clusters.map((c) => c.nodePools.map((p) => p.count))).toEqual([[5, 2], [5]]);
  });
  it('reject malformed paths', () => {
    expect(parsePath('clusters[eu-1]..count')).toBeUndefined();
    expect(parsePath('clusters[eu-1].nodePools[general].count')).toHaveLength(3);
  });
});

describe('clusters per region', () => {
  it('copies the template and lists the copies wherever a design names it', () => {
    const r = parsePlan({ knobs: [{ clustersPerRegion: { template: 'eu-1' }, values: [1, 3] }] }, doc, { designs: ['seg'], slo });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const out = parse(applyKnobs(doc, r.spec, [3]));
    expect(out.clusters.map((c: { name: string }) => c.name)).toEqual(['eu-1', 'eu-1-2', 'eu-1-3', 'us-1']);
    const p = out.designs[0].placement.default;
    expect(p.replicaScheduling.weights).toEqual({ 'eu-1': 2, 'us-1': 1, 'eu-1-2': 2, 'eu-1-3': 2 });
    expect(p.clusterAffinity.clusterNames).toEqual(['eu-1', 'us-1', 'eu-1-2', 'eu-1-3']);
    expect(out.plan).toBeUndefined();
  });
  it('produces a scenario that validates, with one more cluster per step', () => {
    const text = `apiVersion: fleetsim/v1
kind: Scenario
metadata: { name: cpr }
topology: { regions: [ { name: us-east-1 } ] }
clusters:
  - { name: c1, region: us-east-1, nodePools: [ { name: pool, instanceType: m6i.xlarge, count: 2 } ], controlPlane: { managed: { tier: eks-standard } } }
workload:
  services: [ { name: api, replicas: 2, cpu: 500m, memory: 256Mi, serviceTime: 10ms } ]
  userRegions: [ { name: u, near: us-east-1, rate: 10/s, entryService: api } ]
designs:
  - { name: d, placement: { default: { replicaScheduling: duplicated } }, traffic: { ingress: { dns: {} } } }
run: { slo: { availability: 99% } }
`;
    const base = parse(text);
    const r = parsePlan({ knobs: [{ clustersPerRegion: { template: 'c1' }, values: [1, 2, 3] }] }, base, { designs: ['d'], slo });
    if (!r.ok) throw new Error('plan');
    const counts = [1, 2, 3].map((n) => {
      const s = parseScenario(applyKnobs(base, r.spec, [n]), 'v.yaml');
      if (!s.ok) throw new Error(s.errors.map((e) => e.message).join('; '));
      return s.scenario.clusters.length;
    });
    expect(counts).toEqual([1, 2, 3]);
  });
});
