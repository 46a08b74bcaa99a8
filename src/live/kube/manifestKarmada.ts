import { basename } from 'node:path';
import { scenarioName } from './importScenario.js';
import type { ManifestDoc } from './manifestRead.js';
import { meta, selects, where as at, type Obj, type Workload } from './manifestWorkloads.js';

/**
 * Karmada PropagationPolicy / ClusterPropagationPolicy → scenario placement policies, in the
 * scenario's Karmada vocabulary (docs/placement.md). Policies in a folder argument itself form one
 * design named after it; policies in each sub-folder form a design named after the sub-folder (e.g.
 * replicated/, segmented/), so one folder can hold the alternatives to compare. OverridePolicy: its
 * overriders change images, labels, arguments, which the simulation does not see; a replica override
 * cannot be expressed per cluster, so it is reported, not applied.
 */
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

/** One design per folder of policies; none when the manifests hold no PropagationPolicy. */
export function karmadaDesigns(docs: readonly ManifestDoc[], workloads: readonly Workload[], serviceNames: readonly string[], dirName: string, notes: string[]): Array<Record<string, unknown>> {
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
    for (const md of list) {
      const p = md.doc as Obj;
      const where = `${at(md)}: ${p.kind} ${meta(p).name}`;
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
    const unplaced = serviceNames.filter((n) => perService[n] === undefined);
    const placement: Record<string, unknown> = { services: perService };
    if (unplaced.length > 0) {
      // A scenario design must place every service; Karmada would not propagate these at all.
      placement.default = { replicaScheduling: 'duplicated' };
      notes.push(`design ${designName}: no policy selects ${unplaced.join(', ')}; Karmada would not propagate them, but a scenario places every service, so they run duplicated on every cluster (edit placement.default)`);
    }
    designs.push({ name: designName, description: `From the Karmada policies in ${group === '' ? basename(dirName) : group}/.`, placement, traffic: { ingress: { dns: {} } } });
  }
  return designs;
}
