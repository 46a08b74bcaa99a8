import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep, extname, basename } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { podRequests } from './snapshot.js';
import { scenarioName } from './importScenario.js';

/**
 * `fleetsim import manifests DIR`: Kubernetes and Karmada YAML → a workload and designs.
 *
 * - Deployments and StatefulSets become services (replicas, requests per pod summed over containers).
 * - A Service of type LoadBalancer or NodePort marks the workload it selects as the users' entry.
 * - Karmada PropagationPolicy / ClusterPropagationPolicy become placement policies, mapped onto the
 *   scenario's Karmada vocabulary (docs/placement.md). Policies in DIR itself form one design named
 *   after DIR; policies in each sub-directory form a design named after it (e.g. replicated/,
 *   segmented/), so one folder can hold the alternatives to compare.
 * - OverridePolicy: its overriders change images, labels, arguments, which the simulation does not
 *   see; a replica override cannot be expressed per cluster, so it is reported, not applied.
 */
export interface ManifestDoc {
  file: string;
  /** Sub-directory of DIR the file is in ('' for DIR itself). */
  group: string;
  doc: Record<string, unknown>;
}

export interface ManifestImport {
  services: Array<Record<string, unknown>>;
  /** The users' entry service (first LoadBalancer/NodePort Service's workload), if any. */
  entryService: string | undefined;
  designs: Array<Record<string, unknown>>;
  notes: string[];
}

const MAX_FILES = 2000;
const MAX_DEPTH = 6;

export function readManifestDir(dir: string): ManifestDoc[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new RangeError(`${dir}: not a directory`);
  const files: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (['.yaml', '.yml'].includes(extname(e.name))) {
        if (files.length >= MAX_FILES) throw new RangeError(`${dir}: more than ${MAX_FILES} YAML files`);
        files.push(p);
      }
    }
  };
  walk(dir, 0);
  const docs: ManifestDoc[] = [];
  for (const file of files) {
    const rel = relative(dir, file);
    const group = rel.includes(sep) ? rel.split(sep)[0] : '';
    for (const d of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (d.errors.length > 0) throw new RangeError(`${rel}: ${d.errors[0].message}`);
      const obj = d.toJS() as unknown;
      if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
        const o = obj as Record<string, unknown>;
        // kubectl-style List objects hold their items inline.
        if (o.kind === 'List' && Array.isArray(o.items)) for (const it of o.items) docs.push({ file: rel, group, doc: it as Record<string, unknown> });
        else docs.push({ file: rel, group, doc: o });
      }
    }
  }
  return docs;
}

/** Free-form YAML, read defensively field by field. */
type Obj = Record<string, any>;

const meta = (d: Obj) => ({ name: String(d.metadata?.name ?? ''), namespace: String(d.metadata?.namespace ?? 'default'), labels: (d.metadata?.labels ?? {}) as Record<string, string> });

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

interface Workload {
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  podLabels: Record<string, string>;
  service: string;
}

/** Karmada ClusterAffinity → the scenario's affinity (clusterNames, exclude, labels, regions, providers). */
function affinity(a: Obj | undefined, where: string, notes: string[]): Record<string, unknown> | undefined {
  if (a === undefined || a === null) return undefined;
  const out: Record<string, unknown> = {};
  if (Array.isArray(a.clusterNames) && a.clusterNames.length > 0) out.clusterNames = a.clusterNames.map(String);
  if (Array.isArray(a.exclude) && a.exclude.length > 0) out.exclude = a.exclude.map(String);
  if (a.labelSelector?.matchLabels !== undefined) out.labels = { ...a.labelSelector.matchLabels };
  if (Array.isArray(a.labelSelector?.matchExpressions) && a.labelSelector.matchExpressions.length > 0) notes.push(`${where}: labelSelector.matchExpressions not mapped (only matchLabels)`);
  for (const e of (a.fieldSelector?.matchExpressions ?? []) as Obj[]) {
    const values = (e.values ?? []).map(String);
    if (e.operator === 'In' && e.key === 'region') out.regions = values;
    else if (e.operator === 'In' && e.key === 'provider') out.providers = values;
    else notes.push(`${where}: fieldSelector ${e.key} ${e.operator} not mapped (region In and provider In are)`);
  }
  return out;
}

function replicaScheduling(r: Obj | undefined, where: string, notes: string[]): unknown {
  if (r === undefined || r === null) return undefined;
  if (r.replicaSchedulingType !== 'Divided') return 'duplicated';
  if (r.replicaDivisionPreference === 'Aggregated') return { type: 'divided', division: 'aggregated' };
  const wp = r.weightPreference as Obj | undefined;
  if (wp?.dynamicWeight === 'AvailableReplicas') return { type: 'divided', division: 'availableReplicas' };
  const weights: Record<string, number> = {};
  for (const w of (wp?.staticWeightList ?? []) as Obj[]) {
    const names = (w.targetCluster?.clusterNames ?? []) as string[];
    if (names.length === 0) notes.push(`${where}: a static weight targets clusters by label; only clusterNames are mapped`);
    for (const n of names) weights[String(n)] = Number(w.weight ?? 1);
  }
  return Object.keys(weights).length > 0 ? { type: 'divided', division: 'weighted', weights } : { type: 'divided', division: 'weighted' };
}

