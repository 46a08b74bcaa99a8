import type { Design, Scenario } from '../../scenario/types.js';
import type { Fleet } from '../fleet/types.js';
import { globToRegExp, matchesAny } from '../placement/glob.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';
import type { RawFlow } from './flowTypes.js';
import { responseFlows } from './responseFlows.js';
import { staticTraffic } from './staticTraffic.js';
import { storeFlows } from './storeFlows.js';
import { placedStores } from './storeLayout.js';

/**
 * Residency as data flow (docs/residency.md): which data of a data class crosses which region
 * boundary in a design, by reads, writes, replication and call responses, and whether the class
 * allows the region it reaches.
 */
export interface DataFlow {
  readonly dataClass: string;
  /** 'read' | 'write' | 'replication' | 'response' (a caller receiving a callee's data). */
  readonly via: 'read' | 'write' | 'replication' | 'response';
  /** The service (read, write, response: the one receiving or sending) or the store (replication). */
  readonly from: { readonly region: string; readonly cluster: string; readonly name: string };
  /** For the users' responses (leavesFleet): cluster '', name the user region, region the users' region. */
  readonly to: { readonly region: string; readonly cluster: string; readonly name: string };
  /** Mean bytes a year at the scenario's mean demand. */
  readonly bytesPerYear: number;
  /**
   * The entry service's response to the users who sent the request: the data leaves the fleet to
   * the person it was served to. Listed, never a violation: handing data to the user who asked for
   * it is not a transfer to another controller or processor (docs/residency.md).
   */
  readonly leavesFleet: boolean;
  /** The class does not allow `to.region` (a transfer out of its allowed regions). */
  readonly violation: boolean;
}

/**
 * Every data flow of every data class in one design, at mean demand through the healthy fleet.
 * Listed: flows that cross a region boundary, and flows that stay in a region the class does not
 * allow (data already out of place travelling on, e.g. a US copy of an EU service answering a US
 * caller); a flow inside one allowed region is no transfer and is left out. One entry per (class,
 * via, from, to), bytes summed; in the order: classes as the workload lists them, then responses,
 * the users' responses, reads and writes, replication.
 */
export function dataFlows(scenario: Scenario, design: Design, resolved: ResolvedDesign, fleet: Fleet): DataFlow[] {
  if (scenario.workload.dataClasses.length === 0) return [];
  const services = design.infrastructure?.services ?? scenario.workload.services;
  const C = fleet.clusters.length;
  const ready = new Int32Array(services.length * C);
  resolved.placement.services.forEach((p, s) => ready.set(p.placed, s * C));
  const traffic = staticTraffic(scenario, design, services, ready, fleet);
  const inputs = { fleet, services, traffic, stores: placedStores(scenario, design, fleet) };
  const out: DataFlow[] = [];
  for (const cls of scenario.workload.dataClasses) {
    const allowed = cls.allowedRegions.map(globToRegExp);
    const merged = mergeFlows([...responseFlows(scenario, services, fleet, traffic, cls.name), ...storeFlows(inputs, cls.name)]);
    for (const f of merged) {
      const leavesFleet = f.to.cluster === '';
      const violation = !leavesFleet && !matchesAny(f.to.region, allowed);
      if (f.from.region === f.to.region && !violation) continue;
      out.push({ dataClass: cls.name, via: f.via, from: f.from, to: f.to, bytesPerYear: f.bytesPerYear, leavesFleet, violation });
    }
  }
  return out;
}

/** One flow per (via, from, to), bytes summed, in the order each first appears. */
function mergeFlows(flows: readonly RawFlow[]): RawFlow[] {
  const byKey = new Map<string, RawFlow>();
  for (const f of flows) {
    const key = JSON.stringify([f.via, f.from.cluster, f.from.name, f.to.cluster, f.to.name]);
    const seen = byKey.get(key);
    byKey.set(key, seen === undefined ? f : { ...seen, bytesPerYear: seen.bytesPerYear + f.bytesPerYear });
  }
  return [...byKey.values()];
}
