import type { Fleet } from '../model/fleet/types.js';
import type { ResolvedDesign } from '../model/placement/resolveDesigns.js';
import type { ClusterSpec, Scenario } from '../scenario/types.js';
import type { PriceCatalog } from './catalog/catalog.js';
import type { PriceItem, PriceUnit } from './catalog/types.js';
import { eksExtendedSupport, SUPPORT_STATUS_DATE } from './catalog/eksVersions.js';
import { continentOf } from './continents.js';
import { datastoreLines, type DatastoreUsage } from './datastores.js';
import { clusterExtras, designExtras, type LineSink } from './extras.js';
import { COST_CATEGORIES, type CostCategory, type CostLine } from './lines.js';
import { BYTES_PER_GB, HOURS_PER_MONTH } from './month.js';
import { tieredUsd } from './tiers.js';
import type { CostUsage } from './usage.js';

export { HOURS_PER_MONTH } from './month.js';

export { COST_CATEGORIES, type CostCategory, type CostLine } from './lines.js';

/** What the simulation measured that the bill depends on (a ReplicationResult fits). */
export interface CostObservation {
  readonly horizonS: number;
  readonly warmupS: number;
  /** Billed node-hours per pool after warm-up (autoscaled nodes included). */
  readonly pools: readonly { readonly cluster: string; readonly pool: string; readonly nodeHours: number }[];
  /** Absent when the run had no traffic model: transfer, LB processing and logs are then 0. */
  readonly traffic?: {
    readonly requests: number;
    readonly bytes: {
      readonly byCluster: readonly {
        readonly cluster: string;
        readonly interZoneBytes: number;
        readonly interRegionBytes: number;
        readonly internetEgressBytes: number;
        /**
         * Bytes of this cluster's calls to other clusters (inside its region or not): what a mesh's
         * east-west gateways process. Absent: only the inter-region bytes are known to cross clusters.
         */
        readonly crossClusterBytes?: number;
      }[];
    };
    readonly clusters: readonly { readonly cluster: string; readonly logBytes: number; readonly peakUtilization: number }[];
  };
  /** The design's datastores (docs/state.md): replication bytes between regions and member-hours; absent without datastores. */
  readonly datastores?: readonly DatastoreUsage[];
}

export interface MonthlyCost {
  readonly design: string;
  /** The clusters billed: the ones the design can put pods on (ResolvedDesign.usedClusters), fleet order. */
  readonly clusters: readonly string[];
  readonly totalUsd: number;
  readonly byCategory: Readonly<Record<CostCategory, number>>;
  readonly lines: readonly CostLine[];
  /**
   * Part of the node cost (not added to the total): node capacity no pod requested, and capacity
   * pods requested but did not use even at their busiest (see docs/cost.md, "Idle capacity").
   */
  readonly idle: { readonly unallocatedUsd: number; readonly allocatedUnusedUsd: number | null };
  readonly requestsPerMonth: number | null;
  readonly perMillionRequestsUsd: number | null;
  readonly catalogVersion: string;
  /** What was not priced and why (on-prem clusters, missing traffic model). */
  readonly notes: readonly string[];
}

export interface CostInput {
  readonly scenario: Scenario;
  readonly fleet: Fleet;
  /** The design's placement: how much of each cluster pods request (idle capacity). */
  readonly resolved: ResolvedDesign;
  readonly observation: CostObservation;
  readonly catalog: PriceCatalog;
  readonly usage: CostUsage;
}

type CloudProvider = 'aws' | 'gcp' | 'azure';
const isCloud = (p: string): p is CloudProvider => p === 'aws' || p === 'gcp' || p === 'azure';

/**
 * The monthly bill of one design in one replication: measured quantities (node-hours, bytes, log
 * bytes, requests) scaled from the horizon after warm-up to a 730-hour month, times catalog prices.
 */
