import { findIncident, type IncidentStep, type LibraryIncident } from '../../scenario/incidentLibrary/index.js';
import type { IncidentReplaySpec } from '../../scenario/types.js';
import type { Cluster, Fleet } from '../fleet/types.js';
import type { DesignEpisodeInput } from './episodeInput.js';
import type { UnnumberedEpisode } from './episode.js';

/**
 * Published incidents replayed (faults.incidents): each step of the incident's timeline becomes
 * scripted episodes at the replay's time, on the scenario regions that stand for the incident's,
 * with origin = the incident's name (docs/incidents.md). No random draws: a replay is the published
 * timeline, the same in every replication and for every design (a design is spared only where the
 * step does not apply to it: an anycast-only step and a DNS-routed design).
 */
export function incidentEpisodes(input: DesignEpisodeInput): UnnumberedEpisode[] {
  const out: UnnumberedEpisode[] = [];
  for (const replay of input.scenario.faults.incidents) {
    const incident = findIncident(replay.name);
    if (incident === undefined) throw new RangeError(`faults.incidents: unknown incident "${replay.name}"`);
    out.push(...replayEpisodes(input, replay, incident));
  }
  return out;
}

/** One replay's episodes, step by step in timeline order, region by region in fleet order. */
export function replayEpisodes(input: DesignEpisodeInput, replay: IncidentReplaySpec, incident: LibraryIncident): UnnumberedEpisode[] {
  const { fleet } = input;
  const inScope = clustersInScope(fleet, replay, incident);
  const anycast = input.scenario.designs[input.design]?.traffic.ingress.kind === 'anycast';
  const managed = new Set(input.scenario.clusters.filter((c) => c.controlPlane.kind === 'managed').map((c) => c.name));
  const out: UnnumberedEpisode[] = [];
  for (const step of incident.timeline) {
    if (step.appliesTo === 'cloudApiUsers' && !replay.cloudApis) continue;
    if (step.appliesTo === 'anycastIngress' && !anycast) continue;
    const startS = replay.atS + step.startS;
    const common = { startS, endS: startS + step.forS, source: 'scripted' as const, origin: incident.name };
    const regions = stepRegions(fleet, replay, step, inScope);
    const effect = step.effect;
    if (effect.kind === 'nodeCrash') {
      // One remediation queue for the whole step: hosts are fixed in turn wherever they are.
      const targets = inScope.filter((c) => regions.includes(c.regionId));
      out.push(...crashedNodes(fleet, targets, effect.nodeRatio, effect.remediationS, common));
      continue;
    }
    for (const regionId of regions) {
      const targets = inScope.filter((c) => c.regionId === regionId);
      if (targets.length === 0) continue;
      const region = fleet.regions[regionId];
      switch (effect.kind) {
        case 'controlPlane':
          for (const c of targets) if (managed.has(c.name)) out.push({ kind: 'controlPlane', targetId: c.id, targetName: c.name, ...common });
          break;
        case 'nodeLaunches':
          out.push({ kind: 'nodeLaunches', targetId: regionId, targetName: region.name, ...common });
          break;
        case 'brownout': {
          const impairment = { clusters: targets.map((c) => c.id), services: undefined, scope: effect.scope, errorRatio: effect.errorRatio, extraLatencyMs: effect.extraLatencyMs, capacityLostRatio: 0 };
          out.push({ kind: 'brownout', targetId: regionId, targetName: region.name, impairment, ...common });
          break;
        }
      }
    }
  }
  return out;
}

/** Clusters of the providers in scope (the replay's, else the incident's own) and of the replay's list, fleet order. */
export function clustersInScope(fleet: Fleet, replay: IncidentReplaySpec, incident: LibraryIncident): Cluster[] {
  const providers = replay.providers ?? (incident.provider === 'any' ? undefined : [incident.provider]);
  return fleet.clusters.filter((c) => (providers === undefined || providers.includes(c.provider)) && (replay.clusters === undefined || replay.clusters.includes(c.name)));
}

/**
 * The scenario region standing for an incident region: the replay's mapping, else the region of
 * the same name; undefined when the scenario has neither (the loader rejects that for a step that
 * is not optional).
 */
export function mappedRegion(fleet: Fleet, replay: IncidentReplaySpec, incidentRegion: string): number | undefined {
  return fleet.regionByName.get(replay.regions[incidentRegion] ?? incidentRegion);
}

/** Region ids a step strikes: its mapped region, or for '*' every region with a cluster in scope but the excepted ones. */
function stepRegions(fleet: Fleet, replay: IncidentReplaySpec, step: IncidentStep, inScope: readonly Cluster[]): number[] {
  if (step.region !== '*') {
    const id = mappedRegion(fleet, replay, step.region);
    if (id === undefined && step.optional !== true) throw new RangeError(`faults.incidents: ${replay.name} strikes ${step.region}, which no scenario region stands for`);
    return id === undefined ? [] : [id];
  }
  const excepted = new Set((step.except ?? []).map((r) => mappedRegion(fleet, replay, r)).filter((id) => id !== undefined));
  return [...new Set(inScope.map((c) => c.regionId))].filter((id) => !excepted.has(id)).sort((a, b) => a - b);
}

/**
 * Node crashes: the first ceil(ratio × nodes) nodes of each target cluster (fleet order) go down at
 * the step's start; after the step (the revert) they are repaired one at a time, evenly over
 * `remediationS`, in fleet order across the clusters: the k-th of m is back at end + k/m × remediation.
 */
function crashedNodes(fleet: Fleet, targets: readonly Cluster[], ratio: number, remediationS: number, common: { startS: number; endS: number; source: 'scripted'; origin: string }): UnnumberedEpisode[] {
  const nodes: { id: number; name: string }[] = [];
  for (const c of targets) {
    const seen = new Map<number, number>();
    const crash = Math.ceil(ratio * c.nodeCount - 1e-9);
    for (let n = c.nodeStart; n < c.nodeStart + crash; n++) {
      const pool = fleet.nodes.poolId[n];
      const index = seen.get(pool) ?? 0;
      seen.set(pool, index + 1);
      nodes.push({ id: n, name: `${c.name}/${fleet.nodePools[pool].name}#${index}` });
    }
  }
  return nodes.map((n, k) => ({ ...common, kind: 'node' as const, targetId: n.id, targetName: n.name, endS: common.endS + ((k + 1) / nodes.length) * remediationS }));
}
