import { globMatch, type RegionInfo } from '../context.js';
import type { FieldPath } from '../errors.js';
import { didYouMean, regionList } from '../hints.js';
import { affinityGroups, affinityMatches, effectivePolicy, schedulingOf, type ClusterFacts } from '../policies.js';
import type { RawPolicy, RawScenario } from '../schema.js';
import { formatBytes, formatCpu } from '../units.js';
import type { ClusterLookups } from './clusters.js';
import type { Reporter } from './report.js';
import type { ServiceIndex } from './workload.js';

type RawDesign = RawScenario['designs'][number];
type Service = RawScenario['workload']['services'][number];

interface Context {
  readonly s: Partial<RawScenario>;
  readonly regions: ReadonlyMap<string, RegionInfo>;
  readonly clusters: ClusterLookups;
  readonly services: ServiceIndex;
  readonly memo: Memo;
}

/**
 * Services mostly share their design's default policy, so the cluster sets it selects are
 * computed once per affinity object and per residency rule, not once per service: a file with
 * a thousand services, a thousand clusters and fifty designs is checked in about a second.
 */
class Memo {
  private readonly selected = new Map<object, readonly ClusterFacts[]>();
  private readonly filtered = new Map<readonly ClusterFacts[], Map<string, readonly ClusterFacts[]>>();
  private readonly spread = new Map<readonly ClusterFacts[], Map<string, number>>();

  selectedBy(affinity: object, compute: () => readonly ClusterFacts[]): readonly ClusterFacts[] {
    let v = this.selected.get(affinity);
    if (v === undefined) this.selected.set(affinity, (v = compute()));
    return v;
  }

  filteredBy(list: readonly ClusterFacts[], key: string, compute: () => readonly ClusterFacts[]): readonly ClusterFacts[] {
    let byKey = this.filtered.get(list);
    if (byKey === undefined) this.filtered.set(list, (byKey = new Map()));
    let v = byKey.get(key);
    if (v === undefined) byKey.set(key, (v = compute()));
    return v;
  }

  private readonly shapes = new Map<readonly ClusterFacts[], readonly { cpu: number; memory: number }[]>();

  /** The distinct largest-node shapes of a cluster list (usually a handful). */
  shapesBy(list: readonly ClusterFacts[], compute: () => readonly { cpu: number; memory: number }[]): readonly { cpu: number; memory: number }[] {
    let v = this.shapes.get(list);
    if (v === undefined) this.shapes.set(list, (v = compute()));
    return v;
  }

  spreadBy(list: readonly ClusterFacts[], field: string, compute: () => number): number {
    let byField = this.spread.get(list);
    if (byField === undefined) this.spread.set(list, (byField = new Map()));
    let v = byField.get(field);
    if (v === undefined) byField.set(field, (v = compute()));
    return v;
  }
}

/** Designs: ingress, names in placement policies, and whether every service can be placed at all. */
export function checkDesigns(r: Reporter, s: Partial<RawScenario>, regions: ReadonlyMap<string, RegionInfo>, clusters: ClusterLookups, services: ServiceIndex): void {
  if (!s.designs) return;
  const ctx: Context = { s, regions, clusters, services, memo: new Memo() };
  r.duplicates(s.designs, ['designs'], 'design');
  s.designs.forEach((d, di) => {
    const base: FieldPath = ['designs', di];
    const ing = d.traffic.ingress;
    if ((ing.dns === undefined) === (ing.anycast === undefined)) {
      r.err([...base, 'traffic', 'ingress'], ing.dns ? 'give dns or anycast, not both' : 'the ingress must be dns or anycast', 'dns: { … } or anycast: { … }');
    }
    for (const sv of Object.keys(d.placement.services ?? {})) {
      if (s.workload && !services.has(sv)) r.unknown([...base, 'placement', 'services', sv], 'service', sv, services.keys());
    }
    if (d.placement.default) checkPolicyNames(r, ctx, d.placement.default, [...base, 'placement', 'default']);
    for (const [sv, p] of Object.entries(d.placement.services ?? {})) checkPolicyNames(r, ctx, p, [...base, 'placement', 'services', sv]);
    if (!s.workload || !s.clusters) return;
    for (const sv of s.workload.services) checkPlaceable(r, ctx, d, base, sv);
  });
}