export function monthlyCost(input: CostInput): MonthlyCost {
  const { scenario, catalog, usage, observation: obs } = input;
  const spanS = obs.horizonS - obs.warmupS;
  if (!(spanS > 0)) throw new RangeError(`need a horizon longer than the warm-up, got ${obs.horizonS} s and ${obs.warmupS} s`);
  const toMonth = (HOURS_PER_MONTH * 3600) / spanS;
  const lines: CostLine[] = [];
  const notes: string[] = [];
  // A stand-in price (no source for its region) says so in the bill's notes, once.
  const noteUnsourced = (item: PriceItem) => {
    if (item.unsourced !== undefined && !notes.includes(item.unsourced)) notes.push(item.unsourced);
  };
  const price = (key: string, region: string | undefined, unit: PriceUnit, neededFor: string): PriceItem => {
    const item = catalog.get(key, region, unit, neededFor);
    noteUnsourced(item);
    return item;
  };
  const add = (l: Omit<CostLine, 'usdPerUnit'> & { usdPerUnit?: number }) =>
    lines.push({ ...l, usdPerUnit: l.usdPerUnit ?? (l.quantityPerMonth > 0 ? l.monthlyUsd / l.quantityPerMonth : 0) });
  const fromItem = (i: PriceItem) => ({ priceKey: i.key, source: i.source, asOf: i.asOf });
  const sink: LineSink = { price, add: (l) => lines.push(l) };
  const design = scenario.designs.find((d) => d.name === input.resolved.name);
  let crossClusterEstimated = false;

  const regionOf = new Map(scenario.topology.regions.map((r) => [r.name, r]));
  const nodeCostByCluster = new Map<string, number>();
  // A design pays for the clusters it can place pods on, not for every cluster of the scenario:
  // the others still exist in the simulated fleet (faults stay common to every design) but cost it nothing.
  const used = new Set(input.resolved.usedClusters);
  const billed = scenario.clusters.filter((c) => used.has(c.name));

  for (const c of billed) {
    const cloud = isCloud(c.provider);
    if (!cloud) notes.push(`cluster ${c.name} runs on ${c.provider}: only its node pools (priced in the file) are costed`);
    // ---- control plane ----
    const cp = c.controlPlane;
    if (cp.kind === 'managed') {
      const tier = billedTier(c, notes);
      const item = price(`controlPlane/${cp.provider}/${tier}`, c.region, 'usd/cluster-hour', `the ${tier} control plane of cluster ${c.name}`);
      add({ category: 'controlPlane', cluster: c.name, item: `${tier} fee`, quantityPerMonth: HOURS_PER_MONTH, quantityUnit: 'cluster-hours', monthlyUsd: HOURS_PER_MONTH * item.usd, usdPerUnit: item.usd, ...fromItem(item) });
    } else if (cloud) {
      const type = usage.selfManagedInstanceType[c.provider];
      const item = price(`instance/${c.provider}/${type}`, c.region, 'usd/node-hour', `the etcd/control-plane machines of cluster ${c.name} (pricing.usage.selfManagedInstanceType)`);
      const hours = cp.etcd.memberCount * HOURS_PER_MONTH;
      add({ category: 'controlPlane', cluster: c.name, item: `control-plane machines (${cp.etcd.memberCount} × ${type})`, quantityPerMonth: hours, quantityUnit: 'node-hours', monthlyUsd: hours * item.usd, usdPerUnit: item.usd, ...fromItem(item) });
    } else {
      notes.push(`cluster ${c.name}: self-managed control-plane machines on ${c.provider} are not priced`);
    }
    // ---- nodes ----
    let nodeUsd = 0;
    for (const pool of c.nodePools) {
      const measured = obs.pools.find((p) => p.cluster === c.name && p.pool === pool.name);
      if (measured === undefined) throw new RangeError(`no node-hours measured for pool ${c.name}/${pool.name}`);
      const hours = measured.nodeHours * toMonth;
      const base = nodePrice(c, pool.name, catalog);
      const committed = usage.commitments.filter((k) => k.cluster === c.name && k.pool === pool.name);
      let covered = 0;
      for (const k of committed) {
        const d = price(`discount/${c.provider}/${k.option}`, c.region, 'discount-ratio', `the ${k.option} commitment on ${c.name}/${pool.name}`);
        const h = k.nodes * HOURS_PER_MONTH;
        const unit = base.usd * (1 - d.usd);
        add({ category: 'nodes', cluster: c.name, item: `${pool.name} ${k.option} (${k.nodes} nodes committed)`, quantityPerMonth: h, quantityUnit: 'node-hours', monthlyUsd: h * unit, usdPerUnit: unit, priceKey: `${base.priceKey} − ${d.key}`, source: `${base.source}; ${d.source}`, asOf: d.asOf });
        nodeUsd += h * unit;
        covered += h;
      }
      const rest = Math.max(0, hours - covered);
      if (pool.capacityType === 'spot') {
        const d = price(`discount/${c.provider}/spot`, c.region, 'discount-ratio', `spot nodes of ${c.name}/${pool.name}`);
        const unit = base.usd * (1 - d.usd);
        add({ category: 'nodes', cluster: c.name, item: `${pool.name} spot`, quantityPerMonth: rest, quantityUnit: 'node-hours', monthlyUsd: rest * unit, usdPerUnit: unit, priceKey: `${base.priceKey} − ${d.key}`, source: `${base.source}; ${d.source}`, asOf: d.asOf });
        nodeUsd += rest * unit;
      } else if (rest > 0 || covered === 0) {
        add({ category: 'nodes', cluster: c.name, item: `${pool.name} on-demand`, quantityPerMonth: rest, quantityUnit: 'node-hours', monthlyUsd: rest * base.usd, usdPerUnit: base.usd, priceKey: base.priceKey, source: base.source, asOf: base.asOf });
        nodeUsd += rest * base.usd;
      }
    }
    nodeCostByCluster.set(c.name, nodeUsd);
    if (!cloud) continue;

    const bytes = obs.traffic?.bytes.byCluster.find((b) => b.cluster === c.name);
    const gb = (b: number | undefined) => ((b ?? 0) * toMonth) / BYTES_PER_GB;
    // ---- load balancers ----
    if (usage.loadBalancersPerCluster > 0) {
      const h = price(`loadBalancer/${c.provider}/hour`, c.region, 'usd/hour', `the load balancer of cluster ${c.name}`);
      const g = price(`loadBalancer/${c.provider}/gb`, c.region, 'usd/gb', `the load balancer of cluster ${c.name}`);
      const lbHours = usage.loadBalancersPerCluster * HOURS_PER_MONTH;
      add({ category: 'loadBalancers', cluster: c.name, item: `${usage.loadBalancersPerCluster} × hourly`, quantityPerMonth: lbHours, quantityUnit: 'LB-hours', monthlyUsd: lbHours * h.usd, usdPerUnit: h.usd, ...fromItem(h) });
      const processed = gb(bytes?.internetEgressBytes);
      add({ category: 'loadBalancers', cluster: c.name, item: 'processed (responses)', quantityPerMonth: processed, quantityUnit: 'GB', monthlyUsd: processed * g.usd, usdPerUnit: g.usd, ...fromItem(g) });
    }
    // ---- NAT ----
    const gateways = usage.natGatewaysPerCluster === 'perZone' ? c.zones.length : usage.natGatewaysPerCluster;
    if (gateways > 0) {
      const h = price(`nat/${c.provider}/hour`, c.region, 'usd/hour', `the NAT gateways of cluster ${c.name} (pricing.usage.natGatewaysPerCluster: 0 to leave them out)`);
      const gwHours = gateways * HOURS_PER_MONTH;
      add({ category: 'nat', cluster: c.name, item: `${gateways} gateways`, quantityPerMonth: gwHours, quantityUnit: 'gateway-hours', monthlyUsd: gwHours * h.usd, usdPerUnit: h.usd, ...fromItem(h) });
      if (usage.natGbPerClusterMonth > 0) {
        const g = price(`nat/${c.provider}/gb`, c.region, 'usd/gb', `NAT processing of cluster ${c.name}`);
        add({ category: 'nat', cluster: c.name, item: 'processed', quantityPerMonth: usage.natGbPerClusterMonth, quantityUnit: 'GB', monthlyUsd: usage.natGbPerClusterMonth * g.usd, usdPerUnit: g.usd, ...fromItem(g) });
      }
    }
    // ---- data transfer between zones and regions (attributed to the calling cluster) ----
    if (bytes !== undefined) {
      const zoneGb = gb(bytes.interZoneBytes);
      if (zoneGb > 0) {
        const z = price(`transfer/${c.provider}/interZone`, c.region, 'usd/gb', `inter-zone traffic of cluster ${c.name}`);
        add({ category: 'dataTransfer', cluster: c.name, item: 'inter-zone', quantityPerMonth: zoneGb, quantityUnit: 'GB', monthlyUsd: zoneGb * z.usd, usdPerUnit: z.usd, ...fromItem(z) });
      }
      const regionGb = gb(bytes.interRegionBytes);
      if (regionGb > 0) {
        const intercontinental = crossesContinents(c, billed, regionOf);
        const key = `transfer/${c.provider}/${intercontinental ? 'interContinent' : 'interRegion'}`;
        // AWS bills every inter-region GB at the source region's one rate.
        const r = intercontinental && catalog.find(key, c.region) === undefined && c.provider === 'aws'
          ? price(`transfer/aws/interRegion`, c.region, 'usd/gb', `inter-region traffic of cluster ${c.name}`)
          : price(key, c.region, 'usd/gb', `${intercontinental ? 'intercontinental' : 'inter-region'} traffic of cluster ${c.name}`);
        add({ category: 'dataTransfer', cluster: c.name, item: intercontinental ? 'inter-region (between continents)' : 'inter-region', quantityPerMonth: regionGb, quantityUnit: 'GB', monthlyUsd: regionGb * r.usd, usdPerUnit: r.usd, ...fromItem(r) });
      }
    }
    // ---- fixed costs the simulation cannot see (each off until pricing.usage asks) ----
    const meanNodes = c.nodePools.reduce((a, pool) => a + (obs.pools.find((p) => p.cluster === c.name && p.pool === pool.name)?.nodeHours ?? 0), 0) * toMonth / HOURS_PER_MONTH;
    if (bytes !== undefined && bytes.crossClusterBytes === undefined) crossClusterEstimated = true;
    const crossClusterGb = gb(bytes?.crossClusterBytes ?? bytes?.interRegionBytes);
    clusterExtras(sink, c as ClusterSpec & { provider: CloudProvider }, { usage, design, meanNodes, crossClusterGb, billedClusters: billed.length });
  }
  if (crossClusterEstimated && usage.eastWestGateways && design?.traffic.mesh !== undefined && billed.length > 1) {
    notes.push('east-west gateways: the run did not measure cross-cluster bytes apart, so only inter-region calls are counted as crossing clusters (a lower bound)');
  }

  // ---- provider-wide volume-priced items: internet egress tiers and log ingestion (free allowances are per account) ----
  if (obs.traffic !== undefined) {
    for (const provider of ['aws', 'gcp', 'azure'] as const) {
      const clusters = billed.filter((c) => c.provider === provider);
      if (clusters.length === 0) continue;
      const region = clusters[0].region;
      const egressGbOf = (c: ClusterSpec) => ((obs.traffic!.bytes.byCluster.find((b) => b.cluster === c.name)?.internetEgressBytes ?? 0) * toMonth) / BYTES_PER_GB;
      const egressGb = clusters.reduce((a, c) => a + egressGbOf(c), 0);
      if (egressGb > 0) {
        const e = catalog.get(`transfer/${provider}/internet`, region, 'usd/gb', `internet egress of the ${provider} clusters`);
        const bySource = egressBySourcePrice(clusters, catalog, provider, e);
        if (bySource.length === 1) {
          noteUnsourced(e);
          add({ category: 'dataTransfer', cluster: null, item: `${provider} internet egress (responses)`, quantityPerMonth: egressGb, quantityUnit: 'GB', monthlyUsd: tieredUsd(e, egressGb), ...fromItem(e) });
        } else {
          // Priced by source region: the account's total volume sets the tier (and the free
          // allowance is taken once), each region pays its share at its own rates.
          for (const g of bySource) {
            const groupGb = g.clusters.reduce((a, c) => a + egressGbOf(c), 0);
            if (groupGb <= 0) continue;
            noteUnsourced(g.item);
            const usd = (tieredUsd(g.item, egressGb) * groupGb) / egressGb;
            add({ category: 'dataTransfer', cluster: null, item: `${provider} internet egress (responses) from ${[...new Set(g.clusters.map((c) => c.region))].join(', ')}`, quantityPerMonth: groupGb, quantityUnit: 'GB', monthlyUsd: usd, ...fromItem(g.item) });
          }
        }
      }
      if (usage.logsIngested) {
        const logGb = clusters.reduce((a, c) => a + ((obs.traffic!.clusters.find((x) => x.cluster === c.name)?.logBytes ?? 0) * toMonth) / BYTES_PER_GB, 0);
        if (logGb > 0) {
          const l = price(`logs/${provider}/gb`, region, 'usd/gb', `log ingestion of the ${provider} clusters (pricing.usage.logsIngested: false to leave it out)`);
          add({ category: 'logging', cluster: null, item: `${provider} logs ingested`, quantityPerMonth: logGb, quantityUnit: 'GB', monthlyUsd: tieredUsd(l, logGb), ...fromItem(l) });
        }
      }
    }
  } else {
    notes.push('no traffic model in this run: data transfer, load-balancer processing and logs are not costed');
  }
  const requestsPerMonth = obs.traffic !== undefined ? obs.traffic.requests * toMonth : null;
  designExtras(sink, billed, { usage, design, requestsPerMonth });
  if (obs.datastores !== undefined) lines.push(...datastoreLines(scenario, catalog, obs.datastores, toMonth, (key, region, neededFor) => price(key, region, 'usd/gb', neededFor), notes));

  const byCategory = Object.fromEntries(COST_CATEGORIES.map((k) => [k, 0])) as Record<CostCategory, number>;
  for (const l of lines) byCategory[l.category] += l.monthlyUsd;
  const totalUsd = COST_CATEGORIES.reduce((a, k) => a + byCategory[k], 0);
  assertFiniteCost(lines, totalUsd);
  return {
    design: input.resolved.name,
    clusters: billed.map((c) => c.name),
    totalUsd,
    byCategory,
    lines,
    idle: idleCapacity(input, nodeCostByCluster, toMonth),
    requestsPerMonth,
    perMillionRequestsUsd: requestsPerMonth !== null && requestsPerMonth > 0 ? totalUsd / (requestsPerMonth / 1e6) : null,
    catalogVersion: catalog.version,
    notes,
  };
}