const seconds = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? `${v}s` : undefined);

/** One PropagationPolicy's placement → a scenario placement policy. */
export function placementPolicy(p: Obj, where: string, notes: string[]): Record<string, unknown> {
  const placement = (p.spec?.placement ?? {}) as Obj;
  const out: Record<string, unknown> = {};
  const a = affinity(placement.clusterAffinity, where, notes);
  if (a !== undefined) out.clusterAffinity = a;
  if (Array.isArray(placement.clusterAffinities)) {
    out.clusterAffinities = placement.clusterAffinities.map((g: Obj, i: number) => ({ name: scenarioName(String(g.affinityName ?? `group-${i + 1}`)), ...affinity(g, where, notes) }));
  }
  const rs = replicaScheduling(placement.replicaScheduling, where, notes);
  if (rs !== undefined) out.replicaScheduling = rs;
  if (Array.isArray(placement.spreadConstraints)) {
    out.spreadConstraints = placement.spreadConstraints
      .filter((c: Obj) => {
        if (c.spreadByField === undefined) notes.push(`${where}: spreadByLabel is not mapped`);
        return c.spreadByField !== undefined;
      })
      .map((c: Obj) => {
        const sc: Record<string, unknown> = { spreadByField: String(c.spreadByField) };
        if (c.minGroups !== undefined) sc.minGroups = Number(c.minGroups);
        if (c.maxGroups !== undefined) sc.maxGroups = Number(c.maxGroups);
        return sc;
      });
  }
  const app = p.spec?.failover?.application as Obj | undefined;
  if (app !== undefined) {
    const f: Record<string, unknown> = { enabled: true };
    const tol = seconds(app.decisionConditions?.tolerationSeconds);
    if (tol !== undefined) f.toleration = tol;
    if (app.purgeMode !== undefined) f.purgeMode = String(app.purgeMode);
    const grace = seconds(app.gracePeriodSeconds);
    if (grace !== undefined) f.gracefulEvictionTimeout = grace;
    out.failover = f;
  }
  return out;
}

/** Does this resource selector pick this workload? */
function selectorMatches(sel: Obj, w: Workload, policyNamespace: string | undefined): boolean {
  if (sel.kind !== undefined && sel.kind !== w.kind) return false;
  const ns = sel.namespace ?? policyNamespace;
  if (ns !== undefined && ns !== w.namespace) return false;
  if (sel.name !== undefined) return sel.name === w.name;
  if (sel.labelSelector?.matchLabels !== undefined) return selects(sel.labelSelector.matchLabels, w.labels);
  return true;
}

