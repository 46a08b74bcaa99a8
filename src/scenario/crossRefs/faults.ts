import type { RegionInfo } from '../context.js';
import { HORIZON_S } from '../defaults.js';
import type { FieldPath } from '../errors.js';
import { formatDuration } from '../units.js';
import type { RawScenario } from '../schema.js';
import type { ClusterInfo } from './clusters.js';
import type { Reporter } from './report.js';

type ScriptedFault = NonNullable<NonNullable<RawScenario['faults']>['scripted']>[number];

interface Context {
  readonly s: Partial<RawScenario>;
  readonly regions: ReadonlyMap<string, RegionInfo>;
  readonly zones: ReadonlySet<string>;
  readonly clusters: ReadonlyMap<string, ClusterInfo>;
}

/** Scripted faults (targets that exist, fields that apply to their kind) and stochastic options. */
export function checkFaults(r: Reporter, s: Partial<RawScenario>, regions: ReadonlyMap<string, RegionInfo>, clusters: ReadonlyMap<string, ClusterInfo>): void {
  if (s.faults?.scripted) {
    const ctx: Context = { s, regions, clusters, zones: new Set([...regions.values()].flatMap((reg) => reg.zones)) };
    const horizon = s.run?.horizon ?? HORIZON_S;
    s.faults.scripted.forEach((f, i) => checkScripted(r, ctx, f, ['faults', 'scripted', i], horizon));
  }
  checkStochastic(r, s.faults?.stochastic);
}

function checkScripted(r: Reporter, ctx: Context, f: ScriptedFault, base: FieldPath, horizon: number): void {
  const tpath: FieldPath = [...base, 'target'];
  const t = f.target;
  if (f.at >= horizon) r.warn([...base, 'at'], `this fault starts at ${formatDuration(f.at)}, at or after the end of the run (run.horizon ${formatDuration(horizon)}): it is not simulated`, `start it before ${formatDuration(horizon)}, or lengthen run.horizon`);
  checkFieldsOfKind(r, f, base);
  const serviceNames = (ctx.s.workload?.services ?? []).map((x) => x.name);
  if (ctx.s.workload) f.services?.forEach((name, j) => !serviceNames.includes(name) && r.unknown([...base, 'services', j], 'service', name, serviceNames));
  if (f.kind === 'link') {
    if (!Array.isArray(t)) {
      r.err(tpath, 'a link fault targets two regions', '[regionA, regionB]');
      return;
    }
    t.forEach((reg, j) => ctx.s.topology && !ctx.regions.has(reg) && r.unknown([...tpath, j], 'region', reg, ctx.regions.keys()));
    if (t[0] === t[1]) r.err(tpath, 'a link joins two different regions');
    if ((f.mode ?? 'partition') === 'degrade' && f.extraLatency === undefined && f.loss === undefined) r.err(base, 'a degrade fault needs extraLatency or loss', 'extraLatency: 50ms and/or loss: "1%"');
    return;
  }
  if (Array.isArray(t)) {
    r.err(tpath, `a ${f.kind} fault targets one name`, targetForm(f.kind));
    return;
  }
  checkTarget(r, ctx, f.kind, t, tpath);
}

/** Which optional fields each kind takes: a field given to a kind that ignores it is an error, not silence. */
const FIELDS_OF_KIND: Readonly<Record<string, readonly string[]>> = {
  link: ['mode', 'extraLatency', 'loss'],
  badChange: ['errors', 'extraLatency', 'capacityLost', 'services'],
  brownout: ['errors', 'extraLatency', 'blocksNodeLaunches'],
  certificate: ['client'],
};
const OPTIONAL_FIELDS = ['mode', 'extraLatency', 'loss', 'errors', 'capacityLost', 'services', 'blocksNodeLaunches', 'client'] as const;

function checkFieldsOfKind(r: Reporter, f: ScriptedFault, base: FieldPath): void {
  const allowed = FIELDS_OF_KIND[f.kind] ?? [];
  for (const field of OPTIONAL_FIELDS) {
    if (f[field] === undefined || allowed.includes(field)) continue;
    const takers = Object.entries(FIELDS_OF_KIND).filter(([, fields]) => fields.includes(field)).map(([k]) => k);
    r.err([...base, field], `${field} applies to ${takers.join(' and ')} faults only`, undefined, allowed.length > 0 ? `a ${f.kind} fault takes ${allowed.join(', ')}` : undefined);
  }
  if ((f.kind === 'badChange' || f.kind === 'brownout') && f.errors === undefined && f.extraLatency === undefined && f.capacityLost === undefined) {
    r.err(base, `a ${f.kind} fault needs what it does to requests`, f.kind === 'badChange' ? 'errors, extraLatency and/or capacityLost' : 'errors and/or extraLatency', 'e.g. errors: "20%"');
  }
}