/**
 * A provider's billed clusters grouped by the internet-egress price their region gets (a
 * region-specific item, or the provider's default), in fleet order of first appearance. One group
 * when every region pays the same: the bill then has one line, as before prices by source existed.
 */
function egressBySourcePrice(clusters: readonly ClusterSpec[], catalog: PriceCatalog, provider: string, fallback: PriceItem): { item: PriceItem; clusters: ClusterSpec[] }[] {
  const groups: { item: PriceItem; clusters: ClusterSpec[] }[] = [];
  for (const c of clusters) {
    const item = catalog.find(`transfer/${provider}/internet`, c.region) ?? fallback;
    const g = groups.find((x) => x.item === item);
    if (g !== undefined) g.clusters.push(c);
    else groups.push({ item, clusters: [c] });
  }
  return groups;
}

/**
 * A non-finite line (inputs past the scenario limits, which the loader refuses) would make the
 * total ∞ or NaN, which results.json stores as null and the table prints as $0.00 beside a
 * breakdown that sums to something: fail loudly instead, naming the line.
 */
export function assertFiniteCost(lines: readonly CostLine[], totalUsd: number): void {
  const bad = lines.find((l) => !Number.isFinite(l.monthlyUsd) || !Number.isFinite(l.quantityPerMonth));
  if (bad !== undefined) throw new RangeError(`cost line "${bad.item}"${bad.cluster ? ` of ${bad.cluster}` : ''} is not a finite amount (${bad.quantityPerMonth} ${bad.quantityUnit}, $${bad.monthlyUsd}/month)`);
  if (!Number.isFinite(totalUsd)) throw new RangeError(`the monthly total is not a finite amount ($${totalUsd})`);
}

