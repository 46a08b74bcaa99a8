import { regionInfos, type RegionInfo } from '../context.js';
import { didYouMean } from '../hints.js';
import { KNOWN_REGIONS } from '../regions.js';
import type { RawScenario } from '../schema.js';
import type { Reporter } from './report.js';

/**
 * Regions (unique names, a provider, zones owned by one region), links (between two known,
 * different regions, one per pair) and an RTT for every pair of regions. Returns the region
 * lookup the other sections check against (empty without a topology).
 */
export function checkTopology(r: Reporter, topology: RawScenario['topology'] | undefined): Map<string, RegionInfo> {
  const regions = regionInfos(topology);
  if (!topology) return regions;
  r.duplicates(topology.regions, ['topology', 'regions'], 'region');
  checkRegions(r, topology, regions);
  checkLinks(r, topology, regions);
  checkRttCoverage(r, topology, regions);
  return regions;
}

function checkRegions(r: Reporter, topology: RawScenario['topology'], regions: ReadonlyMap<string, RegionInfo>): void {
  const zoneOwner = new Map<string, string>();
  topology.regions.forEach((reg, i) => {
    const info = regions.get(reg.name);
    if (info?.provider === undefined) {
      r.err(['topology', 'regions', i, 'name'], `region "${reg.name}" is not a well-known cloud region, so it needs a provider`, 'provider: aws | gcp | azure | onprem | other', didYouMean(reg.name, KNOWN_REGIONS.map((k) => k.name)));
    }
    if (reg.zones === undefined && info !== undefined && info.zones.length === 0) {
      r.err(['topology', 'regions', i], `region "${reg.name}" needs a zones list (only well-known regions have default zones)`, 'zones: [zone names]');
    }
    (info?.zones ?? []).forEach((z, j) => {
      const owner = zoneOwner.get(z);
      if (owner !== undefined && owner !== reg.name) r.err(['topology', 'regions', i, 'zones', j], `zone "${z}" already belongs to region "${owner}"`, 'zone names unique across the scenario');
      else if (owner !== undefined) r.err(['topology', 'regions', i, 'zones', j], `zone "${z}" is listed twice`);
      zoneOwner.set(z, reg.name);
    });
  });
}

function checkLinks(r: Reporter, topology: RawScenario['topology'], regions: ReadonlyMap<string, RegionInfo>): void {
  const linked = new Set<string>();
  topology.links?.forEach((l, i) => {
    const [a, b] = l.between;
    for (const [j, n] of [a, b].entries()) if (!regions.has(n)) r.unknown(['topology', 'links', i, 'between', j], 'region', n, regions.keys());
    if (a === b) r.err(['topology', 'links', i, 'between'], `a link joins two different regions, got "${a}" twice`);
    const key = [a, b].sort().join('\u0000');
    if (linked.has(key)) r.err(['topology', 'links', i, 'between'], `second link between "${a}" and "${b}"`, 'one link per pair of regions');
    linked.add(key);
  });
}

/** Every pair of regions needs an RTT: from a link, or estimated from two known locations. */
function checkRttCoverage(r: Reporter, topology: RawScenario['topology'], regions: ReadonlyMap<string, RegionInfo>): void {
  // The first link of a pair counts (a second one is already an error); a map keeps this linear in links.
  const firstLink = new Map<string, { rtt?: number | undefined }>();
  for (const l of topology.links ?? []) {
    const k = pairKey(l.between[0], l.between[1]);
    if (!firstLink.has(k)) firstLink.set(k, l);
  }
  const names = [...regions.values()];
  for (let x = 0; x < names.length; x++) {
    for (let y = x + 1; y < names.length; y++) {
      const [a, b] = [names[x], names[y]];
      if (a.location !== undefined && b.location !== undefined) continue;
      if (firstLink.get(pairKey(a.name, b.name))?.rtt !== undefined) continue;
      const lacking = a.location === undefined ? a : b;
      r.err(['topology', 'regions', lacking.index], `no RTT between "${a.name}" and "${b.name}": "${lacking.name}" is not a well-known region and has no location`, `a link { between: [${a.name}, ${b.name}], rtt: … } or a location { lat, lon }`);
    }
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
