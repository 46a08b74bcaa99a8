import { globMatch, type RegionInfo } from '../context.js';
import { HORIZON_S } from '../defaults.js';
import type { FieldPath } from '../errors.js';
import { didYouMean, regionList } from '../hints.js';
import { KNOWN_REGIONS, knownRegion } from '../regions.js';
import type { RawScenario } from '../schema.js';
import { formatBytes, formatCpu } from '../units.js';
import type { ClusterInfo } from './clusters.js';
import type { Reporter } from './report.js';

type Workload = RawScenario['workload'];

/** Service names → index of their first definition. */
export type ServiceIndex = ReadonlyMap<string, number>;

/**
 * Services (calls to known services, no call cycle, pods that fit some node, known data class),
 * data classes (allowed regions that match) and user regions (entry service, where they are).
 */
export function checkWorkload(r: Reporter, s: Partial<RawScenario>, regions: ReadonlyMap<string, RegionInfo>, clusters: ReadonlyMap<string, ClusterInfo>): ServiceIndex {
  const services = new Map<string, number>();
  if (!s.workload) return services;
  const w = s.workload;
  r.duplicates(w.services, ['workload', 'services'], 'service');
  r.duplicates(w.userRegions, ['workload', 'userRegions'], 'user region');
  r.duplicates(w.dataClasses, ['workload', 'dataClasses'], 'data class');
  w.services.forEach((sv, i) => services.has(sv.name) || services.set(sv.name, i));
  const dataClasses = new Map<string, number>();
  w.dataClasses?.forEach((d, i) => dataClasses.has(d.name) || dataClasses.set(d.name, i));
  checkDataClasses(r, s, w, regions);
  w.services.forEach((sv, i) => checkService(r, sv, ['workload', 'services', i], services, dataClasses, clusters));
  for (const cycle of callCycles(w.services)) {
    const [first] = cycle;
    const ci = w.services[first.service].calls!.findIndex((c) => c.service === w.services[first.next].name);
    r.err(['workload', 'services', first.service, 'calls', ci, 'service'], `the call graph has a cycle: ${[...cycle.map((c) => w.services[c.service].name), w.services[first.service].name].join(' → ')}`, 'an acyclic call graph (fleetsim models request trees)');
  }
  w.userRegions.forEach((u, i) => checkUserRegion(r, s, u, ['workload', 'userRegions', i], services, regions));
  return services;
}

function checkDataClasses(r: Reporter, s: Partial<RawScenario>, w: Workload, regions: ReadonlyMap<string, RegionInfo>): void {
  w.dataClasses?.forEach((d, i) => {
    d.allowedRegions.forEach((g, gi) => {
      if (s.topology && ![...regions.keys()].some((reg) => globMatch(g, reg))) {
        r.err(['workload', 'dataClasses', i, 'allowedRegions', gi], `"${g}" matches no region of the topology`, `a region name or glob over ${[...regions.keys()].join(', ')}`, didYouMean(g, regions.keys()) ?? regionList(regions));
      }
    });
  });
}

function checkService(r: Reporter, sv: Workload['services'][number], base: FieldPath, services: ServiceIndex, dataClasses: ReadonlyMap<string, number>, clusters: ReadonlyMap<string, ClusterInfo>): void {
  sv.calls?.forEach((c, ci) => {
    if (!services.has(c.service)) r.unknown([...base, 'calls', ci, 'service'], 'service', c.service, services.keys());
  });
  if (sv.dataClass !== undefined && !dataClasses.has(sv.dataClass)) r.unknown([...base, 'dataClass'], 'data class', sv.dataClass, dataClasses.keys());
  if (clusters.size === 0) return;
  const all = [...clusters.values()];
  if (all.some((c) => c.maxNode.cpu >= sv.cpu && c.maxNode.memory >= sv.memory)) return;
  const maxCpu = Math.max(...all.map((c) => c.maxNode.cpu));
  const maxMem = Math.max(...all.map((c) => c.maxNode.memory));
  r.err([...base, sv.cpu > maxCpu ? 'cpu' : 'memory'], `a pod of "${sv.name}" (${formatCpu(sv.cpu)} CPU, ${formatBytes(sv.memory)}) is larger than any node (largest: ${formatCpu(maxCpu)} CPU, ${formatBytes(maxMem)})`, 'requests that fit on a node (nodes also reserve some capacity for the system)', 'add a node pool with larger instances, or lower the request');
}

function checkUserRegion(r: Reporter, s: Partial<RawScenario>, u: Workload['userRegions'][number], base: FieldPath, services: ServiceIndex, regions: ReadonlyMap<string, RegionInfo>): void {
  if (!services.has(u.entryService)) r.unknown([...base, 'entryService'], 'service', u.entryService, services.keys());
  if ((u.near === undefined) === (u.rtt === undefined)) {
    r.err(base, u.near === undefined ? 'a user region needs near (a cloud region) or rtt (to every region)' : 'give near or rtt, not both', 'near: <region> or rtt: { <region>: <duration>, … }');
  }
  if (u.accessRtt !== undefined && u.near === undefined) r.err([...base, 'accessRtt'], 'accessRtt applies with near only');
  if (s.topology) {
    if (u.near !== undefined && !regions.has(u.near)) {
      if (knownRegion(u.near) === undefined) r.unknown([...base, 'near'], 'region', u.near, [...regions.keys(), ...KNOWN_REGIONS.map((k) => k.name)]);
      else {
        const lacking = [...regions.values()].find((reg) => reg.location === undefined);
        if (lacking) r.err([...base, 'near'], `users near "${u.near}" (not a topology region) need a location for "${lacking.name}" to estimate the RTT`, 'near: a topology region, or rtt: { … }');
      }
    }
    if (u.rtt !== undefined) {
      for (const reg of Object.keys(u.rtt)) if (!regions.has(reg)) r.unknown([...base, 'rtt', reg], 'region', reg, regions.keys());
      const missing = [...regions.keys()].filter((reg) => u.rtt![reg] === undefined);
      if (missing.length > 0) r.err([...base, 'rtt'], `no RTT from "${u.name}" to ${missing.join(', ')}`, 'an RTT to every region of the topology');
    }
    if (u.via !== undefined && !regions.has(u.via)) r.unknown([...base, 'via'], 'region', u.via, regions.keys());
  }
  const horizon = s.run?.horizon ?? HORIZON_S;
  u.spikes?.forEach((sp, si) => {
    if (sp.at >= horizon) r.warn([...base, 'spikes', si, 'at'], 'this spike starts after the end of the run (run.horizon)');
  });
}

/** Each elementary cycle reported once, as the list of (service, next) edges from its first service. */
function callCycles(services: Workload['services']): { service: number; next: number }[][] {
  const index = new Map(services.map((s, i) => [s.name, i]));
  const color = new Uint8Array(services.length); // 0 new, 1 on stack, 2 done
  const stack: number[] = [];
  const cycles: { service: number; next: number }[][] = [];
  const visit = (u: number): void => {
    color[u] = 1;
    stack.push(u);
    for (const c of services[u].calls ?? []) {
      const v = index.get(c.service);
      if (v === undefined) continue;
      if (color[v] === 1) {
        const from = stack.indexOf(v);
        const loop = stack.slice(from);
        cycles.push(loop.map((s, k) => ({ service: s, next: loop[(k + 1) % loop.length] })));
      } else if (color[v] === 0) visit(v);
    }
    stack.pop();
    color[u] = 2;
  };
  for (let i = 0; i < services.length; i++) if (color[i] === 0) visit(i);
  return cycles;
}
