import { costSetup } from '../../src/cost/setup.js';
import { describe, expect, it } from 'vitest';
import { MissingPriceError, PriceCatalog } from '../../src/cost/index.js';
import { cost, fleetYaml, line, observe, world } from './fixture.js';

// Every figure below is worked out by hand from the price sheet (docs/references.md) and the observed
// quantities; the observation spans one hour, so × 730 gives the month.
const GB = 1e9;

describe('one AWS cluster, priced by hand', () => {
  const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3 }] }));
  const c = cost(w, observe(w, { c1: { nodes: 3, interZone: 1 * GB, internet: 20 * GB, logs: 1 * GB, peak: 0.4 } }));

  it('control plane: 730 h × $0.10', () => {
    expect(c.byCategory.controlPlane).toBeCloseTo(73, 9);
  });
  it('nodes: 3 nodes × 730 h × $0.192', () => {
    expect(c.byCategory.nodes).toBeCloseTo(420.48, 9);
    expect(line(c, 'pool on-demand').quantityPerMonth).toBeCloseTo(2190, 9);
  });
  it('load balancer: 730 h × $0.0225 plus 14,600 GB of responses × $0.008', () => {
    expect(c.byCategory.loadBalancers).toBeCloseTo(16.425 + 116.8, 9);
  });
  it('NAT: one gateway per zone, 3 × 730 h × $0.045', () => {
    expect(c.byCategory.nat).toBeCloseTo(98.55, 9);
  });
  it('data transfer: 730 GB across zones × $0.02; internet 14,600 GB in tiers after 100 GB free', () => {
    // 14,500 billable GB: 10,240 × 0.09 + 4,260 × 0.085 = 921.60 + 362.10
    expect(line(c, 'inter-zone').monthlyUsd).toBeCloseTo(14.6, 9);
    expect(line(c, 'aws internet egress (responses)').monthlyUsd).toBeCloseTo(1283.7, 9);
    expect(c.byCategory.dataTransfer).toBeCloseTo(14.6 + 1283.7, 9);
  });
  it('logging: 730 GB × $0.50', () => {
    expect(c.byCategory.logging).toBeCloseTo(365, 9);
  });
  it('total and cost per million requests (360,000 requests an hour → 262.8 M a month)', () => {
    const total = 73 + 420.48 + 16.425 + 116.8 + 98.55 + 14.6 + 1283.7 + 365;
    expect(c.totalUsd).toBeCloseTo(total, 9);
    expect(c.requestsPerMonth).toBeCloseTo(262.8e6, 3);
    expect(c.perMillionRequestsUsd).toBeCloseTo(total / 262.8, 9);
  });
  it('idle: unrequested node capacity, and requested capacity unused at peak', () => {
    const p = w.fleet.nodePools[0];
    // Pods request 6 × 500m = 3000m and 6 × 512 MiB = 3 GiB of three nodes' allocatable.
    const share = Math.max(3000 / (3 * p.cpuAllocatableMillicores), (3 * 2 ** 30) / (3 * p.memoryAllocatableBytes));
    expect(c.idle.unallocatedUsd).toBeCloseTo(420.48 * (1 - share), 9);
    expect(c.idle.allocatedUnusedUsd).toBeCloseTo(420.48 * share * (1 - 0.4), 9);
    expect(c.idle.unallocatedUsd + c.idle.allocatedUnusedUsd!).toBeLessThan(c.byCategory.nodes);
  });
  it('every line carries its catalog key, source and date', () => {
    for (const l of c.lines) {
      expect(l.priceKey).not.toBe('');
      expect(l.source).not.toBe('');
      expect(l.asOf).not.toBe('');
    }
  });
});

describe('purchase options', () => {
  it('spot nodes at 60% off: 3 × 730 × 0.192 × 0.4', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3, capacityType: 'spot' }] }));
    const c = cost(w, observe(w, { c1: { nodes: 3 } }));
    expect(line(c, 'pool spot').monthlyUsd).toBeCloseTo(168.192, 9);
  });
  it('commitment covers 2 nodes at 66% off, billed in full; the autoscaled rest is on demand', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3 }] }));
    // 3.5 nodes on average: 2 committed (1460 h at 0.192 × 0.34) + 1.5 on demand (1095 h at 0.192).
    const c = cost(w, observe(w, { c1: { nodes: 3.5 } }), { usage: { commitments: [{ cluster: 'c1', pool: 'pool', option: 'commit3y', nodes: 2 }] } });
    expect(line(c, 'pool commit3y (2 nodes committed)').monthlyUsd).toBeCloseTo(1460 * 0.192 * 0.34, 9);
    expect(line(c, 'pool on-demand').monthlyUsd).toBeCloseTo(1095 * 0.192, 9);
  });
  it('an unused commitment is still paid', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }] }));
    const c = cost(w, observe(w, { c1: { nodes: 1 } }), { usage: { commitments: [{ cluster: 'c1', pool: 'pool', option: 'commit3y', nodes: 2 }] } });
    expect(c.byCategory.nodes).toBeCloseTo(1460 * 0.192 * 0.34, 9);
  });
  it('a commitment the catalog does not price is an error naming the key and the fix', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }] }));
    const f = () => cost(w, observe(w, { c1: { nodes: 1 } }), { usage: { commitments: [{ cluster: 'c1', pool: 'pool', option: 'commit1y', nodes: 1 }] } });
    expect(f).toThrow(MissingPriceError);
    expect(f).toThrow(/discount\/aws\/commit1y.*pricing\.catalog/);
  });
});

