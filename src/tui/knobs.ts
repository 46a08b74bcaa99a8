import { DNS_TTL_S } from '../scenario/defaults.js';
import { LIMITS } from '../scenario/limits.js';
import { formatDuration, parseDuration, parsePercent } from '../scenario/index.js';
import { exactDuration } from './duration.js';
import type { FaultTarget, Scenario, ScriptedFault } from '../scenario/types.js';
import type { WhatIf } from './whatIf.js';
import { instanceTypeKnobs, meshKnob } from './fileKnobs.js';

/**
 * The knobs an architect can turn, derived from the scenario: each knob knows its value in the file,
 * its next value either way, and the what-if it stands for. Values the user set live in a plain
 * record (knob id → value) in the UI state.
 */
export type { Knob, KnobValue, KnobValues, ParsedKnob } from './knobTypes.js';
import type { Knob, KnobValue, KnobValues, ParsedKnob } from './knobTypes.js';

/** Whole numbers in [min, max] ("6", " 12 "). */
export function parseCount(text: string, min: number, max: number): ParsedKnob {
  const t = text.trim();
  if (!/^[+]?\d+$/.test(t)) return { ok: false, message: `expected a whole number from ${min} to ${max}, got "${t}"` };
  const n = Number(t);
  return n >= min && n <= max ? { ok: true, value: n } : { ok: false, message: `expected a whole number from ${min} to ${max}, got ${n}` };
}

/** A duration as scenario files write it ("30d19h", "90s"), within [minS, maxS]. */
export function parseDurationIn(text: string, minS: number, maxS: number): ParsedKnob {
  const p = parseDuration(text.trim());
  if (!p.ok) return { ok: false, message: `expected ${p.expected}${p.hint ? ` (${p.hint})` : ''}` };
  if (p.value < minS || p.value > maxS) return { ok: false, message: `expected a duration from ${formatDuration(minS)} to ${formatDuration(maxS)}, got ${exactDuration(p.value)}` };
  return { ok: true, value: p.value };
}

/** A percentage as scenario files write it ("20%", or a ratio 0.2), within [min, max) as ratios. */
export function parseRatioIn(text: string, min: number, maxExclusive: number): ParsedKnob {
  const t = text.trim();
  const p = parsePercent(/^[\d.]+$/.test(t) ? Number(t) : t);
  if (!p.ok) return { ok: false, message: `expected ${p.expected}${p.hint ? ` (${p.hint})` : ''}` };
  if (p.value < min || p.value >= maxExclusive) return { ok: false, message: `expected from ${min * 100}% to under ${maxExclusive * 100}%, got ${+(p.value * 100).toFixed(4)}%` };
  return { ok: true, value: p.value };
}

/** One of a fixed set of words. */
export function parseChoice(text: string, choices: readonly string[]): ParsedKnob {
  const t = text.trim();
  const hit = choices.find((c) => c.toLowerCase() === t.toLowerCase());
  return hit !== undefined ? { ok: true, value: hit } : { ok: false, message: `expected one of ${choices.join(', ')}, got "${t}"` };
}

function counter(min: number, max: number) {
  return (v: KnobValue, dir: 1 | -1) => Math.min(max, Math.max(min, Number(v) + dir));
}

/** Steps through a ladder of values (the base value is always on it). */
function ladder(values: readonly number[], base: number) {
  const all = [...new Set([...values, base])].sort((a, b) => a - b);
  return (v: KnobValue, dir: 1 | -1) => {
    const x = Number(v);
    if (dir > 0) return all.find((y) => y > x) ?? all[all.length - 1];
    return [...all].reverse().find((y) => y < x) ?? all[0];
  };
}

const TTL_LADDER_S = [0, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const ETCD_LADDER = [1, 3, 5, 7];
const REPLICATIONS_LADDER = [1, 2, 3, 5, 10, 20, 30, 50, 100];
const HORIZON_LADDER_S = [7, 30, 60, 90, 180, 365, 730].map((d) => d * 86_400);
const SLO_LADDER = [0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999];

export function ingressKnobId(design: string): string {
  return `ingress:${design}`;
}

const HEADROOM_LADDER = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];

/**
 * Pool and replica knobs act on the designs fleetsim does not size (a sized design's counts come
 * from sizing); a sized design gets a headroom knob instead, so no knob is ever a no-op.
 */
