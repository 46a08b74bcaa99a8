import { clusterZones, type RegionInfo } from '../context.js';
import { overriddenClusters } from '../designOverrides.js';
import type { FieldPath } from '../errors.js';
import type { RawScenario } from '../schema.js';
import { checkPool } from './clusters.js';
import type { Reporter } from './report.js';

type RawHpa = NonNullable<RawScenario['workload']['services'][number]['autoscaling']>;

/**
 * What a design changes of the fleet (overrides), what it asks fleetsim to size for, and the
 * services' autoscalers: names that exist, and pools that are still valid pools once overridden
 * (an instance type that exists on the cluster's provider, a count inside the autoscaling bounds).
 */
export function checkDesignInfrastructure(r: Reporter, s: Partial<RawScenario>, regions: ReadonlyMap<string, RegionInfo>): void {
  s.workload?.services.forEach((sv, i) => sv.autoscaling && checkHpa(r, sv.autoscaling, ['workload', 'services', i, 'autoscaling']));
  s.designs?.forEach((d, di) => {
    const base: FieldPath = ['designs', di];
    if (d.sizing !== undefined) checkSizing(r, s, regions, d.sizing, [...base, 'sizing']);
    const o = d.overrides;
    if (o === undefined) return;
    const obase: FieldPath = [...base, 'overrides'];
    r.duplicates(o.clusters, [...obase, 'clusters'], 'cluster override');
    r.duplicates(o.services, [...obase, 'services'], 'service override');
    o.services?.forEach((so, si) => {
      const spath: FieldPath = [...obase, 'services', si];
      if (s.workload && !s.workload.services.some((x) => x.name === so.name)) r.unknown([...spath, 'name'], 'service', so.name, s.workload.services.map((x) => x.name));
      if (so.autoscaling) checkHpa(r, so.autoscaling, [...spath, 'autoscaling']);
    });
    if (!s.clusters) return;
    const patched = overriddenClusters(s.clusters, o);
    o.clusters?.forEach((co, ci) => {
      const cpath: FieldPath = [...obase, 'clusters', ci];
      const index = s.clusters!.findIndex((c) => c.name === co.name);
      if (index < 0) {
        r.unknown([...cpath, 'name'], 'cluster', co.name, s.clusters!.map((c) => c.name));
        return;
      }
      const c = patched[index];
      r.duplicates(co.nodePools, [...cpath, 'nodePools'], 'node pool override');
      co.nodePools?.forEach((po, pi) => {
        const ppath: FieldPath = [...cpath, 'nodePools', pi];
        const pool = c.nodePools.find((p) => p.name === po.name);
        if (pool === undefined) {
          r.unknown([...ppath, 'name'], `node pool of cluster "${c.name}"`, po.name, c.nodePools.map((p) => p.name));
          return;
        }
        checkPool(r, s, c, pool, ppath, regions.get(c.region), clusterZones(c, regions), { cpu: 0, memory: 0 });
      });
    });
  });
}

function checkHpa(r: Reporter, h: RawHpa, path: FieldPath): void {
  if (h.minReplicas > h.maxReplicas) r.err([...path, 'minReplicas'], `minReplicas ${h.minReplicas} is above maxReplicas ${h.maxReplicas}`, 'minReplicas ≤ maxReplicas');
  if (!(h.targetCpuUtilization > 0)) r.err([...path, 'targetCpuUtilization'], 'the target utilization must be above 0%', 'e.g. 70%');
}

function checkSizing(r: Reporter, s: Partial<RawScenario>, regions: ReadonlyMap<string, RegionInfo>, z: NonNullable<RawScenario['designs'][number]['sizing']>, path: FieldPath): void {
  if (z.headroom !== undefined && z.headroom >= 1) r.err([...path, 'headroom'], 'a headroom of 100% or more leaves no capacity to use', 'e.g. 20%');
  const v = z.survive;
  if (v === undefined || typeof v === 'string') return;
  const given = (['zone', 'cluster', 'region'] as const).filter((k) => v[k] !== undefined);
  if (given.length !== 1) {
    r.err([...path, 'survive'], given.length === 0 ? 'name the zone, cluster or region to survive' : `give one of ${given.join(', ')}, not ${given.length}`, '{ region: eu-west-1 } or one of none, zone, cluster, region');
    return;
  }
  const k = given[0];
  const nm = v[k]!;
  const known = k === 'region' ? [...regions.keys()] : k === 'zone' ? [...regions.values()].flatMap((x) => x.zones) : (s.clusters ?? []).map((c) => c.name);
  if ((k === 'cluster' ? s.clusters : s.topology) && !known.includes(nm)) r.unknown([...path, 'survive', k], k, nm, known);
}
