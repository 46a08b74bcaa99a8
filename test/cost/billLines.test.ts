import { describe, expect, it } from 'vitest';
import type { CostObservation } from '../../src/cost/index.js';
import { dnsQueriesPerMonth } from '../../src/cost/extras.js';
import { cost, fleetYaml, line, observe, world } from './fixture.js';

// Every bill line of issue 14 worked by hand on a small fleet. Every price is written in the
// scenario (pricing.prices, pricing.overrides), so the figures do not move with catalog updates.
// Observations span one hour: × 730 gives the month.
const GB = 1e9;

const PRICING = `pricing:
  overrides: [ { instanceType: m6i.xlarge, priceUsdPerHour: 0.2 } ]
  prices:
    - { key: controlPlane/aws/eks-standard, usd: 0.1 }
    - { key: loadBalancer/aws/hour, usd: 0.025 }
    - { key: loadBalancer/aws/gb, usd: 0.01 }
    - { key: nat/aws/hour, usd: 0.05 }
    - { key: transfer/aws/interZone, usd: 0.02 }
    - { key: transfer/aws/interRegion, usd: 0.02 }
    - { key: transfer/aws/interRegion@ap-northeast-1, usd: 0.09 }
    - { key: transfer/aws/internet, usd: 0.09 }
    - { key: transfer/aws/internet@ap-northeast-1, usd: 0.12 }
    - { key: logs/aws/gb, usd: 0.5 }
    - { key: healthCheck/aws/endpoint, usd: 0.5 }
    - { key: healthCheck/aws/fastInterval, usd: 1 }
    - { key: dns/aws/zone, usd: 0.5 }
    - { key: dns/aws/query, usd: 0.7 }
    - { key: monitoring/aws/metric, usd: 0.3 }`;

const CLUSTERS = [
  { name: 'us', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3 },
  { name: 'tokyo', region: 'ap-northeast-1', type: 'm6i.xlarge', nodes: 2 },
];

const DESIGNS = `  - name: us-only
    placement: { default: { clusterAffinity: { clusterNames: [us] }, replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { healthCheckInterval: 10s, ttl: 60s } } }
  - name: both-meshed
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: { ttl: 60s } }, mesh: { localityOrder: [zone, region, any] } }`;

const w = world(fleetYaml({ clusters: CLUSTERS, pricing: PRICING, designs: DESIGNS }));
const noFixed = { logsIngested: false, natGatewaysPerCluster: 0, loadBalancersPerCluster: 0 } as const;

/** The fixture's observation with cross-cluster bytes per cluster added. */
function withCrossCluster(obs: CostObservation, bytes: Record<string, number>): CostObservation {
  const t = obs.traffic!;
  return { ...obs, traffic: { ...t, bytes: { byCluster: t.bytes.byCluster.map((b) => ({ ...b, crossClusterBytes: bytes[b.cluster] ?? 0 })) } } };
}

describe('a design that uses one of two clusters', () => {
  it('its node cost is that cluster’s alone: 3 nodes × 730 h × $0.20', () => {
    const c = cost(w, observe(w, { us: { nodes: 3 }, tokyo: { nodes: 2 } }), { design: 0, usage: noFixed });
    expect(c.clusters).toEqual(['us']);
    expect(c.byCategory.nodes).toBeCloseTo(438, 9);
    expect(c.byCategory.controlPlane).toBeCloseTo(73, 9);
    expect(c.totalUsd).toBeCloseTo(438 + 73, 9);
  });
});

describe('data transfer by source region', () => {
  const obs = observe(w, { us: { nodes: 3, interZone: GB, interRegion: 2 * GB, internet: 10 * GB }, tokyo: { nodes: 2, interRegion: GB, internet: 5 * GB } });
  const c = cost(w, obs, { design: 1, usage: noFixed });

  it('inter-zone both ways: 730 GB × ($0.01 out + $0.01 in)', () => {
    expect(line(c, 'inter-zone', 'us').monthlyUsd).toBeCloseTo(730 * (0.01 + 0.01), 9);
  });
  it('inter-region priced at the source: 1,460 GB from us-east-1 × $0.02; 730 GB from Tokyo × $0.09', () => {
    expect(line(c, 'inter-region (between continents)', 'us').monthlyUsd).toBeCloseTo(1460 * 0.02, 9);
    const tokyo = line(c, 'inter-region (between continents)', 'tokyo');
    expect(tokyo.monthlyUsd).toBeCloseTo(730 * 0.09, 9);
    expect(tokyo.priceKey).toBe('transfer/aws/interRegion@ap-northeast-1');
  });
  it('internet egress by source region: one account’s 100 GB free allowance shared, each region at its rate', () => {
    // 7,300 GB from us-east-1 and 3,650 GB from Tokyo: 10,950 GB, 10,850 billable after 100 GB free.
    const us = line(c, 'aws internet egress (responses) from us-east-1');
    const tokyo = line(c, 'aws internet egress (responses) from ap-northeast-1');
    expect(us.quantityPerMonth).toBeCloseTo(7300, 9);
    expect(us.monthlyUsd).toBeCloseTo((10850 * 0.09 * 7300) / 10950, 9);
    expect(tokyo.monthlyUsd).toBeCloseTo((10850 * 0.12 * 3650) / 10950, 9);
  });
  it('one line, as before, when every region pays the same', () => {
    const one = cost(w, obs, { design: 0, usage: noFixed });
    expect(line(one, 'aws internet egress (responses)').monthlyUsd).toBeCloseTo((7300 - 100) * 0.09, 9);
  });
});