export function knobsFor(s: Scenario): Knob[] {
  const knobs: Knob[] = [];
  const unsized = s.designs.some((d) => d.sizing === undefined);
  if (unsized) countKnobs(s, knobs);
  for (const d of s.designs) {
    if (d.sizing === undefined) continue;
    const base = d.sizing.headroomRatio;
    knobs.push({
      id: `headroom:${d.name}`,
      group: 'nodes',
      label: `${d.name} sizing headroom`,
      base,
      step: ladder(HEADROOM_LADDER, base),
      format: (v) => `${+(Number(v) * 100).toFixed(2)}%`,
      parse: (t) => parseRatioIn(t, 0, 1),
      expects: 'a percentage from 0% to under 100%',
      toWhatIf: (v) => ({ kind: 'headroom', design: d.name, headroomRatio: Number(v) }),
    });
  }
  knobs.push(...instanceTypeKnobs(s));
  otherKnobs(s, knobs);
  return knobs;
}

function countKnobs(s: Scenario, knobs: Knob[]): void {
  for (const c of s.clusters) {
    for (const p of c.nodePools) {
      knobs.push({
        id: `pool:${c.name}/${p.name}`,
        group: 'nodes',
        label: `${c.name}/${p.name} nodes`,
        base: p.count,
        step: counter(0, 1000),
        format: String,
        parse: (t) => parseCount(t, 0, 1000),
        expects: 'a node count, 0…1000',
        toWhatIf: (v) => ({ kind: 'poolCount', cluster: c.name, pool: p.name, count: Number(v) }),
      });
    }
  }
  for (const svc of s.workload.services) {
    knobs.push({
      id: `replicas:${svc.name}`,
      group: 'replicas',
      label: `${svc.name} replicas`,
      base: svc.replicas,
      step: counter(1, 1000),
      format: String,
      parse: (t) => parseCount(t, 1, 1000),
      expects: 'a replica count, 1…1000',
      toWhatIf: (v) => ({ kind: 'replicas', service: svc.name, replicas: Number(v) }),
    });
  }
}

