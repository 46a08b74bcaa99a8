import type { ManifestDoc } from './manifestRead.js';
import { scenarioName } from './importScenario.js';

/** Free-form YAML, read defensively field by field. */
export type Obj = Record<string, any>;

export const meta = (d: Obj) => ({
  name: String(d.metadata?.name ?? ''),
  namespace: String(d.metadata?.namespace ?? 'default'),
  labels: (d.metadata?.labels ?? {}) as Record<string, string>,
});

/** A Service-style equality selector: empty or absent selects nothing (as a Service without one). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined || selector === null || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A Deployment or StatefulSet of the manifests, and the scenario service it becomes. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  namespace: string;
  labels: Record<string, string>;
  podLabels: Record<string, string>;
  /** The scenario service name (unique). */
  service: string;
  containers: Obj[];
  source: ManifestDoc;
}

/** Where an object is, for notes: file:line:col when known, else the file. */
export const where = (md: ManifestDoc, path: ReadonlyArray<string | number> = []) => (md.at !== undefined ? md.at(path) : md.file);

export function collectWorkloads(docs: readonly ManifestDoc[], notes: string[]): Workload[] {
  const workloads: Workload[] = [];
  const taken = new Set<string>();
  for (const md of docs) {
    const d = md.doc as Obj;
    if (d.kind !== 'Deployment' && d.kind !== 'StatefulSet') continue;
    const m = meta(d);
    const key = `${d.kind}/${m.namespace}/${m.name}`;
    if (workloads.some((w) => `${w.kind}/${w.namespace}/${w.name}` === key)) {
      notes.push(`${where(md)}: ${key} appears twice; the first is used`);
      continue;
    }
    let name = scenarioName(m.name);
    for (let i = 2; taken.has(name); i++) name = scenarioName(`${m.namespace}-${m.name}${i > 2 ? `-${i}` : ''}`);
    taken.add(name);
    const containers = Array.isArray(d.spec?.template?.spec?.containers) ? (d.spec.template.spec.containers as unknown[]).filter((c): c is Obj => c !== null && typeof c === 'object') : [];
    workloads.push({ kind: d.kind, name: m.name, namespace: m.namespace, labels: m.labels, podLabels: d.spec?.template?.metadata?.labels ?? {}, service: name, containers, source: md });
  }
  return workloads;
}

/** The workloads a Service's selector picks (same namespace). */
export function workloadsBehind(svc: Obj, workloads: readonly Workload[]): Workload[] {
  const ns = meta(svc).namespace;
  return workloads.filter((w) => w.namespace === ns && selects(svc.spec?.selector, w.podLabels));
}