/** A one-name target of a fault kind other than link. */
function checkTarget(r: Reporter, { s, regions, zones, clusters }: Context, kind: ScriptedFault['kind'], t: string, tpath: FieldPath): void {
  const parts = t.split('/');
  const cluster = (name: string) => {
    const c = clusters.get(name);
    if (c === undefined && s.clusters) r.unknown(tpath, 'cluster', name, clusters.keys());
    return c;
  };
  switch (kind) {
    case 'zone':
      if (s.topology && !zones.has(t)) r.unknown(tpath, 'zone', t, zones);
      break;
    case 'region':
    case 'nodeLaunches':
      if (s.topology && !regions.has(t)) r.unknown(tpath, 'region', t, regions.keys());
      break;
    case 'brownout':
      if (s.topology && s.clusters && !regions.has(t) && !clusters.has(t)) r.unknown(tpath, 'region or cluster', t, [...regions.keys(), ...clusters.keys()]);
      break;
    case 'dependency': {
      const names = (s.faults?.dependencies ?? []).map((d) => d.name);
      if (!names.includes(t)) r.unknown(tpath, 'shared dependency (faults.dependencies)', t, names);
      break;
    }
    case 'badChange':
    case 'certificate':
    case 'upgrade':
    case 'cluster':
    case 'controlPlane':
    case 'etcdLeader': {
      const c = cluster(t);
      if (c && kind === 'etcdLeader' && c.managed) r.err(tpath, `cluster "${t}" has a managed control plane: its etcd is not modelled`, 'a selfManaged cluster', 'use kind: controlPlane for a managed control-plane outage');
      break;
    }
    case 'node': {
      if (parts.length !== 3 || !/^\d+$/.test(parts[2])) {
        r.err(tpath, `invalid node target "${t}"`, targetForm('node'));
        break;
      }
      const c = cluster(parts[0]);
      if (c === undefined) break;
      const count = c.pools.get(parts[1]);
      if (count === undefined) r.unknown(tpath, `node pool of cluster "${parts[0]}"`, parts[1], c.pools.keys());
      else if (Number(parts[2]) >= count) r.err(tpath, `node ${parts[2]} does not exist: pool "${parts[1]}" starts with ${count} nodes`, `an index from 0 to ${count - 1}`);
      break;
    }
    case 'etcdMember': {
      if (parts.length !== 2 || !/^\d+$/.test(parts[1])) {
        r.err(tpath, `invalid etcd member target "${t}"`, targetForm('etcdMember'));
        break;
      }
      const c = cluster(parts[0]);
      if (c === undefined) break;
      if (c.managed) r.err(tpath, `cluster "${parts[0]}" has a managed control plane: its etcd is not modelled`, 'a selfManaged cluster');
      else if (Number(parts[1]) >= c.etcdCount) r.err(tpath, `etcd member ${parts[1]} does not exist: cluster "${parts[0]}" has ${c.etcdCount}`, `an index from 0 to ${c.etcdCount - 1}`);
      break;
    }
  }
}

function checkStochastic(r: Reporter, st: NonNullable<RawScenario['faults']>['stochastic']): void {
  const cpo = st?.controlPlanes;
  if (cpo !== undefined) {
    // One mode: calibrated (per-tier rates), fromSla (the SLA spent as downtime) or perYear (one rate for all);
    // none named: CONTROL_PLANE_OUTAGES_DEFAULT_MODE.
    const p: FieldPath = ['faults', 'stochastic', 'controlPlanes'];
    const modes = [cpo.calibrated === true && 'calibrated', cpo.fromSla === true && 'fromSla', cpo.perYear !== undefined && 'perYear'].filter((m): m is string => m !== false);
    if (modes.length > 1) r.err([...p, modes[1]], `give one of calibrated: true, fromSla: true or perYear, not ${modes.join(' and ')}`, undefined, 'calibrated: per-tier rates with a cited basis; fromSla: a pessimistic bound');
    if (cpo.perYear !== undefined && cpo.duration === undefined) r.err(p, 'perYear needs a duration', 'duration: <distribution>');
    if (cpo.calibrated === true && cpo.duration !== undefined) r.err([...p, 'duration'], 'calibrated outages have a duration per managed tier', 'drop duration, or give perYear and duration', 'docs/karmada.md, "Managed control-plane outages"');
  }
  const sl = st?.links;
  if (sl !== undefined && sl.mode !== 'degrade' && (sl.extraLatency !== undefined || sl.loss !== undefined)) {
    r.err(['faults', 'stochastic', 'links', 'mode'], 'extraLatency and loss need mode: degrade', 'mode: degrade');
  }
}

function targetForm(kind: string): string {
  switch (kind) {
    case 'node':
      return '"cluster/pool/index", e.g. "eu-1/general/0"';
    case 'etcdMember':
      return '"cluster/index", e.g. "eu-1/0"';
    case 'link':
      return '[regionA, regionB]';
    case 'zone':
      return 'a zone name';
    case 'region':
    case 'nodeLaunches':
      return 'a region name';
    case 'brownout':
      return 'a region or a cluster name';
    case 'dependency':
      return 'a faults.dependencies name';
    default:
      return 'a cluster name';
  }
}
