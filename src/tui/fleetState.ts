import { quorum } from '../scenario/index.js';
import type { ClusterSpec, Scenario } from '../scenario/types.js';
import type { ReplayEpisode } from './sim/types.js';

/**
 * The fleet as a tree (regions → clusters → node pools) with each element's state at one moment of
 * a replay, derived from the faults active then. It shows what failed, not how the fleet reacted:
 * the replay's metrics and events show the reaction. Autoscaled nodes are not drawn.
 */
export type ElementStatus = 'ok' | 'degraded' | 'api down' | 'down';

export interface FleetRow {
  readonly depth: 0 | 1 | 2;
  readonly kind: 'region' | 'cluster' | 'pool';
  readonly name: string;
  readonly detail: string;
  readonly status: ElementStatus;
  /** What is wrong, in a few words ("zone eu-west-1a down"); empty when ok. */
  readonly note: string;
}

export function activeAt(episodes: readonly ReplayEpisode[], tS: number): ReplayEpisode[] {
  return episodes.filter((e) => e.startS <= tS && tS < e.endS);
}

function controlPlaneText(c: ClusterSpec): string {
  return c.controlPlane.kind === 'managed' ? `managed ${c.controlPlane.tier}` : `etcd ×${c.controlPlane.etcd.memberCount}`;
}

/** Nodes of a pool that sit in each zone: round-robin over the pool's zones, as the fleet builder places them. */
export function nodesInZone(count: number, zones: readonly string[], zone: string): number {
  const z = zones.indexOf(zone);
  if (z < 0) return 0;
  return Math.floor(count / zones.length) + (z < count % zones.length ? 1 : 0);
}

export function fleetRows(s: Scenario, active: readonly ReplayEpisode[]): FleetRow[] {
  const downZones = new Set(active.filter((e) => e.kind === 'zone').map((e) => e.target));
  const downRegions = new Set(active.filter((e) => e.kind === 'region').map((e) => e.target));
  const of = (kind: ReplayEpisode['kind'], target: string) => active.some((e) => e.kind === kind && e.target === target);
  const rows: FleetRow[] = [];
  for (const region of s.topology.regions) {
    const zonesDown = region.zones.filter((z) => downZones.has(z));
    const regionDown = downRegions.has(region.name);
    rows.push({
      depth: 0,
      kind: 'region',
      name: region.name,
      detail: `${region.provider}, ${region.zones.length} zone${region.zones.length === 1 ? '' : 's'}`,
      status: regionDown ? 'down' : zonesDown.length > 0 ? 'degraded' : 'ok',
      note: regionDown ? 'region down' : zonesDown.length > 0 ? `zone ${zonesDown.join(', ')} down` : '',
    });
    for (const c of s.clusters.filter((x) => x.region === region.name)) {
      const clusterDown = regionDown || of('cluster', c.name) || (c.zones.length > 0 && c.zones.every((z) => downZones.has(z)));
      const notes: string[] = [];
      let status: ElementStatus = 'ok';
      if (clusterDown) {
        status = 'down';
        notes.push(regionDown ? 'region down' : of('cluster', c.name) ? 'cluster down' : 'all zones down');
      } else {
        const cZonesDown = c.zones.filter((z) => downZones.has(z));
        if (cZonesDown.length > 0) notes.push(`zone ${cZonesDown.join(', ')} down`);
        const etcdDown = active.filter((e) => e.kind === 'etcdMember' && e.target.startsWith(`${c.name}/etcd-`)).length;
        const members = c.controlPlane.kind === 'selfManaged' ? c.controlPlane.etcd.memberCount : 0;
        const quorumLost = members > 0 && members - etcdDown < quorum(members);
        if (of('controlPlane', c.name)) notes.push('control plane down');
        if (quorumLost) notes.push(`etcd quorum lost (${members - etcdDown}/${members} up)`);
        else if (etcdDown > 0) notes.push(`${etcdDown} etcd member${etcdDown === 1 ? '' : 's'} down`);
        if (of('etcdLeader', c.name)) notes.push('etcd leader lost');
        const nodeFaults = active.filter((e) => e.kind === 'node' && e.target.startsWith(`${c.name}/`)).length;
        if (nodeFaults > 0) notes.push(`${nodeFaults} node${nodeFaults === 1 ? '' : 's'} down`);
        if (of('controlPlane', c.name) || quorumLost || of('etcdLeader', c.name)) status = 'api down';
        else if (notes.length > 0) status = 'degraded';
      }
      rows.push({ depth: 1, kind: 'cluster', name: c.name, detail: `k8s ${c.kubernetesVersion}, ${controlPlaneText(c)}`, status, note: notes.join('; ') });
      for (const p of c.nodePools) {
        let down = 0;
        if (clusterDown) down = p.count;
        else {
          for (const z of p.zones) if (downZones.has(z)) down += nodesInZone(p.count, p.zones, z);
          down += active.filter((e) => e.kind === 'node' && e.target.startsWith(`${c.name}/${p.name}#`)).length;
          down = Math.min(down, p.count);
        }
        rows.push({
          depth: 2,
          kind: 'pool',
          name: p.name,
          detail: `${p.instanceType ?? 'custom'} ×${p.count}`,
          status: down === 0 ? 'ok' : down >= p.count ? 'down' : 'degraded',
          note: down === 0 ? '' : `${p.count - down}/${p.count} nodes up`,
        });
      }
    }
  }
  return rows;
}
