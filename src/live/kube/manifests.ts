import type { ManifestDoc } from './manifestRead.js';
import { collectWorkloads, meta, where, workloadsBehind, type Obj, type Workload } from './manifestWorkloads.js';
import { inferCallGraph, type CallEdge, type LoadGenerator } from './manifestGraph.js';
import { readScaling } from './manifestScaling.js';
import { karmadaDesigns } from './manifestKarmada.js';
import { concurrencyFor, podSize, roleOf, SERVICE_TIME_BY_ROLE, SLOTS_PER_CORE } from './manifestDefaults.js';

export { placementPolicy } from './manifestKarmada.js';
export { readManifestDir, readManifestInputs, parseManifestText, ManifestInputError, type ManifestDoc } from './manifestRead.js';

/**
 * `fleetsim import manifests`: Kubernetes and Karmada YAML → a workload and designs.
 *
 * - Deployments and StatefulSets become services: replicas, pod CPU and memory from requests (limits
 *   where a container requests nothing), concurrency from the CPU request, a service time by role.
 * - Calls between them come from Service names in env vars, ConfigMaps and flags (manifestGraph.ts);
 *   load generators are left out and their target taken as the users' entry.
 * - HorizontalPodAutoscalers and PodDisruptionBudgets become `autoscaling` and `disruptionBudget`.
 * - A Service of type LoadBalancer or NodePort (or an Ingress backend) marks the users' entry.
 * - Karmada policies become designs (manifestKarmada.ts); --clusters adds replicated and segmented
 *   ones over a fleet (manifestFleet.ts).
 */
export interface ManifestImport {
  services: Array<Record<string, unknown>>;
  /** The users' entry service, if the manifests say (LoadBalancer/NodePort, Ingress, load generator). */
  entryService: string | undefined;
  designs: Array<Record<string, unknown>>;
  /** Inferred calls, each with its evidence. */
  edges: CallEdge[];
  /** Workloads left out as load generators. */
  loadGenerators: LoadGenerator[];
  /** Services whose image is a datastore's (redis, postgres …): segmentation keeps one with its only caller. */
  datastores: string[];
  notes: string[];
}

export interface ManifestImportOptions {
  /** One service time for every service; default: by role (SERVICE_TIME_BY_ROLE). */
  serviceTime?: string;
}

const MiB = 2 ** 20;