describe('per-cluster fixed costs (health checks and east-west gateways on by default, the rest when pricing.usage asks)', () => {
  const obs = observe(w, { us: { nodes: 3 }, tokyo: { nodes: 2 } });

  it('none of them is billed unless pricing.usage asks', () => {
    const c = cost(w, obs, { design: 1, usage: noFixed });
    expect(c.totalUsd).toBeCloseTo(2 * 73 + 5 * 730 * 0.2, 9);
  });
  it('GSLB health checks: one per used cluster at $0.50, plus $1.00 for a 10 s interval', () => {
    const fast = cost(w, obs, { design: 0, usage: { ...noFixed, gslbHealthChecks: true } });
    expect(line(fast, 'GSLB health check', 'us').monthlyUsd).toBe(0.5);
    expect(line(fast, 'GSLB health check, fast interval', 'us').monthlyUsd).toBe(1);
    expect(fast.byCategory.loadBalancers).toBeCloseTo(1.5, 9);
    const standard = cost(w, obs, { design: 1, usage: { ...noFixed, gslbHealthChecks: true } });
    expect(standard.byCategory.loadBalancers).toBeCloseTo(2 * 0.5, 9);
  });
  it('DNS: 1,000 resolvers × one query per 60 s TTL = 43.8 M queries × $0.70/M, plus a $0.50 zone', () => {
    const c = cost(w, obs, { design: 0, usage: { ...noFixed, dnsResolvers: 1000 } });
    expect(line(c, 'aws DNS queries (1000 resolvers, TTL 60 s)').quantityPerMonth).toBeCloseTo(43.8, 9);
    expect(c.byCategory.loadBalancers).toBeCloseTo(43.8 * 0.7 + 0.5, 9);
  });
  it('DNS queries never exceed requests: 360,000 requests an hour cap a million resolvers at 262.8 M', () => {
    expect(dnsQueriesPerMonth(1e6, 60, 262.8e6)).toBe(262.8e6);
    expect(dnsQueriesPerMonth(1000, 60, null)).toBeCloseTo(43.8e6, 3);
    expect(() => dnsQueriesPerMonth(1, 0, null)).toThrow(/TTL/);
  });
  it('monitoring: (10 per node × 3 nodes + 20 per cluster) × $0.30; control-plane logs 5 GB × $0.50', () => {
    const c = cost(w, obs, { design: 0, usage: { ...noFixed, metricsPerNode: 10, metricsPerCluster: 20, controlPlaneLogGbPerClusterMonth: 5 } });
    expect(line(c, 'monitoring metrics', 'us').monthlyUsd).toBeCloseTo(50 * 0.3, 9);
    expect(line(c, 'control-plane and audit logs', 'us').monthlyUsd).toBeCloseTo(2.5, 9);
    expect(c.byCategory.logging).toBeCloseTo(17.5, 9);
  });
  it('metrics follow the autoscaled fleet: 3.5 nodes on average bill 35 per-node metrics', () => {
    const c = cost(w, observe(w, { us: { nodes: 3.5 }, tokyo: { nodes: 2 } }), { design: 0, usage: { ...noFixed, metricsPerNode: 10 } });
    expect(line(c, 'monitoring metrics', 'us').quantityPerMonth).toBeCloseTo(35, 9);
  });
  it('east-west gateways of a mesh: one more LB per cluster, cross-cluster GB at the LB’s per-GB price', () => {
    const c = cost(w, withCrossCluster(obs, { us: 0.5 * GB, tokyo: 0.25 * GB }), { design: 1, usage: { ...noFixed, eastWestGateways: true } });
    expect(line(c, 'east-west gateway (hourly)', 'us').monthlyUsd).toBeCloseTo(730 * 0.025, 9);
    expect(line(c, 'east-west gateway processed (cross-cluster calls)', 'us').monthlyUsd).toBeCloseTo(365 * 0.01, 9);
    expect(line(c, 'east-west gateway processed (cross-cluster calls)', 'tokyo').monthlyUsd).toBeCloseTo(182.5 * 0.01, 9);
    expect(c.byCategory.loadBalancers).toBeCloseTo(2 * 18.25 + 3.65 + 1.825, 9);
    // A design without a mesh, or on one cluster, has no gateway.
    expect(cost(w, obs, { design: 0, usage: { ...noFixed, eastWestGateways: true } }).byCategory.loadBalancers).toBe(0);
  });
  it('east-west gateways without measured cross-cluster bytes count the inter-region ones, and say so', () => {
    const c = cost(w, observe(w, { us: { nodes: 3, interRegion: GB }, tokyo: { nodes: 2 } }), { design: 1, usage: { ...noFixed, eastWestGateways: true } });
    expect(line(c, 'east-west gateway processed (cross-cluster calls)', 'us').quantityPerMonth).toBeCloseTo(730, 9);
    expect(c.notes.join(' ')).toMatch(/only inter-region calls are counted/);
  });
});

