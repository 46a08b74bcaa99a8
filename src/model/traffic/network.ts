import type { IngressPolicy, Scenario } from '../../scenario/types.js';
import { rttMsBetweenClusters } from '../fleet/buildFleet.js';
import type { Fleet } from '../fleet/types.js';

/**
 * Where clusters and user regions are and how the links between regions behave right now: base
 * round-trip times, plus partitions (a call across one fails) and degradations (extra latency, loss).
 * Users reach a cluster outside their via region over the link between the two regions, under DNS
 * ingress; under anycast they ride the provider's backbone from an edge near them and no region
 * link carries them (docs/traffic.md, "Users over links").
 */
export class FleetNetwork {
  readonly clusterCount: number;
  readonly regionOfCluster: Int32Array;
  readonly zonesInCluster: Int32Array;
  /** Per region: its clusters, ascending. */
  readonly clustersInRegion: Int32Array[];
  /**
   * Base RTT between clusters, without link degradations: it depends only on the clusters' zones
   * (rttMsBetweenClusters averages over their zone pairs), so it is kept per pair of distinct zone
   * lists (zoneListOf per cluster), not per pair of clusters: a 3,000-cluster edge fleet has a few
   * dozen zone lists, and a cluster × cluster matrix would take 72 MB and seconds to fill.
   */
  private readonly zoneListRttMs: Float64Array;
  private readonly zoneListOf: Int32Array;
  private readonly zoneListCount: number;
  /** User region × cluster (Infinity when the loader gave no RTT to that cluster's region). */
  private readonly userRttMsTable: Float64Array;
  /** User region × cluster: the region link the users' requests to that cluster cross, or −1. */
  private readonly userLinkTable: Int32Array;
  private readonly linkIdByRegions: Int32Array;
  private readonly regionCount: number;
  /** Per link: when its current partition began (NaN when not partitioned). */
  readonly linkPartitionedSinceS: Float64Array;
  private readonly linkExtraLatencyMs: Float64Array;
  private readonly linkLossRatio: Float64Array;

