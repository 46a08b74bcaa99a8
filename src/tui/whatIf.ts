import { ANYCAST_HEALTH_CHECK_INTERVAL_S, ANYCAST_UNHEALTHY_THRESHOLD, DNS_CLIENT_OVERSHOOT, DNS_FAILURE_THRESHOLD, DNS_HEALTH_CHECK_INTERVAL_S, DNS_TTL_S } from '../scenario/defaults.js';
import type { ClusterSpec, Design, FaultTarget, IngressPolicy, Scenario, ScriptedFault } from '../scenario/types.js';
import { formatDuration } from '../scenario/index.js';
import { exactDuration } from './duration.js';
import { withInfrastructure } from '../scenario/designView.js';

/**
 * A what-if is one edit of a scenario, as plain data: it can be listed, undone, sent to a worker and
 * written into a report. Applying it returns a modified copy; the base scenario is never touched.
 */
export type WhatIf =
  | { readonly kind: 'poolCount'; readonly cluster: string; readonly pool: string; readonly count: number }
  | { readonly kind: 'replicas'; readonly service: string; readonly replicas: number }
  | { readonly kind: 'etcdMembers'; readonly cluster: string; readonly memberCount: number }
  | { readonly kind: 'ingress'; readonly design: string; readonly ingress: IngressPolicy['kind'] }
  | { readonly kind: 'dnsTtl'; readonly design: string; readonly ttlS: number }
  | { readonly kind: 'fault'; readonly fault: ScriptedFault }
  | { readonly kind: 'replications'; readonly replications: number }
  | { readonly kind: 'headroom'; readonly design: string; readonly headroomRatio: number }
  | { readonly kind: 'horizon'; readonly horizonS: number }
  | { readonly kind: 'sloAvailability'; readonly availabilityRatio: number }
  | { readonly kind: 'failover'; readonly design: string; readonly enabled: boolean }
  | { readonly kind: 'weight'; readonly design: string; readonly cluster: string; readonly weight: number }
  /** Applied to the file and parsed again (docWhatIf.ts): the type brings its shape, maxPods and price. */
  | { readonly kind: 'instanceType'; readonly cluster: string; readonly pool: string; readonly instanceType: string; /** A design's own pool (its overrides); absent: the scenario's. */ readonly design?: string }
  /** Applied to the file and parsed again (docWhatIf.ts): a mesh brings its defaults and sidecar requests. */
  | { readonly kind: 'mesh'; readonly design: string; readonly enabled: boolean };

/** An edit that does not fit the scenario (unknown name, impossible value). */
export class WhatIfError extends Error {
  override readonly name = 'WhatIfError';
}

function clusterIndex(s: Scenario, name: string): number {
  const i = s.clusters.findIndex((c) => c.name === name);
  if (i < 0) throw new WhatIfError(`no cluster "${name}"`);
  return i;
}

function designIndex(s: Scenario, name: string): number {
  const i = s.designs.findIndex((d) => d.name === name);
  if (i < 0) throw new WhatIfError(`no design "${name}"`);
  return i;
}

const replaceAt = <T>(xs: readonly T[], i: number, x: T): T[] => xs.map((y, k) => (k === i ? x : y));

function withCluster(s: Scenario, name: string, f: (c: ClusterSpec) => ClusterSpec): Scenario {
  const i = clusterIndex(s, name);
  return { ...s, clusters: replaceAt(s.clusters, i, f(s.clusters[i])) };
}

function withDesign(s: Scenario, name: string, f: (d: Design) => Design): Scenario {
  const i = designIndex(s, name);
  return { ...s, designs: replaceAt(s.designs, i, f(s.designs[i])) };
}

/**
 * Nodes at the start of the run. Autoscaling bounds widen to include the new count: otherwise the
 * autoscaler would undo the what-if at the first pending pod (or refuse to shrink below min).
 */
export function setPoolCount(s: Scenario, cluster: string, pool: string, count: number): Scenario {
  if (!Number.isInteger(count) || count < 0) throw new WhatIfError(`node count must be a whole number ≥ 0, got ${count}`);
  return forEveryDesign(s, (v) => poolCountOf(v, cluster, pool, count));
}

/**
 * A what-if on the fleet applies to the scenario and to every design that has its own clusters and
 * services (Design.infrastructure): "what if this pool had 6 nodes" means for every design.
 */
function forEveryDesign(s: Scenario, f: (view: Scenario) => Scenario): Scenario {
  const base = f(s);
  if (!s.designs.some((d) => d.infrastructure !== undefined)) return base;
  const designs = s.designs.map((d) => {
    if (d.infrastructure === undefined) return d;
    const v = f(withInfrastructure(s, d.infrastructure));
    return { ...d, infrastructure: { clusters: v.clusters, services: v.workload.services } };
  });
  return { ...base, designs };
}