/** A policy on its own: the names it refers to and the consistency of its fields. */
function checkPolicyNames(r: Reporter, { s, regions, clusters }: Context, p: RawPolicy, ppath: FieldPath): void {
  const byName = clusters.byName;
  if (p.clusterAffinity !== undefined && p.clusterAffinities !== undefined) r.err([...ppath, 'clusterAffinities'], 'give clusterAffinity or clusterAffinities, not both');
  const regionMatches = (g: string) => [...regions.keys()].some((x) => globMatch(g, x));
  for (const g of affinityGroups(p)) {
    const gpath = [...ppath, ...g.pathSuffix];
    g.affinity.clusterNames?.forEach((n, ni) => s.clusters && !byName.has(n) && r.unknown([...gpath, 'clusterNames', ni], 'cluster', n, byName.keys()));
    g.affinity.exclude?.forEach((n, ni) => s.clusters && !byName.has(n) && r.unknown([...gpath, 'exclude', ni], 'cluster', n, byName.keys()));
    g.affinity.regions?.forEach((reg, ri) => {
      if (s.topology && !regionMatches(reg)) r.err([...gpath, 'regions', ri], `"${reg}" matches no region`, 'a region name or glob', didYouMean(reg, regions.keys()) ?? regionList(regions));
    });
  }
  const sch = schedulingOf(p);
  const spath = [...ppath, 'replicaScheduling'];
  if (sch.type === 'duplicated' && (sch.division !== undefined || sch.weights !== undefined)) r.err(spath, 'duplicated takes no division or weights', 'type: divided to split replicas');
  if (sch.weights !== undefined && sch.division !== undefined && sch.division !== 'weighted') r.err([...spath, 'weights'], `weights apply to division weighted, not ${sch.division}`);
  for (const n of Object.keys(sch.weights ?? {})) if (s.clusters && !byName.has(n)) r.unknown([...spath, 'weights', n], 'cluster', n, byName.keys());
  p.spreadConstraints?.forEach((sc, si) => {
    if (sc.maxGroups !== undefined && sc.minGroups !== undefined && sc.minGroups > sc.maxGroups) r.err([...ppath, 'spreadConstraints', si, 'minGroups'], `minGroups ${sc.minGroups} is above maxGroups ${sc.maxGroups}`, 'minGroups ≤ maxGroups');
  });
  p.residency?.allowedRegions.forEach((reg, ri) => {
    if (s.topology && !regionMatches(reg)) r.err([...ppath, 'residency', 'allowedRegions', ri], `"${reg}" matches no region`, 'a region name or glob', didYouMean(reg, regions.keys()) ?? regionList(regions));
  });
}

interface GroupProblem {
  readonly path: FieldPath;
  readonly message: string;
  readonly expected?: string;
  readonly hint?: string;
}

/** Whether a service can be placed at all under a design: affinity ∩ hard residency ∩ node size, spreads. */
function checkPlaceable(r: Reporter, ctx: Context, d: RawDesign, base: FieldPath, sv: Service): void {
  const eff = effectivePolicy(d, sv.name);
  if (eff === undefined) {
    r.err([...base, 'placement'], `no placement for service "${sv.name}"`, `placement.default, or placement.services.${sv.name}`);
    return;
  }
  const ppath: FieldPath = [...base, ...eff.path];
  const p = eff.policy;
  const groups = affinityGroups(p);
  let anyHosts = false;
  // A backup affinity group that cannot host is only a warning when another group can.
  const problems: GroupProblem[] = [];
  groups.forEach((g, gi) => {
    const before = problems.length;
    const hosts = checkGroup(r, ctx, d, sv, p, ppath, g, gi, groups.length, problems);
    if (hosts && problems.length === before) anyHosts = true;
  });
  for (const gp of problems) {
    if (anyHosts && groups.length > 1) r.warn(gp.path, `${gp.message}; this affinity group can never host it`, gp.hint);
    else r.err(gp.path, gp.message, gp.expected, gp.hint);
  }
  checkWeights(r, ctx.clusters, ctx.memo, p, ppath);
}