/**
 * The control-plane tier a managed cluster is billed at: an EKS cluster whose Kubernetes version is
 * past standard support on the catalog's date pays extended support, whatever tier it was declared
 * with (extended support is on by default); the note says so.
 */
function billedTier(c: ClusterSpec, notes: string[]): string {
  const billed = billedControlPlaneTier(c);
  if (billed.note !== undefined) notes.push(billed.note);
  return billed.tier;
}

/** The tier a managed cluster's control plane is billed at, and why when it is not the declared one. */
export function billedControlPlaneTier(c: ClusterSpec): { readonly tier: string; readonly note: string | undefined } {
  const cp = c.controlPlane;
  if (cp.kind !== 'managed') throw new RangeError('billedControlPlaneTier: a managed control plane only');
  if (cp.tier !== 'eks-standard') return { tier: cp.tier, note: undefined };
  const support = eksExtendedSupport(c.kubernetesVersion);
  if (!support.extended) return { tier: cp.tier, note: undefined };
  return { tier: 'eks-extended', note: `cluster ${c.name}: ${support.why}, before the catalog's date (${SUPPORT_STATUS_DATE}): billed at the EKS extended-support fee; upgrade it to pay the standard fee` };
}

/** What one node-hour of a pool costs on demand, and where the price comes from. */
export function nodePrice(c: ClusterSpec, poolName: string, catalog: PriceCatalog): { usd: number; priceKey: string; source: string; asOf: string } {
  const pool = c.nodePools.find((p) => p.name === poolName)!;
  const fromScenario = pool.priceSource === 'scenario file' || pool.priceSource === 'scenario pricing.overrides';
  if (fromScenario && pool.priceUsdPerHour !== undefined) return { usd: pool.priceUsdPerHour, priceKey: pool.priceSource, source: pool.priceSource, asOf: 'scenario' };
  // Otherwise the catalog in use decides (not the built-in price the scenario was resolved with),
  // so a catalog file that replaces the built-in one is never silently topped up from it.
  const item = catalog.get(`instance/${c.provider}/${pool.instanceType ?? '<no instanceType>'}`, c.region, 'usd/node-hour', `node pool ${c.name}/${pool.name}`);
  return { usd: item.usd, priceKey: item.key, source: item.source, asOf: item.asOf };
}