function poolCountOf(s: Scenario, cluster: string, pool: string, count: number): Scenario {
  return withCluster(s, cluster, (c) => {
    const k = c.nodePools.findIndex((p) => p.name === pool);
    if (k < 0) throw new WhatIfError(`cluster "${cluster}" has no node pool "${pool}"`);
    const p = c.nodePools[k];
    const autoscaling = p.autoscaling ? { minCount: Math.min(p.autoscaling.minCount, count), maxCount: Math.max(p.autoscaling.maxCount, count) } : undefined;
    return { ...c, nodePools: replaceAt(c.nodePools, k, { ...p, count, autoscaling }) };
  });
}

export function setReplicas(s: Scenario, service: string, replicas: number): Scenario {
  if (!Number.isInteger(replicas) || replicas < 1) throw new WhatIfError(`replicas must be a whole number ≥ 1, got ${replicas}`);
  return forEveryDesign(s, (v) => {
    const i = v.workload.services.findIndex((x) => x.name === service);
    if (i < 0) throw new WhatIfError(`no service "${service}"`);
    const services = replaceAt(v.workload.services, i, { ...v.workload.services[i], replicas });
    return { ...v, workload: { ...v.workload, services } };
  });
}

/** Members spread round-robin over the cluster's zones, as the scenario loader does for a bare count. */
export function setEtcdMembers(s: Scenario, cluster: string, memberCount: number): Scenario {
  if (!Number.isInteger(memberCount) || memberCount < 1 || memberCount > 9) throw new WhatIfError(`etcd members must be a whole number in 1…9, got ${memberCount}`);
  return withCluster(s, cluster, (c) => {
    if (c.controlPlane.kind !== 'selfManaged') throw new WhatIfError(`cluster "${cluster}" has a managed control plane: its etcd is the provider's`);
    const perZone = c.zones.map((zone, z) => ({ zone, count: Math.floor(memberCount / c.zones.length) + (z < memberCount % c.zones.length ? 1 : 0) }));
    const etcd = { ...c.controlPlane.etcd, memberCount, members: perZone.filter((m) => m.count > 0) };
    return { ...c, controlPlane: { ...c.controlPlane, etcd } };
  });
}

/** Switching the ingress kind starts from the documented defaults of the new kind (scenario/defaults.ts). */
export function setIngress(s: Scenario, design: string, kind: IngressPolicy['kind']): Scenario {
  return withDesign(s, design, (d) => {
    if (d.traffic.ingress.kind === kind) return d;
    const ingress: IngressPolicy =
      kind === 'dns'
        ? { kind: 'dns', healthCheckIntervalS: DNS_HEALTH_CHECK_INTERVAL_S, failureThreshold: DNS_FAILURE_THRESHOLD, ttlS: DNS_TTL_S, clientOvershoot: DNS_CLIENT_OVERSHOOT, healthCheck: d.traffic.ingress.healthCheck }
        : { kind: 'anycast', healthCheckIntervalS: ANYCAST_HEALTH_CHECK_INTERVAL_S, unhealthyThreshold: ANYCAST_UNHEALTHY_THRESHOLD, healthCheck: d.traffic.ingress.healthCheck, spillover: d.traffic.ingress.kind === 'anycast' ? d.traffic.ingress.spillover : undefined };
    return { ...d, traffic: { ...d.traffic, ingress } };
  });
}

export function setDnsTtl(s: Scenario, design: string, ttlS: number): Scenario {
  if (!(ttlS >= 0) || !Number.isFinite(ttlS)) throw new WhatIfError(`DNS TTL must be ≥ 0 s, got ${ttlS}`);
  return withDesign(s, design, (d) => {
    if (d.traffic.ingress.kind !== 'dns') throw new WhatIfError(`design "${design}" routes by ${d.traffic.ingress.kind}, which has no DNS TTL`);
    return { ...d, traffic: { ...d.traffic, ingress: { ...d.traffic.ingress, ttlS } } };
  });
}

/** Names in a fault target must exist; the fault must start inside the run. */
export function addFault(s: Scenario, fault: ScriptedFault): Scenario {
  if (!(fault.atS >= 0) || fault.atS >= s.run.horizonS) throw new WhatIfError(`a fault must start within the run (0 … ${formatDuration(s.run.horizonS)}), got ${formatDuration(fault.atS)}`);
  if (!(fault.forS > 0) || !Number.isFinite(fault.forS)) throw new WhatIfError(`a fault must last a positive time, got ${fault.forS} s`);
  checkTarget(s, fault.target);
  return { ...s, faults: { ...s.faults, scripted: [...s.faults.scripted, fault] } };
}

