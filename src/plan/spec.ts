import * as z from 'zod';
import type { FieldPath, Problem } from '../scenario/errors.js';
import { formatDuration, parseDuration, parsePercent } from '../scenario/units.js';
import { LIMITS } from '../scenario/limits.js';
import type { LatencyTarget } from '../scenario/types.js';
import { MAX_REPLICATIONS } from '../run/fileNumbers.js';
import { locate, parsePath, type PathStep } from './paths.js';

/** The scenario's `plan` section, validated (docs/plan.md). */
export interface PlanSpec {
  readonly knobs: readonly Knob[];
  /** Designs to consider; every design of the scenario by default. */
  readonly designs: readonly string[];
  readonly slo: { readonly availabilityRatio: number; readonly latency: readonly LatencyTarget[] };
  readonly search: 'auto' | 'grid' | 'adaptive';
  /** auto picks the grid up to this many points. */
  readonly gridLimit: number;
  readonly minReplications: number;
  readonly maxReplications: number;
  /** Simulated time per replication (default: run.horizon); warm-up stays run.warmup. */
  readonly horizonS: number | undefined;
}

export type Knob =
  | { readonly kind: 'set'; readonly name: string; readonly paths: readonly (readonly PathStep[])[]; readonly values: readonly (string | number | boolean)[]; readonly monotone: boolean; readonly source: KnobSource }
  | { readonly kind: 'clustersPerRegion'; readonly name: string; readonly template: string; readonly values: readonly number[]; readonly monotone: boolean; readonly source: KnobSource };

/** Where a knob's values are written in the file: the `range` or `values` node (for warnings that point at it). */
export interface KnobSource {
  /** From the document root, e.g. ['plan', 'knobs', 0, 'range']. */
  readonly path: FieldPath;
  readonly field: 'range' | 'values';
  /** range.step; null for a values list. */
  readonly step: number | null;
}

/** Points in a plan's space at most (also the bound on a plan shard file's points). */
export const MAX_POINTS = LIMITS.planPoints;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const valuesOrRange = {
  values: z.array(scalar).min(1).optional(),
  range: z.strictObject({ from: z.number(), to: z.number(), step: z.number().positive().default(1) }).optional(),
};
const rawKnob = z.strictObject({
  name: z.string().min(1).optional(),
  path: z.string().optional(),
  paths: z.array(z.string()).min(1).optional(),
  clustersPerRegion: z.strictObject({ template: z.string() }).optional(),
  ...valuesOrRange,
  monotone: z.boolean().default(false),
});
const rawPlan = z.strictObject({
  knobs: z.array(rawKnob).default([]),
  designs: z.array(z.string()).min(1).optional(),
  slo: z.strictObject({ availability: z.union([z.string(), z.number()]).optional() }).optional(),
  search: z.enum(['auto', 'grid', 'adaptive']).default('auto'),
  gridLimit: z.number().int().min(1).max(MAX_POINTS).default(32),
  replications: z
    .strictObject({ min: z.number().int().min(2).max(MAX_REPLICATIONS).default(4), max: z.number().int().min(2).max(MAX_REPLICATIONS).default(16) })
    .default({ min: 4, max: 16 }),
  horizon: z.string().optional(),
});


/**
 * Validates `plan` against the scenario document it sits in (`doc`: the file as plain data).
 * Problems carry paths from the document root, so the caller can give them file:line:col.
 */