export function manifestsToDesigns(docs: readonly ManifestDoc[], dirName: string, options: { serviceTime: string }): ManifestImport {
  const notes: string[] = [];
  const workloads: Workload[] = [];
  const services: Array<Record<string, unknown>> = [];
  const taken = new Set<string>();
  for (const { doc, file } of docs) {
    const d = doc as Obj;
    if (d.kind !== 'Deployment' && d.kind !== 'StatefulSet') continue;
    const m = meta(d);
    const key = `${d.kind}/${m.namespace}/${m.name}`;
    if (workloads.some((w) => `${w.kind}/${w.namespace}/${w.name}` === key)) {
      notes.push(`${file}: ${key} appears twice; the first is used`);
      continue;
    }
    let name = scenarioName(m.name);
    for (let i = 2; taken.has(name); i++) name = scenarioName(`${m.namespace}-${m.name}${i > 2 ? `-${i}` : ''}`);
    taken.add(name);
    const req = podRequests(d.spec?.template?.spec?.containers);
    if (req.cpuMillicores === undefined || req.memoryBytes === undefined) notes.push(`${file}: ${key} requests no ${req.cpuMillicores === undefined ? 'CPU' : 'memory'}; the smallest accepted value is written`);
    workloads.push({ kind: d.kind, name: m.name, namespace: m.namespace, labels: m.labels, podLabels: d.spec?.template?.metadata?.labels ?? {}, service: name });
    services.push({
      name,
      replicas: typeof d.spec?.replicas === 'number' ? d.spec.replicas : 1,
      cpu: `${Math.max(1, req.cpuMillicores ?? 1)}m`,
      memory: `${Math.max(1, Math.ceil((req.memoryBytes ?? 2 ** 20) / 2 ** 20))}Mi`,
      serviceTime: options.serviceTime,
    });
  }
  if (services.length === 0) throw new RangeError(`${dirName}: no Deployment or StatefulSet found`);
  notes.push(`service time ${options.serviceTime} for every service (manifests do not say)`);

  // The users' entry: a workload exposed outside the cluster.
  let entryService: string | undefined;
  for (const { doc } of docs) {
    const d = doc as Obj;
    if (d.kind !== 'Service' || !['LoadBalancer', 'NodePort'].includes(String(d.spec?.type))) continue;
    const ns = meta(d).namespace;
    const w = workloads.find((x) => x.namespace === ns && selects(d.spec?.selector, x.podLabels));
    if (w !== undefined) {
      entryService ??= w.service;
      break;
    }
  }

  // Designs: propagation policies grouped by directory.
  const groups = new Map<string, ManifestDoc[]>();
  for (const md of docs) {
    const k = (md.doc as Obj).kind;
    if (k === 'PropagationPolicy' || k === 'ClusterPropagationPolicy' || k === 'OverridePolicy' || k === 'ClusterOverridePolicy') {
      groups.set(md.group, [...(groups.get(md.group) ?? []), md]);
    }
  }
  const designs: Array<Record<string, unknown>> = [];
  for (const [group, list] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const designName = scenarioName(group === '' ? basename(dirName) : group);
    const perService: Record<string, Record<string, unknown>> = {};
    // Karmada picks the highest explicit priority; equal priorities, the more specific selector (by name).
    const claimed = new Map<string, { priority: number; byName: boolean; policy: string }>();
    for (const { doc, file } of list) {
      const p = doc as Obj;
      const where = `${file}: ${p.kind} ${meta(p).name}`;
      if (p.kind === 'OverridePolicy' || p.kind === 'ClusterOverridePolicy') {
        for (const rule of (p.spec?.overrideRules ?? []) as Obj[]) {
          const kinds = Object.keys(rule.overriders ?? {});
          const plain = ((rule.overriders?.plaintext ?? []) as Obj[]).filter((x) => String(x.path).startsWith('/spec/replicas'));
          if (plain.length > 0) notes.push(`${where}: a per-cluster replica override cannot be expressed in a design; not applied`);
          else if (kinds.length > 0) notes.push(`${where}: ${kinds.join(', ')} change nothing the simulation sees`);
        }
        continue;
      }
      const policy = placementPolicy(p, where, notes);
      const priority = Number(p.spec?.priority ?? 0);
      const policyNs = p.kind === 'PropagationPolicy' ? meta(p).namespace : undefined;
      let matched = 0;
      for (const w of workloads) {
        const sel = ((p.spec?.resourceSelectors ?? []) as Obj[]).find((s) => selectorMatches(s, w, policyNs));
        if (sel === undefined) continue;
        matched++;
        const byName = sel.name !== undefined;
        const prev = claimed.get(w.service);
        if (prev !== undefined && (prev.priority > priority || (prev.priority === priority && (prev.byName || !byName)))) continue;
        claimed.set(w.service, { priority, byName, policy: meta(p).name });
        perService[w.service] = policy;
      }
      if (matched === 0) notes.push(`${where}: selects no Deployment or StatefulSet in the manifests`);
    }
    const unplaced = services.map((s) => s.name as string).filter((n) => perService[n] === undefined);
    const placement: Record<string, unknown> = { services: perService };
    if (unplaced.length > 0) {
      // A scenario design must place every service; Karmada would not propagate these at all.
      placement.default = { replicaScheduling: 'duplicated' };
      notes.push(`design ${designName}: no policy selects ${unplaced.join(', ')}; Karmada would not propagate them, but a scenario places every service, so they run duplicated on every cluster (edit placement.default)`);
    }
    designs.push({ name: designName, description: `From the Karmada policies in ${group === '' ? basename(dirName) : group}/.`, placement, traffic: { ingress: { dns: {} } } });
  }
  if (designs.length === 0) notes.push('no PropagationPolicy found: no design written');
  return { services, entryService, designs, notes };
}

/**
 * Put the imported workload and designs into a base scenario (its fleet, users, faults and run
 * settings stay). User regions whose entry service is gone enter at the imported entry service.
 */
export function mergeIntoBase(base: Record<string, unknown>, imported: ManifestImport): Record<string, unknown> {
  const out: Obj = structuredClone(base);
  out.workload = { ...(out.workload ?? {}), services: imported.services };
  const names = new Set(imported.services.map((s) => s.name as string));
  const entry = imported.entryService ?? (imported.services[0].name as string);
  const users = (out.workload.userRegions ?? []) as Obj[];
  out.workload.userRegions =
    users.length > 0
      ? users.map((u) => (names.has(u.entryService) ? u : { ...u, entryService: entry }))
      : [{ name: 'users', near: String((out.topology?.regions?.[0] as Obj | undefined)?.name ?? ''), rate: '1/s', entryService: entry }];
  // Calls to services that no longer exist would dangle.
  for (const s of imported.services) delete s.calls;
  if (imported.designs.length > 0) out.designs = imported.designs;
  return out;
}