function otherKnobs(s: Scenario, knobs: Knob[]): void {
  for (const c of s.clusters) {
    if (c.controlPlane.kind !== 'selfManaged') continue;
    const base = c.controlPlane.etcd.memberCount;
    knobs.push({
      id: `etcd:${c.name}`,
      group: 'etcd',
      label: `${c.name} etcd members`,
      base,
      step: ladder(ETCD_LADDER, base),
      format: String,
      parse: (t) => parseCount(t, 1, 9),
      expects: 'etcd members, 1…9',
      toWhatIf: (v) => ({ kind: 'etcdMembers', cluster: c.name, memberCount: Number(v) }),
    });
  }
  for (const d of s.designs) {
    const ingressId = ingressKnobId(d.name);
    knobs.push({
      id: ingressId,
      group: 'traffic',
      label: `${d.name} ingress`,
      base: d.traffic.ingress.kind,
      step: (v) => (v === 'dns' ? 'anycast' : 'dns'),
      format: String,
      parse: (t) => parseChoice(t, ['dns', 'anycast']),
      expects: 'dns or anycast',
      toWhatIf: (v) => ({ kind: 'ingress', design: d.name, ingress: v === 'anycast' ? 'anycast' : 'dns' }),
    });
    const ttl = d.traffic.ingress.kind === 'dns' ? d.traffic.ingress.ttlS : DNS_TTL_S;
    knobs.push({
      id: `ttl:${d.name}`,
      group: 'traffic',
      label: `${d.name} DNS TTL`,
      base: ttl,
      step: ladder(TTL_LADDER_S, ttl),
      format: (v) => exactDuration(Number(v)),
      parse: (t) => parseDurationIn(t, 0, 86_400),
      expects: 'a duration like 30s, 0…1d',
      toWhatIf: (v, values) => ((values[ingressId] ?? d.traffic.ingress.kind) === 'dns' ? { kind: 'dnsTtl', design: d.name, ttlS: Number(v) } : null),
    });
    knobs.push(meshKnob(d));
  }
  for (const d of s.designs) {
    // Weights as the design's first weighted policy gives them (placement.default in the usual file).
    const weighted = d.policies.find((p) => p.replicaScheduling.type === 'divided' && p.replicaScheduling.division === 'weighted')?.replicaScheduling;
    if (weighted?.type !== 'divided' || weighted.division !== 'weighted') continue;
    for (const w of weighted.weights) {
      knobs.push({
        id: `weight:${d.name}/${w.cluster}`,
        group: 'failover',
        label: `${d.name} weight ${w.cluster}`,
        base: w.weight,
        step: counter(0, 1000),
        format: String,
        parse: (t) => parseCount(t, 0, 1000),
        expects: 'a weight, 0…1000',
        toWhatIf: (v) => ({ kind: 'weight', design: d.name, cluster: w.cluster, weight: Number(v) }),
      });
    }
  }
  for (const d of s.designs) {
    // One knob per design: on when every service's policy fails over (the file's usual shape, placement.default).
    if (d.policies.length === 0) continue;
    const base = d.policies.every((p) => p.failover.enabled) ? 'on' : 'off';
    knobs.push({
      id: `failover:${d.name}`,
      group: 'failover',
      label: `${d.name} Karmada failover`,
      base,
      step: (v) => (v === 'on' ? 'off' : 'on'),
      format: String,
      parse: (t) => parseChoice(t, ['on', 'off']),
      expects: 'on or off',
      toWhatIf: (v) => ({ kind: 'failover', design: d.name, enabled: v === 'on' }),
    });
  }
  const horizon = s.run.horizonS;
  const minHorizonS = Math.max(s.run.warmupS + 86_400, ...s.faults.scripted.map((f) => f.atS + 1));
  knobs.push({
    id: 'run:horizon',
    group: 'run',
    label: 'horizon',
    base: horizon,
    step: ladder(HORIZON_LADDER_S.filter((h) => h >= minHorizonS), horizon),
    format: (v) => exactDuration(Number(v)),
    parse: (t) => parseDurationIn(t, minHorizonS, 10 * 365 * 86_400),
    expects: `a duration like 90d, ${exactDuration(minHorizonS)}…3650d`,
    toWhatIf: (v) => ({ kind: 'horizon', horizonS: Number(v) }),
  });
  const slo = s.run.slo;
  if (slo !== undefined) {
    knobs.push({
      id: 'run:slo',
      group: 'run',
      label: 'SLO availability',
      base: slo.availabilityRatio,
      step: ladder(SLO_LADDER, slo.availabilityRatio),
      format: (v) => `${+(Number(v) * 100).toFixed(6)}%`,
      parse: (t) => {
        const r = parseRatioIn(t, 0, 1.0000001);
        return r.ok && Number(r.value) === 0 ? { ok: false, message: 'expected a target above 0%' } : r;
      },
      expects: 'a percentage like 99.95%',
      toWhatIf: (v) => ({ kind: 'sloAvailability', availabilityRatio: Number(v) }),
    });
  }
  knobs.push({
    id: 'run:replications',
    group: 'run',
    label: 'replications',
    base: s.run.replications,
    step: ladder(REPLICATIONS_LADDER, s.run.replications),
    format: String,
    parse: (t) => parseCount(t, 1, LIMITS.replications),
    expects: `replications, 1…${LIMITS.replications}`,
    toWhatIf: (v) => ({ kind: 'replications', replications: Number(v) }),
  });
}

/** The value shown for a knob: the user's if set, else the file's. */
export function knobValue(k: Knob, values: KnobValues): KnobValue {
  return values[k.id] ?? k.base;
}

/**
 * What-ifs for the knobs that differ from the file, in knob order (ingress before its TTL), then
 * the injected faults. A knob set back to its file value is no what-if at all.
 */
