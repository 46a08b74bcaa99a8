import type { Scenario } from '../../scenario/types.js';
import { rttMsBetweenClusters } from '../fleet/buildFleet.js';
import type { Fleet } from '../fleet/types.js';

/**
 * Where clusters and user regions are and how the links between regions behave right now: base
 * round-trip times, plus partitions (a call across one fails) and degradations (extra latency, loss).
 */
export class FleetNetwork {
  readonly clusterCount: number;
  readonly regionOfCluster: Int32Array;
  readonly zonesInCluster: Int32Array;
  /** Per region: its clusters, ascending. */
  readonly clustersInRegion: Int32Array[];
  /** Cluster × cluster, without link degradations. */
  private readonly baseRttMs: Float64Array;
  /** User region × cluster (Infinity when the loader gave no RTT to that cluster's region). */
  private readonly userRttMsTable: Float64Array;
  private readonly linkIdByRegions: Int32Array;
  private readonly regionCount: number;
  /** Per link: when its current partition began (NaN when not partitioned). */
  readonly linkPartitionedSinceS: Float64Array;
  private readonly linkExtraLatencyMs: Float64Array;
  private readonly linkLossRatio: Float64Array;

  constructor(fleet: Fleet, scenario: Scenario) {
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
    this.baseRttMs = new Float64Array(clusterCount * clusterCount);
    for (let a = 0; a < clusterCount; a++) for (let b = 0; b < clusterCount; b++) this.baseRttMs[a * clusterCount + b] = rttMsBetweenClusters(fleet, a, b);
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
    return this.baseRttMs[a * this.clusterCount + b] + (link >= 0 ? this.linkExtraLatencyMs[link] : 0);
  }

  /** Between a cluster's own nodes (zones of one region). */
  ownRttMs(c: number): number {
    return this.baseRttMs[c * this.clusterCount + c];
  }

  userRttMs(user: number, c: number): number {
    return this.userRttMsTable[user * this.clusterCount + c];
  }

  /** Share of a user region's requests to a cluster that the network delivers (0 when cut off). */
  userDeliveredRatio(_user: number, _c: number): number {
    return 1;
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

  /** A region link was partitioned or degraded (active) or healed. */
  setLink(linkId: number, mode: 'partition' | 'degrade', extraLatencyMs: number, lossRatio: number, active: boolean, nowS: number): void {
    if (mode === 'partition') this.linkPartitionedSinceS[linkId] = active ? nowS : Number.NaN;
    else {
      this.linkExtraLatencyMs[linkId] = active ? extraLatencyMs : 0;
      this.linkLossRatio[linkId] = active ? lossRatio : 0;
    }
  }
}
