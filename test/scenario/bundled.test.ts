import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { poolPrices } from '../../src/cost/index.js';
import { formatError, loadScenario, type Scenario } from '../../src/scenario/index.js';

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

function load(name: string): Scenario {
  const r = loadScenario(DIR + name);
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'));
  return r.scenario;
}

describe('bundled scenarios', () => {
  it('include default.yaml and at least four more', () => {
    expect(FILES).toContain('default.yaml');
    expect(FILES.length).toBeGreaterThanOrEqual(5);
  });

  for (const f of FILES) {
    it(`${f} validates without errors or warnings`, () => {
      const r = loadScenario(DIR + f);
      expect(r.ok ? r.warnings.map(formatError) : r.errors.map(formatError)).toEqual([]);
    });
  }

  it('each opens with a comment stating its question', async () => {
    const { readFileSync } = await import('node:fs');
    for (const f of FILES) expect(readFileSync(DIR + f, 'utf8')).toMatch(/^# Question: /);
  });

  it('default.yaml: two regions, replicated versus segmented (services in different clusters, a mesh) versus active-active (divided replicas), each sized, every link pair present', () => {
    const s = load('default.yaml');
    expect(s.topology.regions.map((r) => r.name)).toEqual(['eu-west-1', 'us-east-1']);
    expect(s.designs.map((d) => d.name)).toEqual(['replicated', 'segmented', 'active-active']);
    expect(s.designs[0].policies.every((p) => p.replicaScheduling.type === 'duplicated')).toBe(true);
    // Segmented: every service selects exactly one cluster, not the same one for all, and calls go through a mesh.
    const only = s.designs[1].policies.map((p) => p.clusterAffinities[0].clusterNames);
    expect(only.every((c) => c !== undefined && c.length === 1)).toBe(true);
    expect(new Set(only.map((c) => c![0])).size).toBe(2);
    expect(s.designs[1].traffic.mesh).toBeDefined();
    expect(s.designs[2].policies.every((p) => p.replicaScheduling.type === 'divided')).toBe(true);
    // Each design is sized by fleetsim: the replicated and divided ones to survive a region, the segmented one a zone.
    expect(s.designs.map((d) => d.sizing?.survive.kind)).toEqual(['region', 'zone', 'region']);
    expect(s.designs.map((d) => d.sizing?.failoverNodes)).toEqual(['standing', 'standing', 'autoscaled']);
    const n = s.topology.regions.length;
    expect(s.topology.links.length).toBe((n * (n - 1)) / 2);
  });

  it('default.yaml: catalog prices, SLA and version-derived defaults (docs/references.md)', () => {
    const s = load('default.yaml');
    const eu = s.clusters.find((c) => c.name === 'eu-1')!;
    const us = s.clusters.find((c) => c.name === 'us-1')!;
    // Prices are the cost layer's: the scenario leaves catalog-priced pools to it.
    expect(eu.nodePools[0].priceSource).toBe('catalog');
    const prices = poolPrices(s);
    expect(prices.get(`eu-1/${eu.nodePools[0].name}`)?.usdPerHour).toBe(0.214); // m6i.xlarge eu-west-1, 2026-04
    expect(prices.get(`us-1/${us.nodePools[0].name}`)?.usdPerHour).toBe(0.192); // m6i.xlarge us-east-1, 2026-01
    expect(eu.nodePools[0].cpuMillicores).toBe(4000);
    expect(eu.nodePools[0].memoryBytes).toBe(16 * 2 ** 30);
    expect(eu.controlPlane).toMatchObject({ kind: 'managed', slaAvailabilityRatio: 0.9995, feeUsdPerHour: 0.1 });
    expect(eu.kubernetes.nodeMonitorGracePeriodS).toBe(50); // 1.34: after the 1.32 change
    expect(eu.kubernetes.notReadyTolerationS).toBe(300);
    expect(s.run.horizonS).toBe(365 * 86400);
    expect(s.run.slo?.availabilityRatio).toBeCloseTo(0.9995, 12);
  });

  it('gdpr-eu-us.yaml: the hard policy beats the audited data class; the replicated design only audits', () => {
    const s = load('gdpr-eu-us.yaml');
    const pinned = s.designs.find((d) => d.name === 'eu-pinned')!.policies.find((p) => p.service === 'profile')!;
    const audit = s.designs.find((d) => d.name === 'replicated-audit')!.policies.find((p) => p.service === 'profile')!;
    expect(pinned.residency).toEqual({ allowedRegions: ['eu-*'], enforcement: 'hard', source: 'policy' });
    expect(audit.residency).toEqual({ allowedRegions: ['eu-*'], enforcement: 'audit', source: 'dataClass:personal-eu' });
    expect(s.clusters[0].kubernetes.nodeMonitorGracePeriodS).toBe(50); // 1.32
  });

  it('edge-stores.yaml: anchors expand; store etcd is 3 members in the single store zone', () => {
    const s = load('edge-stores.yaml');
    const stores = s.clusters.filter((c) => c.labels.site === 'store');
    expect(stores.length).toBe(12);
    for (const c of stores) {
      expect(c.controlPlane.kind).toBe('selfManaged');
      if (c.controlPlane.kind === 'selfManaged') expect(c.controlPlane.etcd.members).toEqual([{ zone: c.zones[0], count: 3 }]);
      expect(c.nodePools[0]).toMatchObject({ cpuMillicores: 4000, count: 3, priceUsdPerHour: 0.057 });
    }
  });

  it('retail-segmented.yaml: at least 10 services and an acyclic call graph reaching every service from the entry', () => {
    const s = load('retail-segmented.yaml');
    expect(s.workload.services.length).toBeGreaterThanOrEqual(10);
    const byName = new Map(s.workload.services.map((x) => [x.name, x]));
    const seen = new Set<string>();
    const walk = (n: string) => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const c of byName.get(n)!.calls) walk(c.service);
    };
    walk(s.workload.userRegions[0].entryService);
    expect(seen.size).toBe(s.workload.services.length);
  });

  it('user RTTs: near a topology region = link RTT + access; near an outside well-known region = estimate + access', () => {
    const d = load('default.yaml');
    const europe = d.workload.userRegions.find((u) => u.name === 'europe')!;
    expect(europe.rttMsByRegion['us-east-1']).toBeCloseTo(70 + 10, 9);
    expect(europe.rttMsByRegion['eu-west-1']).toBeCloseTo(1 + 10, 9); // inter-zone + access
    const r = load('retail-segmented.yaml');
    const west = r.workload.userRegions.find((u) => u.name === 'us-west-shoppers')!;
    // Oregon to N. Virginia, ~3,700 km great circle: 2·3700·1.3/200 + 2 ≈ 50 ms, plus 10 ms access.
    expect(west.rttMsByRegion['us-east-1']).toBeGreaterThan(55);
    expect(west.rttMsByRegion['us-east-1']).toBeLessThan(65);
  });
});
