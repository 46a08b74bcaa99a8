import { createHash } from 'node:crypto';
import { resolveScenario, summarizePlacement } from '../run/placement.js';
import { parseScenario } from '../scenario/index.js';

/**
 * What the fleet map and the placement matrix show, as plain data: read from the scenario text the
 * results came from (results.json does not hold the topology or the placement). Only a text whose
 * sha256 is the one the results record is used: a scenario edited since the run would draw a fleet
 * that was never simulated.
 */
export interface FleetFacts {
  readonly regions: readonly {
    readonly name: string;
    readonly provider: string;
    /** null when the region has no known coordinates (a custom region without `location`). */
    readonly latDeg: number | null;
    readonly lonDeg: number | null;
    readonly clusters: readonly { readonly name: string; readonly zones: readonly string[]; readonly nodes: number; readonly pools: string }[];
  }[];
  /** One per unordered pair of regions. */
  readonly links: readonly { readonly a: string; readonly b: string; readonly rttMs: number; readonly source: 'scenario' | 'builtin-estimate' }[];
  readonly userRegions: readonly { readonly name: string; readonly ratePerS: number; readonly rttMsByRegion: Readonly<Record<string, number>> }[];
  /** Per design: replicas each service is assigned per cluster at the start (Karmada's assignment, before faults). */
  readonly placement: readonly {
    readonly design: string;
    readonly clusters: readonly string[];
    readonly services: readonly { readonly service: string; readonly replicasByCluster: Readonly<Record<string, number>>; readonly pending: number }[];
  }[];
}

export type FleetFactsResult = { readonly ok: true; readonly facts: FleetFacts } | { readonly ok: false; readonly why: string };

export function fleetFacts(text: string, fileName: string, sha256: string): FleetFactsResult {
  if (createHash('sha256').update(text).digest('hex') !== sha256) return { ok: false, why: 'the scenario text given is not the one these results were run from (its sha256 differs)' };
  const loaded = parseScenario(text, fileName);
  if (!loaded.ok) return { ok: false, why: `the scenario no longer loads with this fleetsim (${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}); run fleetsim check on it` };
  const s = loaded.scenario;
  let resolved: ReturnType<typeof resolveScenario>;
  try {
    resolved = resolveScenario(s);
  } catch (err) {
    return { ok: false, why: `its designs could not be placed again: ${(err as Error).message}` };
  }
  const regions = s.topology.regions.map((reg) => ({
    name: reg.name,
    provider: reg.provider,
    latDeg: reg.location?.latDeg ?? null,
    lonDeg: reg.location?.lonDeg ?? null,
    clusters: s.clusters
      .filter((c) => c.region === reg.name)
      .map((c) => ({
        name: c.name,
        zones: c.zones,
        nodes: c.nodePools.reduce((n, p) => n + p.count, 0),
        pools: c.nodePools.map((p) => `${p.count} × ${p.instanceType ?? p.name}`).join(', '),
      })),
  }));
  const placement = resolved.views.map((v) => {
    const rows = summarizePlacement(v.fleet, v.resolved.placement).rows;
    const clusters = v.resolved.usedClusters.length > 0 ? [...v.resolved.usedClusters] : [...new Set(rows.map((r) => r.cluster))];
    const services = v.scenario.workload.services.map((svc) => {
      const mine = rows.filter((r) => r.service === svc.name);
      return {
        service: svc.name,
        replicasByCluster: Object.fromEntries(mine.map((r) => [r.cluster, r.assigned])),
        pending: mine.reduce((n, r) => n + r.pending, 0),
      };
    });
    return { design: v.resolved.name, clusters, services };
  });
  return {
    ok: true,
    facts: {
      regions,
      links: s.topology.links.map((l) => ({ a: l.a, b: l.b, rttMs: l.rttMs, source: l.rttSource })),
      userRegions: s.workload.userRegions.map((u) => ({ name: u.name, ratePerS: u.ratePerS, rttMsByRegion: u.rttMsByRegion })),
      placement,
    },
  };
}