function checkTarget(s: Scenario, t: FaultTarget): void {
  switch (t.kind) {
    case 'zone':
      if (!s.topology.regions.some((r) => r.zones.includes(t.zone))) throw new WhatIfError(`no zone "${t.zone}"`);
      return;
    case 'region':
      if (!s.topology.regions.some((r) => r.name === t.region)) throw new WhatIfError(`no region "${t.region}"`);
      return;
    case 'etcdLeader':
    case 'etcdMember': {
      const c = s.clusters[clusterIndex(s, t.cluster)];
      if (c.controlPlane.kind !== 'selfManaged') throw new WhatIfError(`cluster "${t.cluster}" has a managed control plane: no etcd to fault`);
      return;
    }
    case 'cluster':
    case 'controlPlane':
      clusterIndex(s, t.cluster);
      return;
    case 'node': {
      const c = s.clusters[clusterIndex(s, t.cluster)];
      if (!c.nodePools.some((p) => p.name === t.pool)) throw new WhatIfError(`cluster "${t.cluster}" has no node pool "${t.pool}"`);
      return;
    }
    case 'link':
      if (!s.topology.links.some((l) => (l.a === t.a && l.b === t.b) || (l.a === t.b && l.b === t.a))) throw new WhatIfError(`no link between "${t.a}" and "${t.b}"`);
  }
}

/** A sized design's headroom: fleetsim re-sizes its replicas and nodes with it (its pool and replica counts come from sizing). */
export function setHeadroom(s: Scenario, design: string, headroomRatio: number): Scenario {
  if (!(headroomRatio >= 0 && headroomRatio < 1)) throw new WhatIfError(`headroom must be from 0% to under 100%, got ${headroomRatio * 100}%`);
  return withDesign(s, design, (d) => {
    if (d.sizing === undefined) throw new WhatIfError(`design "${design}" is not sized by fleetsim: change its node pools or replicas instead`);
    return { ...d, sizing: { ...d.sizing, headroomRatio } };
  });
}

export function setReplications(s: Scenario, replications: number): Scenario {
  if (!Number.isInteger(replications) || replications < 1) throw new WhatIfError(`replications must be a whole number ≥ 1, got ${replications}`);
  return { ...s, run: { ...s.run, replications } };
}

/** Simulated time per replication; it must stay beyond warm-up and every scripted fault's start. */
export function setHorizon(s: Scenario, horizonS: number): Scenario {
  if (!(horizonS > s.run.warmupS) || !Number.isFinite(horizonS)) throw new WhatIfError(`the horizon must be longer than the warm-up (${formatDuration(s.run.warmupS)}), got ${formatDuration(horizonS)}`);
  const late = s.faults.scripted.find((f) => f.atS >= horizonS);
  if (late) throw new WhatIfError(`a scripted fault starts at ${exactDuration(late.atS)}, after a horizon of ${exactDuration(horizonS)}`);
  return { ...s, run: { ...s.run, horizonS } };
}

export function setSloAvailability(s: Scenario, availabilityRatio: number): Scenario {
  if (!(availabilityRatio > 0 && availabilityRatio <= 1)) throw new WhatIfError(`the availability target must be above 0% and at most 100%, got ${availabilityRatio * 100}%`);
  if (s.run.slo === undefined) throw new WhatIfError('the scenario has no run.slo to change');
  return { ...s, run: { ...s.run, slo: { ...s.run.slo, availabilityRatio } } };
}

/** Karmada failover of every service of the design (its placement policies), on or off. */
export function setFailover(s: Scenario, design: string, enabled: boolean): Scenario {
  return withDesign(s, design, (d) => ({ ...d, policies: d.policies.map((p) => ({ ...p, failover: { ...p.failover, enabled } })) }));
}

/** A cluster's static weight in every weighted policy of the design (Karmada divided/weighted scheduling). */
export function setWeight(s: Scenario, design: string, cluster: string, weight: number): Scenario {
  if (!(weight >= 0) || !Number.isFinite(weight)) throw new WhatIfError(`a weight must be ≥ 0, got ${weight}`);
  return withDesign(s, design, (d) => {
    let found = false;
    const policies = d.policies.map((p) => {
      const r = p.replicaScheduling;
      if (r.type !== 'divided' || r.division !== 'weighted') return p;
      const k = r.weights.findIndex((x) => x.cluster === cluster);
      if (k < 0) return p;
      found = true;
      return { ...p, replicaScheduling: { ...r, weights: replaceAt(r.weights, k, { cluster, weight }) } };
    });
    if (!found) throw new WhatIfError(`design "${design}" gives cluster "${cluster}" no weight`);
    return { ...d, policies };
  });
}