describe('the per-cluster extras a design always has are billed by default', () => {
  const obs = observe(w, { us: { nodes: 3 }, tokyo: { nodes: 2 } });
  it('a DNS design pays a health check per cluster it uses; a mesh design on two clusters an east-west gateway per cluster', async () => {
    const { costSetup, monthlyCost } = await import('../../src/cost/index.js');
    const setup = costSetup(w.scenario);
    expect(setup.usage.gslbHealthChecks).toBe(true);
    expect(setup.usage.eastWestGateways).toBe(true);
    const bill = (design: number) => monthlyCost({ scenario: w.scenario, fleet: w.fleet, resolved: w.designs[design], observation: obs, catalog: setup.catalog, usage: setup.usage });
    const mesh = bill(1);
    expect(mesh.lines.filter((l) => l.item === 'east-west gateway (hourly)').map((l) => l.cluster)).toEqual(['us', 'tokyo']);
    expect(mesh.lines.filter((l) => l.item === 'GSLB health check').length).toBe(2);
    expect(bill(0).lines.some((l) => l.item.startsWith('east-west gateway'))).toBe(false);
  });
});

describe('the new usage keys and catalog kinds are accepted where users write them', () => {
  it('pricing.usage in a scenario file turns a line on', () => {
    const v = world(fleetYaml({ clusters: [CLUSTERS[0]], pricing: `${PRICING}\n  usage: { gslbHealthChecks: true, metricsPerNode: 4, natGatewaysPerCluster: 0, loadBalancersPerCluster: 0, logsIngested: false }` }));
    const c = cost(v, observe(v, { us: { nodes: 3 } }));
    expect(line(c, 'GSLB health check', 'us').monthlyUsd).toBe(0.5);
    expect(line(c, 'monitoring metrics', 'us').monthlyUsd).toBeCloseTo(12 * 0.3, 9);
  });
  it('a catalog file may price health checks, DNS and metrics per month and per million', async () => {
    const { parseCatalog } = await import('../../src/cost/index.js');
    const r = parseCatalog(
      `apiVersion: fleetsim/prices/v1
version: t
items:
  - { key: healthCheck/gcp/endpoint, unit: usd/month, usd: 0.4, source: s, asOf: 2026 }
  - { key: dns/aws/query@eu-west-1, unit: usd/million, usd: 0.4, source: s, asOf: 2026 }
  - { key: monitoring/azure/metric, unit: usd/month, usd: 0.25, source: s, asOf: 2026 }
`,
      'prices.yaml',
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.catalog.find('dns/aws/query', 'eu-west-1')?.usd).toBe(0.4);
  });
});

describe('idle capacity counts DaemonSets as allocated', () => {
  it('unallocated = node cost × (1 − (pods + agents) ÷ kubelet allocatable), by hand', () => {
    // One m6i.xlarge node at $0.20: kubelet allocatable 3,920m (GKE scale: 80m reserved). Agents
    // request 880m; the design's 6 pods × 500m = 3,000m fit in the 3,040m left. CPU binds.
    const v = world(fleetYaml({ clusters: [{ name: 'us', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1, daemonSets: '[ { name: agents, cpu: 880m, memory: 64Mi } ]' }], pricing: PRICING }));
    const pool = v.fleet.nodePools[0];
    expect(pool.cpuAllocatableMillicores).toBe(3920 - 880);
    expect(v.designs[0].placement.services[0].placed[0]).toBe(6);
    const c = cost(v, observe(v, { us: { nodes: 1 } }), { usage: noFixed });
    const nodeUsd = 730 * 0.2;
    expect(c.idle.unallocatedUsd).toBeCloseTo(nodeUsd * (1 - (3000 + 880) / 3920), 9);
  });
});