describe('control planes', () => {
  it('self-managed: one m6i.large per etcd member, 3 × 730 × 0.096', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 2, controlPlane: 'selfManaged: { etcd: { members: 3 } }' }] }));
    const c = cost(w, observe(w, { c1: { nodes: 2 } }));
    expect(c.byCategory.controlPlane).toBeCloseTo(210.24, 9);
  });
  it('AKS Free costs nothing; GKE regional $73', () => {
    const w = world(
      fleetYaml({
        clusters: [
          { name: 'az', region: 'eastus', type: 'Standard_D4s_v5', nodes: 1, controlPlane: 'managed: { tier: aks-free }' },
          { name: 'g', region: 'us-central1', type: 'n2-standard-4', nodes: 1, controlPlane: 'managed: { tier: gke-regional }' },
        ],
      }),
    );
    const c = cost(w, observe(w, { az: { nodes: 1 }, g: { nodes: 1 } }));
    expect(line(c, 'aks-free fee', 'az').monthlyUsd).toBe(0);
    expect(line(c, 'gke-regional fee', 'g').monthlyUsd).toBeCloseTo(73, 9);
  });
});

describe('transfer between regions and continents', () => {
  it('GCP: inside Europe at $0.02, Europe–US at $0.08', () => {
    const eu = world(fleetYaml({ clusters: [{ name: 'a', region: 'europe-west1', type: 'n2-standard-4', nodes: 1, controlPlane: 'managed: { tier: gke-regional }' }, { name: 'b', region: 'europe-west3', type: 'n2-standard-4', nodes: 1, controlPlane: 'managed: { tier: gke-regional }' }], pricing: 'pricing: { overrides: [ { instanceType: n2-standard-4, priceUsdPerHour: 0.2 } ] }' }));
    const c1 = cost(eu, observe(eu, { a: { nodes: 1, interRegion: 1 * GB }, b: { nodes: 1 } }));
    expect(line(c1, 'inter-region', 'a').monthlyUsd).toBeCloseTo(730 * 0.02, 9);
    const tr = world(fleetYaml({ clusters: [{ name: 'a', region: 'europe-west1', type: 'n2-standard-4', nodes: 1, controlPlane: 'managed: { tier: gke-regional }' }, { name: 'b', region: 'us-central1', type: 'n2-standard-4', nodes: 1, controlPlane: 'managed: { tier: gke-regional }' }] }));
    const c2 = cost(tr, observe(tr, { a: { nodes: 1, interRegion: 1 * GB }, b: { nodes: 1 } }));
    expect(line(c2, 'inter-region (between continents)', 'a').monthlyUsd).toBeCloseTo(730 * 0.08, 9);
  });
  it('AWS bills every inter-region GB at one rate, even across the Atlantic', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'eu', region: 'eu-west-1', type: 'm6i.xlarge', nodes: 1 }, { name: 'us', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }] }));
    const c = cost(w, observe(w, { eu: { nodes: 1, interRegion: 2 * GB }, us: { nodes: 1 } }));
    expect(line(c, 'inter-region (between continents)', 'eu').monthlyUsd).toBeCloseTo(1460 * 0.02, 9);
  });
  it('Azure between continents: a stand-in, marked unsourced (0.05 from Europe, 0.16 from Brazil), that the bill says is one', () => {
    const az = (from: string, to: string) => world(fleetYaml({ clusters: [{ name: 'a', region: from, type: 'Standard_D4s_v5', nodes: 1, controlPlane: 'managed: { tier: aks-standard }' }, { name: 'b', region: to, type: 'Standard_D4s_v5', nodes: 1, controlPlane: 'managed: { tier: aks-standard }' }] }));
    const w = az('westeurope', 'eastus');
    const c = cost(w, observe(w, { a: { nodes: 1, interRegion: GB }, b: { nodes: 1 } }));
    expect(line(c, 'inter-region (between continents)', 'a').monthlyUsd).toBeCloseTo(730 * 0.05, 9);
    expect(c.notes.some((n) => n.includes('no sourced price for Azure traffic between continents from westeurope'))).toBe(true);
    const b = az('brazilsouth', 'eastus');
    expect(line(cost(b, observe(b, { a: { nodes: 1, interRegion: GB }, b: { nodes: 1 } })), 'inter-region (between continents)', 'a').monthlyUsd).toBeCloseTo(730 * 0.16, 9);
  });
  it('Azure zones are free; Azure internet egress free for 100 GB, then $0.087', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'a', region: 'eastus', type: 'Standard_D4s_v5', nodes: 1, controlPlane: 'managed: { tier: aks-standard }' }] }));
    const c = cost(w, observe(w, { a: { nodes: 1, interZone: GB, internet: GB } }));
    expect(line(c, 'inter-zone').monthlyUsd).toBe(0);
    expect(line(c, 'azure internet egress (responses)').monthlyUsd).toBeCloseTo(630 * 0.087, 9);
  });
  it('internet tiers apply to the provider total, not per cluster', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'x', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }, { name: 'y', region: 'us-east-2', type: 'm6i.xlarge', nodes: 1 }], pricing: 'pricing: { overrides: [ { instanceType: m6i.xlarge, priceUsdPerHour: 0.192 } ] }' }));
    // 2 × 10 GB/h → 14,600 GB a month in one account, priced exactly as one cluster sending it all.
    const c = cost(w, observe(w, { x: { nodes: 1, internet: 10 * GB }, y: { nodes: 1, internet: 10 * GB } }));
    expect(line(c, 'aws internet egress (responses)').monthlyUsd).toBeCloseTo(1283.7, 9);
  });
});