  /**
   * `ingressKind`: the design's global ingress (design.traffic.ingress.kind). Absent: DNS, whose
   * users cross region links (a caller without a design, such as sizing, sees no link faults anyway).
   */
  constructor(fleet: Fleet, scenario: Scenario, ingressKind: IngressPolicy['kind'] = 'dns') {
    const clusterCount = (this.clusterCount = fleet.clusters.length);
    const users = scenario.workload.userRegions;
    this.regionOfCluster = Int32Array.from(fleet.clusters, (c) => c.regionId);
    this.zonesInCluster = Int32Array.from(fleet.clusters, (c) => c.zoneIds.length);
    this.clustersInRegion = fleet.regions.map((_, region) => Int32Array.from(fleet.clusters.filter((c) => c.regionId === region), (c) => c.id));
    this.linkIdByRegions = fleet.linkIdByRegions;
    this.regionCount = fleet.regions.length;
    // The loader resolves every user region's RTT to every topology region (from `near` plus its
    // access RTT, or given explicitly), also when `near` names a region outside the topology.
    this.userRttMsTable = new Float64Array(users.length * clusterCount);
    users.forEach((u, user) => {
      for (let c = 0; c < clusterCount; c++) {
        const regionName = fleet.regions[fleet.clusters[c].regionId].name;
        this.userRttMsTable[user * clusterCount + c] = u.rttMsByRegion[regionName] ?? Number.POSITIVE_INFINITY;
      }
    });
    this.userLinkTable = userLinks(fleet, scenario, ingressKind);
    const lists = new Map<string, number>();
    const representative: number[] = [];
    this.zoneListOf = Int32Array.from(fleet.clusters, (c) => {
      const key = c.zoneIds.join(',');
      let id = lists.get(key);
      if (id === undefined) {
        lists.set(key, (id = lists.size));
        representative.push(c.id);
      }
      return id;
    });
    const n = (this.zoneListCount = lists.size);
    this.zoneListRttMs = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) this.zoneListRttMs[a * n + b] = rttMsBetweenClusters(fleet, representative[a], representative[b]);
    this.linkPartitionedSinceS = new Float64Array(fleet.links.length).fill(Number.NaN);
    this.linkExtraLatencyMs = new Float64Array(fleet.links.length);
    this.linkLossRatio = new Float64Array(fleet.links.length);
  }

  /** The region link a call between two clusters crosses, or -1 (same region). */
  linkBetween(a: number, b: number): number {
    const ra = this.regionOfCluster[a];
    const rb = this.regionOfCluster[b];
    if (ra === rb) return -1;
    return this.linkIdByRegions[ra * this.regionCount + rb];
  }

  /** Between two clusters, with any degradation of the link between their regions. */
  rttMs(a: number, b: number): number {
    const link = this.linkBetween(a, b);
    return this.zoneListRttMs[this.zoneListOf[a] * this.zoneListCount + this.zoneListOf[b]] + (link >= 0 ? this.linkExtraLatencyMs[link] : 0);
  }

  /** Between a cluster's own nodes (zones of one region). */
  ownRttMs(c: number): number {
    const list = this.zoneListOf[c];
    return this.zoneListRttMs[list * this.zoneListCount + list];
  }

  /** User regions of the scenario. */
  get userRegionCount(): number {
    return this.clusterCount > 0 ? this.userRttMsTable.length / this.clusterCount : 0;
  }

  /** From a user region to a cluster, with any degradation of the link the users cross to reach it. */
  userRttMs(user: number, c: number): number {
    const i = user * this.clusterCount + c;
    const link = this.userLinkTable[i];
    return this.userRttMsTable[i] + (link >= 0 ? this.linkExtraLatencyMs[link] : 0);
  }

  /**
   * From a user region to a cluster without link degradations: what a GSLB's latency table holds.
   * Nearest-cluster choices should read this one, so that a degradation does not move answers at
   * whatever moment routing happens to be refreshed.
   */
  userBaseRttMs(user: number, c: number): number {
    return this.userRttMsTable[user * this.clusterCount + c];
  }

  /** The region link a user region's requests to a cluster cross, or −1 (none: same region, no via region, anycast). */
  userLinkOf(user: number, c: number): number {
    return this.userLinkTable[user * this.clusterCount + c];
  }

  /**
   * Share of a user region's requests to a cluster that the network delivers: 0 across a partition
   * (the GSLB's checkers sit elsewhere and keep answering with the cluster, so the users fail),
   * 1 − loss across a degraded link.
   */
  userDeliveredRatio(user: number, c: number): number {
    const link = this.userLinkTable[user * this.clusterCount + c];
    if (link < 0) return 1;
    return Number.isNaN(this.linkPartitionedSinceS[link]) ? 1 - this.linkLossRatio[link] : 0;
  }

  /** Share of calls from one cluster to another that the network delivers (0 across a partition). */
  deliveredRatio(from: number, to: number): number {
    if (to === from) return 1;
    const link = this.linkBetween(from, to);
    if (link < 0) return 1;
    return Number.isNaN(this.linkPartitionedSinceS[link]) ? 1 - this.linkLossRatio[link] : 0;
  }

  /** Whether a call between two clusters crosses a partitioned link, and its loss ratio. */
  linkState(from: number, to: number): { partitioned: boolean; lossRatio: number } {
    const link = this.linkBetween(from, to);
    if (link < 0) return { partitioned: false, lossRatio: 0 };
    return { partitioned: !Number.isNaN(this.linkPartitionedSinceS[link]), lossRatio: this.linkLossRatio[link] };
  }

  /** Bumped at every link change (readers that keep RTTs or delivered ratios compare it). */
  version = 0;

  /** A region link was partitioned or degraded (active) or healed. */
  setLink(linkId: number, mode: 'partition' | 'degrade', extraLatencyMs: number, lossRatio: number, active: boolean, nowS: number): void {
    this.version++;
    if (mode === 'partition') this.linkPartitionedSinceS[linkId] = active ? nowS : Number.NaN;
    else {
      this.linkExtraLatencyMs[linkId] = active ? extraLatencyMs : 0;
      this.linkLossRatio[linkId] = active ? lossRatio : 0;
    }
  }
}

/**
 * Per user region × cluster, the link between the users' via region and the cluster's region
 * (−1 when they are the same, when the users have no via region, and for every cluster under
 * anycast: the provider's edge takes the requests near the users onto its own backbone, which a
 * partition of the public path between two regions does not cut).
 */
function userLinks(fleet: Fleet, scenario: Scenario, ingressKind: IngressPolicy['kind']): Int32Array {
  const users = scenario.workload.userRegions;
  const clusterCount = fleet.clusters.length;
  const table = new Int32Array(users.length * clusterCount).fill(-1);
  if (ingressKind === 'anycast') return table;
  const regionCount = fleet.regions.length;
  users.forEach((u, user) => {
    if (u.viaRegion === undefined) return;
    const via = fleet.regionByName.get(u.viaRegion);
    if (via === undefined) throw new RangeError(`user region "${u.name}": via names "${u.viaRegion}", which is not a topology region`);
    for (let c = 0; c < clusterCount; c++) {
      const region = fleet.clusters[c].regionId;
      if (region !== via) table[user * clusterCount + c] = fleet.linkIdByRegions[via * regionCount + region];
    }
  });
  return table;
}
