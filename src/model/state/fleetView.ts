import type { FaultEpisode } from '../faults/episode.js';
import type { Fleet } from '../fleet/types.js';

/**
 * What the stores see of the fleet's faults: which zones, regions and clusters are down, which
 * region links are partitioned, and the extra latency of degraded ones. Counts, because episodes
 * of one target may overlap. Node faults do not touch store members (they are not pods).
 */
export class FleetView {
  readonly fleet: Fleet;
  private readonly zoneDown: Int32Array;
  private readonly regionDown: Int32Array;
  private readonly clusterDown: Int32Array;
  private readonly linkCut: Int32Array;
  private readonly linkExtraMs: Float64Array;

  constructor(fleet: Fleet) {
    this.fleet = fleet;
    this.zoneDown = new Int32Array(fleet.zones.length);
    this.regionDown = new Int32Array(fleet.regions.length);
    this.clusterDown = new Int32Array(fleet.clusters.length);
    this.linkCut = new Int32Array(fleet.links.length);
    this.linkExtraMs = new Float64Array(fleet.links.length);
  }

  /** Apply an episode's start (+1) or end (−1); false when the stores cannot feel it. */
  apply(ep: FaultEpisode, delta: 1 | -1): boolean {
    switch (ep.kind) {
      case 'zone':
        this.zoneDown[ep.targetId] += delta;
        return true;
      case 'region':
        this.regionDown[ep.targetId] += delta;
        return true;
      case 'cluster':
        this.clusterDown[ep.targetId] += delta;
        return true;
      case 'link':
        // A link fault without a mode is a partition (as the fault replay reads it).
        if ((ep.linkMode ?? 'partition') === 'partition') this.linkCut[ep.targetId] += delta;
        else this.linkExtraMs[ep.targetId] += delta * (ep.extraLatencyMs ?? 0);
        return true;
      default:
        return false;
    }
  }

  regionUp(region: number): boolean {
    return this.regionDown[region] === 0;
  }

  clusterUp(cluster: number): boolean {
    return this.clusterDown[cluster] === 0 && this.regionDown[this.fleet.clusters[cluster].regionId] === 0;
  }

  /** A machine in `zone` of `cluster` runs: neither its zone, its region nor its cluster is down. */
  placeUp(cluster: number, zone: number): boolean {
    return this.zoneDown[zone] === 0 && this.clusterUp(cluster);
  }

  /** What took a place down, for a failover record: 'region' | 'cluster' | 'zone' | '' (up). */
  downCause(cluster: number, zone: number): string {
    if (this.regionDown[this.fleet.zones[zone].regionId] > 0) return 'region';
    if (this.clusterDown[cluster] > 0) return 'cluster';
    if (this.zoneDown[zone] > 0) return 'zone';
    return '';
  }

  /** Two regions can talk: the same region, or their link is not partitioned. */
  connected(regionA: number, regionB: number): boolean {
    if (regionA === regionB) return true;
    return this.linkCut[this.linkId(regionA, regionB)] === 0;
  }

  /** Round trip between two zones now, in seconds (a degraded link's extra latency included). */
  zoneRttS(zoneA: number, zoneB: number): number {
    const f = this.fleet;
    const base = f.zoneRttMs[zoneA * f.zones.length + zoneB];
    const ra = f.zones[zoneA].regionId;
    const rb = f.zones[zoneB].regionId;
    return (ra === rb ? base : base + this.linkExtraMs[this.linkId(ra, rb)]) / 1000;
  }

  /** Mean round trip from a cluster's zones to one zone (a client spread evenly over its zones). */
  clusterRttS(cluster: number, zone: number): number {
    const zones = this.fleet.clusters[cluster].zoneIds;
    let sum = 0;
    for (const z of zones) sum += this.zoneRttS(z, zone);
    return sum / zones.length;
  }

  /** Mean round trip from a zone to a region's zones (a witness has no zone of its own). */
  regionRttS(zone: number, region: number): number {
    const zones = this.fleet.regions[region].zoneIds;
    let sum = 0;
    for (const z of zones) sum += this.zoneRttS(zone, z);
    return sum / zones.length;
  }

  /** Bytes per second the link between two regions carries; +Infinity within a region or when the link states none. */
  bandwidthBytesPerS(regionA: number, regionB: number): number {
    if (regionA === regionB) return Number.POSITIVE_INFINITY;
    const gbps = this.fleet.links[this.linkId(regionA, regionB)].bandwidthGbps;
    return gbps === undefined ? Number.POSITIVE_INFINITY : (gbps * 1e9) / 8;
  }

  private linkId(regionA: number, regionB: number): number {
    return this.fleet.linkIdByRegions[regionA * this.fleet.regions.length + regionB];
  }
}