describe('prices and errors', () => {
  it('a scenario-wide price override (pricing.prices) replaces a catalog item', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }] }));
    const catalog = PriceCatalog.builtin().overlay({ version: 'test', items: [{ key: 'nat/aws/hour@us-east-1', unit: 'usd/hour', usd: 0.1, source: 'test', asOf: 'now' }], instanceShapes: [] });
    const c = cost(w, observe(w, { c1: { nodes: 1 } }), { catalog });
    expect(c.byCategory.nat).toBeCloseTo(3 * 730 * 0.1, 9);
  });
  it('a flat pricing.prices override replaces a tiered price (internet egress), through costSetup', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }], pricing: 'pricing: { prices: [ { key: transfer/aws/internet, usd: 0.05, source: negotiated } ] }' }));
    const { catalog } = costSetup(w.scenario);
    const c = cost(w, observe(w, { c1: { nodes: 1, internet: 10 * GB } }), { catalog });
    // 10 GB an hour for 730 hours at a flat $0.05 instead of the 0.09 → 0.05 tiers; AWS's monthly
    // 100 GB free allowance still applies: (7300 − 100) × 0.05.
    expect(line(c, 'aws internet egress (responses)').monthlyUsd).toBeCloseTo((7300 - 100) * 0.05, 9);
  });
  it('no NAT and no load balancer when the usage says so', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }] }));
    const c = cost(w, observe(w, { c1: { nodes: 1 } }), { usage: { natGatewaysPerCluster: 0, loadBalancersPerCluster: 0, logsIngested: false } });
    expect(c.byCategory.nat + c.byCategory.loadBalancers + c.byCategory.logging).toBe(0);
  });
  it('an instance with no price in the region is an error that names the pool and the fixes', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 1 }] }));
    const empty = PriceCatalog.of({ version: 'empty', items: [], instanceShapes: [] });
    const f = () => cost(w, observe(w, { c1: { nodes: 1 } }), { catalog: empty });
    expect(f).toThrow(/no price for "controlPlane\/aws\/eks-standard"/);
    const onlyCp = empty.overlay({ version: 'cp', items: [{ key: 'controlPlane/aws/eks-standard', unit: 'usd/cluster-hour', usd: 0.1, source: 't', asOf: 't' }], instanceShapes: [] });
    expect(() => cost(w, observe(w, { c1: { nodes: 1 } }), { catalog: onlyCp })).toThrow(/no price for "instance\/aws\/m6i.xlarge" in region us-east-1 \(needed for node pool c1\/pool\).*priceUsdPerHour on the node pool/);
  });
  it('without a traffic model only fixed costs are priced, with a note', () => {
    const w = world(fleetYaml({ clusters: [{ name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 2 }] }));
    const c = cost(w, { horizonS: 7200, warmupS: 3600, pools: [{ cluster: 'c1', pool: 'pool', nodeHours: 2 }] });
    expect(c.byCategory.nodes).toBeCloseTo(2 * 730 * 0.192, 9);
    expect(c.byCategory.dataTransfer).toBe(0);
    expect(c.perMillionRequestsUsd).toBeNull();
    expect(c.idle.allocatedUnusedUsd).toBeNull();
    expect(c.notes.join(' ')).toMatch(/no traffic model/);
  });
});