/** One affinity group of a service; true when some selected cluster has nodes large enough. */
function checkGroup(r: Reporter, ctx: Context, d: RawDesign, sv: Service, p: RawPolicy, ppath: FieldPath, g: ReturnType<typeof affinityGroups>[number], gi: number, groupCount: number, problems: GroupProblem[]): boolean {
  const { facts, byName } = ctx.clusters;
  const selected = ctx.memo.selectedBy(g.affinity, () => facts.filter((c) => affinityMatches(g.affinity, c)));
  const gpath = [...ppath, ...g.pathSuffix];
  if (selected.length === 0) {
    problems.push({ path: gpath, message: `the cluster affinity${groupCount > 1 ? ` group ${gi + 1}` : ''} of "${sv.name}" in design "${d.name}" selects no cluster`, expected: `a selector matching some of ${[...byName.keys()].join(', ')}` });
    return false;
  }
  const allowed = residencyFilter(r, ctx, sv, p, ppath, selected, problems);
  const shapes = ctx.memo.shapesBy(allowed, () => {
    const seen = new Map<string, { cpu: number; memory: number }>();
    for (const c of allowed) {
      const k = byName.get(c.name);
      if (k !== undefined) seen.set(`${k.maxNode.cpu}/${k.maxNode.memory}`, k.maxNode);
    }
    return [...seen.values()];
  });
  const fits = shapes.some((m) => m.cpu >= sv.cpu && m.memory >= sv.memory);
  if (allowed.length > 0 && !fits) {
    problems.push({ path: [...gpath], message: `no cluster selected for "${sv.name}" in design "${d.name}" has a node large enough for its pods (${formatCpu(sv.cpu)} CPU, ${formatBytes(sv.memory)})`, expected: 'a selected cluster with larger nodes' });
  }
  p.spreadConstraints?.forEach((sc, si) => {
    const groupsAvail = ctx.memo.spreadBy(allowed, sc.spreadByField, () =>
      new Set(
        allowed.flatMap((c) => {
          if (sc.spreadByField === 'cluster') return [c.name];
          if (sc.spreadByField === 'region') return [c.region];
          if (sc.spreadByField === 'provider') return [c.provider ?? '?'];
          return [...(byName.get(c.name)?.zones ?? [])];
        }),
      ).size,
    );
    const min = sc.minGroups ?? 1;
    if (allowed.length > 0 && min > groupsAvail) {
      problems.push({ path: [...ppath, 'spreadConstraints', si, 'minGroups'], message: `"${sv.name}" must spread over at least ${min} ${sc.spreadByField}s, but the design allows only ${groupsAvail}${groupCount > 1 ? ` in affinity group ${gi + 1}` : ''}`, expected: `minGroups ≤ ${groupsAvail}` });
    }
  });
  return fits;
}

/** The selected clusters that hard residency rules (the policy's, the data class's) allow. */
function residencyFilter(r: Reporter, { s, memo }: Context, sv: Service, p: RawPolicy, ppath: FieldPath, selected: readonly ClusterFacts[], problems: GroupProblem[]): readonly ClusterFacts[] {
  const cls = s.workload?.dataClasses?.find((x) => x.name === sv.dataClass);
  const rules = [
    ...(p.residency ? [{ allowed: p.residency.allowedRegions, hard: (p.residency.enforcement ?? 'hard') === 'hard', what: 'the residency rule', path: [...ppath, 'residency'] }] : []),
    ...(cls ? [{ allowed: cls.allowedRegions, hard: (cls.enforcement ?? 'hard') === 'hard', what: `data class "${cls.name}"`, path: [...ppath] }] : []),
  ];
  let allowed = selected;
  for (const rule of rules) {
    const from = allowed;
    const ok = memo.filteredBy(from, rule.allowed.join('\u0000'), () => from.filter((c) => rule.allowed.some((g) => globMatch(g, c.region))));
    if (ok.length === 0) {
      const msg = `${rule.what} of "${sv.name}" (allowed regions ${rule.allowed.join(', ')}) is satisfied by no cluster the design selects (${selected.map((c) => `${c.name} in ${c.region}`).join(', ')})`;
      if (rule.hard) problems.push({ path: rule.path, message: msg, expected: 'at least one selected cluster in an allowed region', hint: 'add a cluster in an allowed region, widen the affinity, or use enforcement: audit' });
      else r.warn(rule.path, `${msg}; audit only, so it will be placed and flagged`);
    }
    if (rule.hard) allowed = ok;
  }
  return allowed;
}

function checkWeights(r: Reporter, { facts, byName }: ClusterLookups, memo: Memo, p: RawPolicy, ppath: FieldPath): void {
  const sch = schedulingOf(p);
  if (sch.weights === undefined) return;
  const selectedNames = new Set(affinityGroups(p).flatMap((g) => memo.selectedBy(g.affinity, () => facts.filter((c) => affinityMatches(g.affinity, c))).map((c) => c.name)));
  for (const n of Object.keys(sch.weights)) {
    if (byName.has(n) && !selectedNames.has(n)) r.warn([...ppath, 'replicaScheduling', 'weights', n], `cluster "${n}" has a weight but the affinity does not select it; the weight is ignored`);
  }
  if (Object.values(sch.weights).every((x) => x === 0)) r.err([...ppath, 'replicaScheduling', 'weights'], 'all weights are zero', 'at least one positive weight');
}