export function parsePlan(
  raw: unknown,
  doc: unknown,
  scenario: { readonly designs: readonly string[]; readonly slo: { readonly availabilityRatio: number; readonly latency: readonly LatencyTarget[] } | undefined },
): { ok: true; spec: PlanSpec } | { ok: false; problems: Problem[] } {
  const base: FieldPath = ['plan'];
  if (raw === undefined) return { ok: false, problems: [{ path: [], message: 'the scenario has no plan section', expected: 'plan: { knobs: [...] } (see docs/plan.md)' }] };
  const parsed = rawPlan.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.flatMap((i): Problem[] =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => ({ path: [...base, ...(i.path as (string | number)[]), k], message: `unknown field "${k}"`, at: 'key' as const, expected: 'knobs, designs, slo, search, gridLimit, replications, horizon (docs/plan.md)' }))
          : [{ path: [...base, ...(i.path as (string | number)[])], message: i.message }],
      ),
    };
  }
  const p = parsed.data;
  const problems: Problem[] = [];
  const knobs: Knob[] = [];
  const names = new Set<string>();
  p.knobs.forEach((k, i) => {
    const at: FieldPath = [...base, 'knobs', i];
    const targets = [k.path !== undefined, k.paths !== undefined, k.clustersPerRegion !== undefined].filter(Boolean).length;
    if (targets !== 1) {
      problems.push({ path: at, message: 'a knob sets exactly one of path, paths or clustersPerRegion', expected: 'path: clusters[eu-1].nodePools[general].count' });
      return;
    }
    let values: (string | number | boolean)[];
    if ((k.values === undefined) === (k.range === undefined)) {
      problems.push({ path: at, message: 'give values or range (one of them)', expected: 'values: [2, 3, 4] or range: { from: 2, to: 8 }' });
      return;
    }
    if (k.range !== undefined) {
      const { from, to, step } = k.range;
      const n = Math.floor((to - from) / step + 1e-9) + 1;
      if (!(to >= from) || n > LIMITS.planRangeValues) {
        problems.push({ path: [...at, 'range'], message: `range must go up and hold at most ${LIMITS.planRangeValues} values (this one: ${from} to ${to} by ${step})` });
        return;
      }
      values = Array.from({ length: n }, (_, j) => Math.round((from + j * step) * 1e9) / 1e9);
    } else values = k.values!;
    if (new Set(values.map(String)).size !== values.length) problems.push({ path: [...at, 'values'], message: 'values repeat' });
    if (k.monotone && !values.every((v) => typeof v === 'number')) problems.push({ path: [...at, 'monotone'], message: 'only a numeric knob can be monotone' });
    if (k.monotone && values.some((v, j) => j > 0 && (v as number) <= (values[j - 1] as number))) problems.push({ path: [...at, 'values'], message: 'a monotone knob lists its values in increasing order' });
    const source: KnobSource = k.range !== undefined ? { path: [...at, 'range'], field: 'range', step: k.range.step } : { path: [...at, 'values'], field: 'values', step: null };
    let knob: Knob;
    if (k.clustersPerRegion !== undefined) {
      const t = k.clustersPerRegion.template;
      const clusters = (doc as { clusters?: { name?: string }[] }).clusters ?? [];
      if (!clusters.some((c) => c.name === t)) problems.push({ path: [...at, 'clustersPerRegion', 'template'], message: `no cluster "${t}"`, expected: clusters.map((c) => c.name).join(', ') });
      if (!values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) problems.push({ path: [...at, 'values'], message: 'clusters per region are whole numbers ≥ 1' });
      knob = { kind: 'clustersPerRegion', name: k.name ?? `clusters(${t})`, template: t, values: values as number[], monotone: k.monotone, source };
    } else {
      const texts = k.paths ?? [k.path!];
      const paths: PathStep[][] = [];
      texts.forEach((text, j) => {
        const ppath: FieldPath = k.paths ? [...at, 'paths', j] : [...at, 'path'];
        const steps = parsePath(text);
        if (steps === undefined) {
          problems.push({ path: ppath, message: `"${text}" is not a path`, expected: 'fields joined by dots, list items by [name], [*] or [index]: clusters[eu-1].nodePools[general].count' });
          return;
        }
        try {
          locate(doc, steps);
        } catch (e) {
          problems.push({ path: ppath, message: `the scenario has no ${(e as Error).message}` });
          return;
        }
        paths.push(steps);
      });
      knob = { kind: 'set', name: k.name ?? texts[0], paths, values, monotone: k.monotone, source };
    }
    if (names.has(knob.name)) problems.push({ path: [...at, 'name'], message: `two knobs are named "${knob.name}"` });
    names.add(knob.name);
    knobs.push(knob);
  });
  const designs = p.designs ?? scenario.designs;
  p.designs?.forEach((d, i) => {
    if (!scenario.designs.includes(d)) problems.push({ path: [...base, 'designs', i], message: `no design "${d}"`, expected: scenario.designs.join(', ') });
  });
  let availabilityRatio = scenario.slo?.availabilityRatio;
  if (p.slo?.availability !== undefined) {
    const a = parsePercent(p.slo.availability);
    if (!a.ok) problems.push({ path: [...base, 'slo', 'availability'], message: `not a percentage`, expected: a.expected });
    else availabilityRatio = a.value;
  }
  if (availabilityRatio === undefined) problems.push({ path: [...base, 'slo'], message: 'planning needs an availability target', expected: 'run.slo.availability, or plan.slo.availability' });
  let horizonS: number | undefined;
  if (p.horizon !== undefined) {
    const h = parseDuration(p.horizon);
    if (!h.ok || !(h.value > 0)) problems.push({ path: [...base, 'horizon'], message: 'not a positive duration', expected: 'e.g. 30d' });
    // The same bound as run.horizon (the plan's horizon replaces it).
    else if (h.value > LIMITS.horizonMaxS) problems.push({ path: [...base, 'horizon'], message: `${p.horizon} is longer than fleetsim simulates`, expected: `at most ${formatDuration(LIMITS.horizonMaxS)}` });
    else horizonS = h.value;
  }
  if (p.replications.max < p.replications.min) problems.push({ path: [...base, 'replications'], message: `max (${p.replications.max}) is below min (${p.replications.min})` });
  const points = knobs.reduce((a, k) => a * k.values.length, 1) * designs.length;
  if (points > MAX_POINTS) problems.push({ path: [...base, 'knobs'], message: `the space has ${points} points, more than ${MAX_POINTS}`, hint: 'narrow the ranges or fix some knobs' });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      knobs,
      designs,
      slo: { availabilityRatio: availabilityRatio!, latency: scenario.slo?.latency ?? [] },
      search: p.search,
      gridLimit: p.gridLimit,
      minReplications: p.replications.min,
      maxReplications: p.replications.max,
      horizonS,
    },
  };
}