describe('a design pays for the clusters it uses, and only those', () => {
  // Two clusters of the same price sheet; one design pinned to c1, one duplicated on both. The
  // simulated fleet has nodes in both clusters whichever design runs (faults are common to all).
  const w = world(
    fleetYaml({
      clusters: [
        { name: 'c1', region: 'us-east-1', type: 'm6i.xlarge', nodes: 3 },
        { name: 'c2', region: 'eu-west-1', type: 'm6i.xlarge', nodes: 2 },
      ],
      pricing: 'pricing: { overrides: [ { instanceType: m6i.xlarge, priceUsdPerHour: 0.192 } ] }',
      designs: `  - name: c1-only
    placement: { default: { clusterAffinity: { clusterNames: [c1] }, replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }
  - name: both
    placement: { default: { replicaScheduling: duplicated } }
    traffic: { ingress: { dns: {} } }`,
    }),
  );
  const noLogs = { logsIngested: false };

  it('the design records which clusters it uses', () => {
    expect(w.designs.map((d) => d.usedClusters)).toEqual([['c1'], ['c1', 'c2']]);
  });

  it('one of two clusters: control plane, nodes, LB and NAT are c1’s alone, by hand', () => {
    // c2's nodes ran (2 node-hours an hour) but no pod of this design can run there: not billed.
    const c = cost(w, observe(w, { c1: { nodes: 3, internet: 1 * GB }, c2: { nodes: 2 } }), { design: 0, usage: noLogs });
    expect(c.clusters).toEqual(['c1']);
    expect(c.lines.filter((l) => l.cluster === 'c2')).toEqual([]);
    expect(c.byCategory.controlPlane).toBeCloseTo(730 * 0.1, 9); // 73
    expect(c.byCategory.nodes).toBeCloseTo(3 * 730 * 0.192, 9); // 420.48
    expect(c.byCategory.loadBalancers).toBeCloseTo(730 * 0.0225 + 730 * 0.008, 9); // 16.425 + 5.84
    expect(c.byCategory.nat).toBeCloseTo(3 * 730 * 0.045, 9); // 98.55
    // 730 GB of responses, the first 100 GB free, then $0.09.
    expect(c.byCategory.dataTransfer).toBeCloseTo((730 - 100) * 0.09, 9);
    expect(c.totalUsd).toBeCloseTo(73 + 420.48 + 16.425 + 5.84 + 98.55 + 56.7, 9);
    // Idle capacity is c1's: the pods of c1 against c1's three nodes, never c2's two.
    const p = w.fleet.nodePools[0];
    const share = Math.max(3000 / (3 * p.cpuAllocatableMillicores), (3 * 2 ** 30) / (3 * p.memoryAllocatableBytes));
    expect(c.idle.unallocatedUsd).toBeCloseTo(420.48 * (1 - share), 9);
  });

  it('both clusters: pays both, by hand', () => {
    const c = cost(w, observe(w, { c1: { nodes: 3, internet: 1 * GB }, c2: { nodes: 2, internet: 1 * GB } }), { design: 1, usage: noLogs });
    expect(c.clusters).toEqual(['c1', 'c2']);
    expect(c.byCategory.controlPlane).toBeCloseTo(2 * 73, 9);
    expect(c.byCategory.nodes).toBeCloseTo((3 + 2) * 730 * 0.192, 9); // 420.48 + 280.32
    expect(c.byCategory.loadBalancers).toBeCloseTo(2 * 730 * 0.0225 + 1460 * 0.008, 9);
    expect(c.byCategory.nat).toBeCloseTo(2 * 3 * 730 * 0.045, 9);
    // One AWS account: 1,460 GB of responses in one tier, 100 GB free.
    expect(c.byCategory.dataTransfer).toBeCloseTo((1460 - 100) * 0.09, 9);
    expect(c.totalUsd).toBeCloseTo(146 + 700.8 + 32.85 + 11.68 + 197.1 + 122.4, 9);
  });

  it('the difference between the two bills is exactly c2’s fixed and node lines plus its traffic', () => {
    const obs = observe(w, { c1: { nodes: 3 }, c2: { nodes: 2 } });
    const one = cost(w, obs, { design: 0, usage: noLogs });
    const two = cost(w, obs, { design: 1, usage: noLogs });
    expect(two.totalUsd - one.totalUsd).toBeCloseTo(73 + 2 * 730 * 0.192 + 730 * 0.0225 + 3 * 730 * 0.045, 9);
  });
});