export function manifestsToDesigns(docs: readonly ManifestDoc[], dirName: string, options: ManifestImportOptions = {}): ManifestImport {
  const notes: string[] = [];
  const all = collectWorkloads(docs, notes);
  notes.push(...unreadNotes(docs));
  if (all.length === 0) throw new RangeError(`${dirName}: no Deployment or StatefulSet found (kinds seen: ${[...new Set(docs.map((d) => String((d.doc as Obj).kind ?? '?')))].join(', ') || 'none'})`);
  const graph = inferCallGraph(docs, all);
  notes.push(...graph.notes);
  const skipped = new Set(graph.loadGenerators.map((l) => l.service));
  for (const l of graph.loadGenerators) notes.push(`${l.reason}: left out as a load generator${l.targets.length > 0 ? ` (it calls ${l.targets.join(', ')})` : ''}; the scenario's userRegions are the demand`);
  const workloads: Workload[] = all.filter((w) => !skipped.has(w.service));
  if (workloads.length === 0) throw new RangeError(`${dirName}: every Deployment and StatefulSet is a load generator; nothing to simulate`);
  for (const e of graph.edges) notes.push(`call ${e.from} → ${e.to}: ${e.evidence}`);
  if (graph.edges.length > 0) notes.push(`callsPerRequest 1 and default message sizes on every inferred call (manifests do not say how often)`);
  const scaling = readScaling(docs, workloads, notes);

  const services: Array<Record<string, unknown>> = [];
  const defaulted = { cpu: [] as string[], memory: [] as string[], limits: [] as string[], replicas: [] as string[] };
  const byRole = new Map<string, string[]>();
  for (const w of workloads) {
    const d = w.source.doc as Obj;
    const size = podSize(w.containers);
    if (size.cpuMillicores === undefined) defaulted.cpu.push(w.service);
    if (size.memoryBytes === undefined) defaulted.memory.push(w.service);
    if (size.fromLimits.length > 0) defaulted.limits.push(`${w.service} (${size.fromLimits.join(', ')})`);
    const calls = graph.edges.filter((e) => e.from === w.service).map((e) => e.to).sort();
    const sc = scaling.get(w.service) ?? {};
    const hpaMin = sc.autoscaling?.minReplicas as number | undefined;
    let replicas = typeof d.spec?.replicas === 'number' && Number.isInteger(d.spec.replicas) && d.spec.replicas >= 0 ? (d.spec.replicas as number) : undefined;
    if (replicas === undefined) {
      replicas = hpaMin ?? 1;
      if (d.spec?.replicas !== undefined) notes.push(`${where(w.source, ['spec', 'replicas'])}: ${w.kind} ${w.name}: replicas ${JSON.stringify(d.spec.replicas)} is not a count: ${replicas}`);
      else if (hpaMin !== undefined) notes.push(`${w.kind} ${w.name} sets no replicas: ${replicas}, its HPA's minReplicas`);
      else defaulted.replicas.push(w.service);
    }
    const role = roleOf(w, calls.length > 0);
    byRole.set(role, [...(byRole.get(role) ?? []), w.service]);
    const service: Record<string, unknown> = {
      name: w.service,
      replicas,
      cpu: `${Math.max(1, size.cpuMillicores ?? 1)}m`,
      memory: `${Math.max(1, Math.ceil((size.memoryBytes ?? MiB) / MiB))}Mi`,
      serviceTime: options.serviceTime ?? structuredClone(SERVICE_TIME_BY_ROLE[role]),
      concurrencyPerPod: concurrencyFor(size.cpuMillicores),
    };
    if (calls.length > 0) service.calls = calls.map((to) => ({ service: to }));
    if (sc.autoscaling !== undefined) service.autoscaling = sc.autoscaling;
    if (sc.disruptionBudget !== undefined) service.disruptionBudget = sc.disruptionBudget;
    if (w.kind === 'StatefulSet') service.statefulSet = true;
    services.push(service);
  }
  if (defaulted.replicas.length > 0) notes.push(`no replicas set: ${defaulted.replicas.join(', ')}: 1 (Kubernetes' default)`);
  const single = services.filter((s) => s.replicas === 1 && s.autoscaling === undefined).map((s) => s.name as string);
  if (single.length > 0) notes.push(`one replica: ${single.join(', ')}: a design that runs them in one cluster has a single point of failure there (fleetsim check warns)`);
  if (defaulted.cpu.length > 0) notes.push(`no CPU request or limit: ${defaulted.cpu.join(', ')}: 1m written (the scheduler counts it as 0) and concurrencyPerPod 1`);
  if (defaulted.memory.length > 0) notes.push(`no memory request or limit: ${defaulted.memory.join(', ')}: 1Mi written`);
  if (defaulted.limits.length > 0) notes.push(`requests taken from limits (the API server defaults a missing request to the limit): ${defaulted.limits.join('; ')}`);
  notes.push(`concurrencyPerPod = ${SLOTS_PER_CORE} per requested core (at least 1): manifests do not say how many requests a pod serves at once`);
  if (options.serviceTime !== undefined) notes.push(`service time ${options.serviceTime} for every service (--service-time)`);
  else {
    for (const [role, names] of byRole) {
      const t = (SERVICE_TIME_BY_ROLE[role as keyof typeof SERVICE_TIME_BY_ROLE] as { lognormal: { median: string; p99: string } }).lognormal;
      notes.push(`service time lognormal median ${t.median}, p99 ${t.p99} (${role === 'datastore' ? 'a datastore image' : role === 'caller' ? 'own work of a service that calls others' : 'a service that calls none'}; manifests do not say): ${names.join(', ')}`);
    }
  }
  const statefulSets = workloads.filter((w) => w.kind === 'StatefulSet').map((w) => w.service);
  if (statefulSets.length > 0) notes.push(`statefulSet: true for ${statefulSets.join(', ')}: a pod on a dead node waits for it (docs/state-statefulsets.md)`);

  const entryService = findEntry(docs, workloads, graph.loadGenerators, graph.edges, notes);
  if (entryService !== undefined) {
    const reached = new Set([entryService]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of graph.edges) {
        if (reached.has(e.from) && !reached.has(e.to)) {
          reached.add(e.to);
          grew = true;
        }
      }
    }
    const apart = services.map((s) => s.name as string).filter((n) => !reached.has(n));
    if (apart.length > 0) notes.push(`no call path from ${entryService} reaches ${apart.join(', ')}: no user request will (add calls, or a user region entering there)`);
  }

  const designs = karmadaDesigns(docs, workloads, services.map((x) => x.name as string), dirName, notes);
  if (designs.length === 0) notes.push('no Karmada PropagationPolicy found: no design from policies (--clusters or --base add a replicated and a segmented design)');
  return { services, entryService, designs, edges: graph.edges, loadGenerators: graph.loadGenerators, datastores: byRole.get('datastore') ?? [], notes };
}