export function applyWhatIf(s: Scenario, w: WhatIf): Scenario {
  switch (w.kind) {
    case 'poolCount':
      return setPoolCount(s, w.cluster, w.pool, w.count);
    case 'replicas':
      return setReplicas(s, w.service, w.replicas);
    case 'etcdMembers':
      return setEtcdMembers(s, w.cluster, w.memberCount);
    case 'ingress':
      return setIngress(s, w.design, w.ingress);
    case 'dnsTtl':
      return setDnsTtl(s, w.design, w.ttlS);
    case 'fault':
      return addFault(s, w.fault);
    case 'replications':
      return setReplications(s, w.replications);
    case 'headroom':
      return setHeadroom(s, w.design, w.headroomRatio);
    case 'horizon':
      return setHorizon(s, w.horizonS);
    case 'sloAvailability':
      return setSloAvailability(s, w.availabilityRatio);
    case 'failover':
      return setFailover(s, w.design, w.enabled);
    case 'weight':
      return setWeight(s, w.design, w.cluster, w.weight);
    case 'instanceType':
    case 'mesh':
      // Parsing decides what these bring; applying them to a parsed scenario would leave it behind.
      throw new WhatIfError(`${describeWhatIf(w)} is applied to the file: use resolveWhatIfs (docWhatIf.ts)`);
  }
}

/** In order: a later edit of the same knob wins because it is applied last. */
export function applyWhatIfs(s: Scenario, ws: readonly WhatIf[]): Scenario {
  return ws.reduce(applyWhatIf, s);
}

export function describeTarget(t: FaultTarget): string {
  switch (t.kind) {
    case 'zone':
      return `zone ${t.zone}`;
    case 'region':
      return `region ${t.region}`;
    case 'cluster':
      return `cluster ${t.cluster}`;
    case 'etcdLeader':
      return `etcd leader of ${t.cluster}`;
    case 'etcdMember':
      return `etcd member ${t.cluster}/${t.index}`;
    case 'controlPlane':
      return `control plane of ${t.cluster}`;
    case 'node':
      return `node ${t.cluster}/${t.pool}#${t.index}`;
    case 'link':
      return `link ${t.a}–${t.b} (${t.mode})`;
    case 'nodeLaunches':
      return `node launches in ${t.region}`;
    case 'badChange':
      return `bad change in ${t.cluster}`;
    case 'brownout':
      return `brownout of ${t.region ?? t.cluster}`;
    case 'certificate':
      return `expired certificate of ${t.cluster}`;
    case 'dependency':
      return `dependency ${t.dependency}`;
    case 'upgrade':
      return `upgrade of ${t.cluster}`;
  }
}

/** One line for lists, the status bar and the exported report. */
export function describeWhatIf(w: WhatIf): string {
  switch (w.kind) {
    case 'poolCount':
      return `${w.cluster}/${w.pool} nodes = ${w.count}`;
    case 'replicas':
      return `${w.service} replicas = ${w.replicas}`;
    case 'etcdMembers':
      return `${w.cluster} etcd members = ${w.memberCount}`;
    case 'ingress':
      return `${w.design} ingress = ${w.ingress}`;
    case 'dnsTtl':
      return `${w.design} DNS TTL = ${formatDuration(w.ttlS)}`;
    case 'fault':
      return `kill ${describeTarget(w.fault.target)} at ${exactDuration(w.fault.atS)} for ${exactDuration(w.fault.forS)}`;
    case 'replications':
      return `replications = ${w.replications}`;
    case 'headroom':
      return `${w.design} sized with ${Math.round(w.headroomRatio * 100)}% headroom`;
    case 'horizon':
      return `horizon = ${exactDuration(w.horizonS)}`;
    case 'sloAvailability':
      return `SLO availability = ${+(w.availabilityRatio * 100).toFixed(6)}%`;
    case 'failover':
      return `${w.design} failover ${w.enabled ? 'on' : 'off'}`;
    case 'weight':
      return `${w.design} weight of ${w.cluster} = ${w.weight}`;
    case 'instanceType':
      return `${w.design !== undefined ? `${w.design} ` : ''}${w.cluster}/${w.pool} instance type = ${w.instanceType}`;
    case 'mesh':
      return `${w.design} mesh ${w.enabled ? 'on' : 'off'}`;
  }
}
