import { regionInfos } from '../context.js';
import { HORIZON_S } from '../defaults.js';
import type { FieldPath } from '../errors.js';
import { formatDuration } from '../units.js';
import { findIncident, INCIDENT_LIBRARY, namedRegions, type LibraryIncident } from '../incidentLibrary/index.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

type RawReplay = NonNullable<NonNullable<RawScenario['faults']>['incidents']>[number];

/**
 * Incident replays (docs/incidents.md): a name the library has, region mappings from regions the
 * incident names to regions the scenario has, every region the incident needs mapped, clusters that
 * exist, and at least one cluster in scope (an Azure incident has nothing to hit in an AWS fleet
 * unless the replay says which providers stand for Azure's).
 */
export function checkIncidents(r: Reporter, s: Partial<RawScenario>): void {
  const replays = s.faults?.incidents;
  if (!replays) return;
  const horizon = s.run?.horizon ?? HORIZON_S;
  replays.forEach((replay, i) => {
    const base: FieldPath = ['faults', 'incidents', i];
    const incident = findIncident(replay.name);
    if (incident === undefined) {
      r.unknown([...base, 'name'], 'incident', replay.name, INCIDENT_LIBRARY.map((x) => x.name));
      return;
    }
    if (replay.at >= horizon) r.warn([...base, 'at'], `this incident starts at ${formatDuration(replay.at)}, at or after the end of the run (run.horizon ${formatDuration(horizon)}): it is not replayed`, `start it before ${formatDuration(horizon)}, or lengthen run.horizon`);
    checkRegions(r, s, replay, incident, base);
    checkScope(r, s, replay, incident, base);
  });
}

function checkRegions(r: Reporter, s: Partial<RawScenario>, replay: RawReplay, incident: LibraryIncident, base: FieldPath): void {
  if (!s.topology) return;
  const scenarioRegions = s.topology.regions.map((x) => x.name);
  const { required, optional } = namedRegions(incident);
  const named = [...required, ...optional];
  for (const [from, to] of Object.entries(replay.regions ?? {})) {
    const path: FieldPath = [...base, 'regions', from];
    if (!named.includes(from)) {
      const what = named.length === 0 ? `${incident.name} strikes every region in scope and names none to map` : `${incident.name} names no region "${from}"`;
      r.err(path, what, named.length > 0 ? `one of ${named.join(', ')}` : 'no regions entry', undefined, 'key');
    }
    if (!scenarioRegions.includes(to)) r.unknown(path, 'region', to, scenarioRegions);
  }
  for (const region of required) {
    if (replay.regions?.[region] !== undefined || scenarioRegions.includes(region)) continue;
    r.err(
      [...base, 'name'],
      `${incident.name} strikes ${region}, which the scenario does not have`,
      `a regions entry naming the scenario region that stands for ${region}`,
      `add regions: { ${region}: ${scenarioRegions[0] ?? '<region>'} } (scenario regions: ${scenarioRegions.join(', ')})`,
    );
  }
}

function checkScope(r: Reporter, s: Partial<RawScenario>, replay: RawReplay, incident: LibraryIncident, base: FieldPath): void {
  if (!s.clusters) return;
  const names = s.clusters.map((c) => c.name);
  let unknown = 0;
  replay.clusters?.forEach((c, j) => {
    if (names.includes(c)) return;
    unknown++;
    r.unknown([...base, 'clusters', j], 'cluster', c, names);
  });
  // An unknown cluster already explains an empty scope.
  if (!s.topology || unknown > 0) return;
  const regions = regionInfos(s.topology);
  const providers: readonly string[] | undefined = replay.providers ?? (incident.provider === 'any' ? undefined : [incident.provider]);
  const inScope = s.clusters.filter((c) => {
    const provider = regions.get(c.region)?.provider;
    return (providers === undefined || (provider !== undefined && providers.includes(provider))) && (replay.clusters === undefined || replay.clusters.includes(c.name));
  });
  if (inScope.length > 0) return;
  const fleetProviders = [...new Set(s.clusters.map((c) => regions.get(c.region)?.provider).filter((p) => p !== undefined))];
  r.err(
    replay.providers ? [...base, 'providers'] : [...base, 'name'],
    `no cluster of the scenario is in scope of ${incident.name}${incident.provider === 'any' ? '' : ` (provider ${incident.provider})`}`,
    `a cluster on ${(providers ?? []).join(' or ') || 'any provider'}${replay.clusters ? ' among the clusters listed' : ''}`,
    fleetProviders.length > 0 ? `to replay it against this fleet anyway, add providers: [${fleetProviders.join(', ')}]` : undefined,
  );
}