/** Kinds that run pods but do not become services, and files that are no Kubernetes object. */
const OTHER_WORKLOADS: Record<string, string> = {
  DaemonSet: 'one pod per node, not a service the users call',
  Job: 'runs to completion',
  CronJob: 'runs to completion on a schedule',
  Pod: 'a bare pod (no controller replaces it)',
  ReplicaSet: 'owned by a Deployment in practice',
  Rollout: 'an Argo Rollout (import its Deployment equivalent)',
};

function unreadNotes(docs: readonly ManifestDoc[]): string[] {
  const notes: string[] = [];
  for (const md of docs) {
    const d = md.doc as Obj;
    if (typeof d.kind === 'string' && OTHER_WORKLOADS[d.kind] !== undefined) notes.push(`${where(md)}: ${d.kind} ${meta(d).name} not imported: ${OTHER_WORKLOADS[d.kind]}`);
    else if (d.kind === 'Kustomization') notes.push(`${where(md)}: a Kustomization: its files are read as they are, without overlays or patches; for the built result run \`kubectl kustomize DIR | fleetsim import manifests -\``);
    else if (d.kind === undefined) notes.push(`${where(md)}: no kind: not a Kubernetes object, skipped${d.apiVersion !== undefined && d.name !== undefined ? ' (a Helm Chart.yaml? render the chart with `helm template` and pipe it in)' : ''}`);
  }
  return notes;
}

/**
 * The users' entry: a workload exposed outside the cluster (LoadBalancer or NodePort Service, an
 * Ingress backend), else what a load generator calls, else the service nobody calls with the most calls.
 */
function findEntry(docs: readonly ManifestDoc[], workloads: readonly Workload[], loadGenerators: readonly LoadGenerator[], edges: readonly CallEdge[], notes: string[]): string | undefined {
  const services = docs.filter((md) => (md.doc as Obj).kind === 'Service');
  for (const md of services) {
    const d = md.doc as Obj;
    if (!['LoadBalancer', 'NodePort'].includes(String(d.spec?.type))) continue;
    const w = workloadsBehind(d, workloads)[0];
    if (w !== undefined) {
      notes.push(`${where(md)}: users enter at ${w.service} (Service ${meta(d).name} is a ${String(d.spec.type)})`);
      return w.service;
    }
  }
  for (const md of docs) {
    const d = md.doc as Obj;
    if (d.kind !== 'Ingress') continue;
    const list = (v: unknown) => (Array.isArray(v) ? (v as Obj[]) : []);
    const backends = [d.spec?.defaultBackend, ...list(d.spec?.rules).flatMap((r) => list(r?.http?.paths).map((p) => p?.backend))];
    for (const b of backends) {
      const svcName = b?.service?.name ?? b?.serviceName;
      const svc = services.find((s) => meta(s.doc as Obj).name === svcName && meta(s.doc as Obj).namespace === meta(d).namespace);
      const w = svc !== undefined ? workloadsBehind(svc.doc as Obj, workloads)[0] : undefined;
      if (w !== undefined) {
        notes.push(`${where(md)}: users enter at ${w.service} (Ingress ${meta(d).name})`);
        return w.service;
      }
    }
  }
  const target = loadGenerators.flatMap((l) => l.targets)[0];
  if (target !== undefined) {
    notes.push(`users enter at ${target}, the load generator's target (no LoadBalancer, NodePort or Ingress)`);
    return target;
  }
  const roots = workloads.filter((w) => !edges.some((e) => e.to === w.service));
  const best = roots.sort((a, b) => edges.filter((e) => e.from === b.service).length - edges.filter((e) => e.from === a.service).length)[0];
  if (best !== undefined && edges.some((e) => e.from === best.service)) {
    notes.push(`users enter at ${best.service}: nothing calls it and it calls the most (no LoadBalancer, NodePort, Ingress or load generator says)`);
    return best.service;
  }
  return undefined;
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
  if (imported.designs.length > 0) out.designs = imported.designs;
  return out;
}