export function whatIfsFrom(knobs: readonly Knob[], values: KnobValues, faults: readonly ScriptedFault[]): WhatIf[] {
  const out: WhatIf[] = [];
  for (const k of knobs) {
    const v = knobValue(k, values);
    const w = k.toWhatIf(v, values);
    if (w === null) continue;
    // A TTL becomes a what-if also when only the ingress changed: the new DNS ingress takes the knob's TTL.
    const ingressChanged = k.id.startsWith('ttl:') && values[ingressKnobId(k.id.slice(4))] !== undefined;
    if (v !== k.base || ingressChanged) out.push(w);
  }
  for (const fault of faults) out.push({ kind: 'fault', fault });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fault injection: kind → target → start → duration, each picked from a short list.
// ---------------------------------------------------------------------------------------------

export type InjectableKind = 'zone' | 'region' | 'cluster' | 'etcdLeader';

export interface FaultChoices {
  readonly kinds: readonly { readonly kind: InjectableKind; readonly targets: readonly string[] }[];
  readonly atS: readonly number[];
  readonly forS: readonly number[];
}

export interface FaultSelection {
  readonly kind: number;
  readonly target: number;
  readonly at: number;
  readonly for: number;
}

const DAY_S = 86_400;

/** Targets from the scenario; start times after warm-up and inside the horizon. */
export function faultChoices(s: Scenario): FaultChoices {
  const kinds: { kind: InjectableKind; targets: string[] }[] = [
    { kind: 'zone', targets: s.topology.regions.flatMap((r) => r.zones) },
    { kind: 'region', targets: s.topology.regions.map((r) => r.name) },
    { kind: 'cluster', targets: s.clusters.map((c) => c.name) },
    { kind: 'etcdLeader', targets: s.clusters.filter((c) => c.controlPlane.kind === 'selfManaged').map((c) => c.name) },
  ];
  const { warmupS, horizonS } = s.run;
  const candidates = [warmupS + 3600, DAY_S, 7 * DAY_S, 30 * DAY_S + 19 * 3600, 90 * DAY_S, 180 * DAY_S, 300 * DAY_S];
  const atS = [...new Set(candidates.filter((t) => t >= warmupS && t < horizonS))].sort((a, b) => a - b);
  return { kinds: kinds.filter((k) => k.targets.length > 0), atS: atS.length > 0 ? atS : [warmupS], forS: [60, 300, 900, 3600, 4 * 3600, 12 * 3600, DAY_S] };
}

export function initialSelection(c: FaultChoices): FaultSelection {
  return { kind: 0, target: 0, at: Math.min(3, c.atS.length - 1), for: Math.min(3, c.forS.length - 1) };
}

/** Move one field of the selection, wrapping around; a new kind starts at its first target. */
export function stepSelection(c: FaultChoices, sel: FaultSelection, field: keyof FaultSelection, dir: 1 | -1): FaultSelection {
  const size = field === 'kind' ? c.kinds.length : field === 'target' ? c.kinds[sel.kind].targets.length : field === 'at' ? c.atS.length : c.forS.length;
  const next = (((sel[field] + dir) % size) + size) % size;
  return field === 'kind' ? { ...sel, kind: next, target: 0 } : { ...sel, [field]: next };
}

export function selectedFault(c: FaultChoices, sel: FaultSelection): ScriptedFault {
  const k = c.kinds[sel.kind];
  const name = k.targets[sel.target];
  const target: FaultTarget =
    k.kind === 'zone' ? { kind: 'zone', zone: name } : k.kind === 'region' ? { kind: 'region', region: name } : k.kind === 'cluster' ? { kind: 'cluster', cluster: name } : { kind: 'etcdLeader', cluster: name };
  return { atS: c.atS[sel.at], forS: c.forS[sel.for], target };
}

/**
 * A typed start or duration for the fault being built: the value joins the field's list (sorted, no
 * duplicates) and is selected, so arrows keep stepping from it.
 */
export function withFaultTime(c: FaultChoices, sel: FaultSelection, field: 'at' | 'for', seconds: number): { choices: FaultChoices; sel: FaultSelection } {
  const list = field === 'at' ? c.atS : c.forS;
  const next = [...new Set([...list, seconds])].sort((a, b) => a - b);
  const choices = field === 'at' ? { ...c, atS: next } : { ...c, forS: next };
  return { choices, sel: { ...sel, [field]: next.indexOf(seconds) } };
}

/** Read a typed fault start (after warm-up, before the horizon) or duration (positive, at most the horizon). */
export function parseFaultTime(s: Scenario, field: 'at' | 'for', text: string): ParsedKnob {
  return field === 'at' ? parseDurationIn(text, s.run.warmupS, Math.max(s.run.warmupS, s.run.horizonS - 1)) : parseDurationIn(text, 1, s.run.horizonS);
}