/**
 * A cluster's inter-region calls are priced as intercontinental when any other cluster the
 * design uses sits on another continent (or where one cannot tell): the byte counts do not say where
 * each call went, so the dearer rate is the safe one.
 */
function crossesContinents(c: ClusterSpec, all: readonly ClusterSpec[], regions: ReadonlyMap<string, Scenario['topology']['regions'][number]>): boolean {
  const mine = continentOf(regions.get(c.region)?.location);
  if (mine === undefined) return true;
  return all.some((o) => o.region !== c.region && continentOf(regions.get(o.region)?.location) !== mine);
}

function idleCapacity(input: CostInput, nodeUsd: ReadonlyMap<string, number>, toMonth: number): MonthlyCost['idle'] {
  const { fleet, resolved, observation: obs } = input;
  let unallocated = 0;
  let allocatedUnused: number | null = obs.traffic !== undefined ? 0 : null;
  fleet.clusters.forEach((cl) => {
    const usd = nodeUsd.get(cl.name) ?? 0;
    if (usd === 0) return;
    // Allocatable over the month: each pool's mean node count × its per-node kubelet allocatable.
    // DaemonSet pods request their share of every node, so they count as allocated, beside the
    // design's own pods (the pool's allocatable figure already has them taken out: add them back).
    let cpuAlloc = 0;
    let memAlloc = 0;
    let cpuAgents = 0;
    let memAgents = 0;
    for (const pid of cl.poolIds) {
      const p = fleet.nodePools[pid];
      const meanNodes = ((obs.pools.find((x) => x.cluster === cl.name && x.pool === p.name)?.nodeHours ?? 0) * toMonth) / HOURS_PER_MONTH;
      cpuAlloc += meanNodes * (p.cpuAllocatableMillicores + p.daemonSetsPerNode.cpuMillicores);
      memAlloc += meanNodes * (p.memoryAllocatableBytes + p.daemonSetsPerNode.memoryBytes);
      cpuAgents += meanNodes * p.daemonSetsPerNode.cpuMillicores;
      memAgents += meanNodes * p.daemonSetsPerNode.memoryBytes;
    }
    const h = resolved.placement.headroom[cl.id];
    const cpuReq = h.cpuRequestedMillicores + cpuAgents;
    const memReq = h.memoryRequestedBytes + memAgents;
    const share = Math.min(1, Math.max(cpuAlloc > 0 ? cpuReq / cpuAlloc : 0, memAlloc > 0 ? memReq / memAlloc : 0));
    unallocated += usd * (1 - share);
    if (allocatedUnused !== null) {
      const peak = obs.traffic!.clusters.find((x) => x.cluster === cl.name)?.peakUtilization ?? 0;
      allocatedUnused += usd * share * (1 - Math.min(1, peak));
    }
  });
  return { unallocatedUsd: unallocated, allocatedUnusedUsd: allocatedUnused };
}
