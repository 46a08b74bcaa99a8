import * as z from 'zod';
import { missingAlong, parseDocPath } from '../docPaths.js';
import type { FieldPath } from '../errors.js';
import { didYouMean } from '../hints.js';
import { LIMITS } from '../limits.js';
import type { RawScenario } from '../schema.js';
import { formatDuration, parseDuration, parsePercent } from '../units.js';
import { problemsFromIssues } from '../zodIssues.js';
import type { Reporter } from './report.js';

/**
 * The `plan` section, checked as `fleetsim plan` checks it (src/plan/spec.ts, docs/plan.md), so
 * that `check` refuses what `plan` would: fields and types, knobs (one target, values or a range
 * that goes up, paths that exist in the document, a template cluster that exists), designs that
 * exist, an availability target, a positive horizon, replications min ≤ max, and the size of the
 * space. Kept in step with spec.ts by test/scenario/planSection.test.ts.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const knobSchema = z.strictObject({
  name: z.string().min(1).optional(),
  path: z.string().optional(),
  paths: z.array(z.string()).min(1).optional(),
  clustersPerRegion: z.strictObject({ template: z.string() }).optional(),
  values: z.array(scalar).min(1).optional(),
  range: z.strictObject({ from: z.number(), to: z.number(), step: z.number().positive().optional() }).optional(),
  monotone: z.boolean().optional(),
});
const planSchema = z.strictObject({
  knobs: z.array(knobSchema).optional(),
  designs: z.array(z.string()).min(1).optional(),
  slo: z.strictObject({ availability: z.union([z.string(), z.number()]).optional() }).optional(),
  search: z.enum(['auto', 'grid', 'adaptive']).optional(),
  // The upper bounds are plan's own (spec.ts), so `check` refuses what `plan` would.
  gridLimit: z.number().min(1).max(LIMITS.planPoints).int().optional(),
  replications: z.strictObject({ min: z.number().min(2).max(LIMITS.replications).int().optional(), max: z.number().min(2).max(LIMITS.replications).int().optional() }).optional(),
  horizon: z.string().optional(),
});
type Knob = z.output<typeof knobSchema>;
/** The plan schema where it sits in the document, so issue paths from the root find their values. */
const documentSchema = z.strictObject({ plan: planSchema });

/** The plan's own limits (spec.ts): values per range, points in the space. */
const MAX_RANGE_VALUES = LIMITS.planRangeValues;
const MAX_POINTS = LIMITS.planPoints;
const DEFAULT_REPLICATIONS = { min: 4, max: 16 };

export function checkPlan(r: Reporter, s: Partial<RawScenario>, doc: unknown): void {
  if (s.plan === undefined) return;
  const base: FieldPath = ['plan'];
  const parsed = planSchema.safeParse(s.plan);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') {
        r.problems.push(...problemsFromIssues([issue], { plan: s.plan }, documentSchema as unknown as z.ZodType, base));
        continue;
      }
      // Worded as `fleetsim plan` words it, so both commands read the same.
      const allowed = Object.keys(issue.path.length === 0 ? planSchema.shape : issue.path[0] === 'knobs' ? knobSchema.shape : {});
      for (const k of issue.keys) r.err([...base, ...(issue.path as (string | number)[]), k], `unknown field "${k}"`, `${allowed.join(', ') || 'the fields of docs/plan.md'} (docs/plan.md)`, didYouMean(k, allowed) ?? 'remove it, or see docs/plan.md', 'key');
    }
    return;
  }
  const p = parsed.data;
  const designNames = (s.designs ?? []).map((d) => d.name);
  const names = new Set<string>();
  const counts: number[] = [];
  (p.knobs ?? []).forEach((k, i) => {
    const n = checkKnob(r, s, doc, k, [...base, 'knobs', i], names);
    if (n !== undefined) counts.push(n);
  });
  p.designs?.forEach((d, i) => {
    if (s.designs && !designNames.includes(d)) r.err([...base, 'designs', i], `no design "${d}"`, designNames.join(', '), didYouMean(d, designNames) ?? 'plan.designs names designs of this scenario (designs[].name)');
  });
  let hasTarget = s.run?.slo?.availability !== undefined;
  if (p.slo?.availability !== undefined) {
    const a = parsePercent(p.slo.availability);
    if (!a.ok) r.err([...base, 'slo', 'availability'], 'not a percentage', a.expected, a.hint ?? 'e.g. "99.9%"');
    else hasTarget = true;
  }
  // Without a parsed run section, only a file that has none at all is known to lack run.slo.
  const runWritten = doc !== null && typeof doc === 'object' && (doc as Record<string, unknown>).run !== undefined;
  if (!hasTarget && (s.run !== undefined || !runWritten)) r.err([...base, 'slo'], 'planning needs an availability target', 'run.slo.availability, or plan.slo.availability', 'add plan: { slo: { availability: "99.9%" } }');
  if (p.horizon !== undefined) {
    const h = parseDuration(p.horizon);
    if (!h.ok || !(h.value > 0)) r.err([...base, 'horizon'], 'not a positive duration', 'e.g. 30d', (h.ok ? undefined : h.hint) ?? 'a duration above zero, e.g. "30d"');
    else if (h.value > LIMITS.horizonMaxS) r.err([...base, 'horizon'], `${p.horizon} is longer than fleetsim simulates`, `at most ${formatDuration(LIMITS.horizonMaxS)}`, 'more replications of a shorter horizon give the same figures');
  }
  const min = p.replications?.min ?? DEFAULT_REPLICATIONS.min;
  const max = p.replications?.max ?? DEFAULT_REPLICATIONS.max;
  if (max < min) r.err([...base, 'replications'], `max (${max}) is below min (${min})`, 'min ≤ max', `the defaults are min ${DEFAULT_REPLICATIONS.min}, max ${DEFAULT_REPLICATIONS.max}`);
  const points = counts.reduce((a, c) => a * c, 1) * (p.designs ?? designNames).length;
  if (points > MAX_POINTS) r.err([...base, 'knobs'], `the space has ${points} points, more than ${MAX_POINTS}`, `at most ${MAX_POINTS} points`, 'narrow the ranges or fix some knobs');
}

/** One knob; returns how many values it takes, or undefined when it is unusable. */
function checkKnob(r: Reporter, s: Partial<RawScenario>, doc: unknown, k: Knob, at: FieldPath, names: Set<string>): number | undefined {
  const targets = [k.path !== undefined, k.paths !== undefined, k.clustersPerRegion !== undefined].filter(Boolean).length;
  if (targets !== 1) {
    r.err(at, 'a knob sets exactly one of path, paths or clustersPerRegion', 'path: clusters[eu-1].nodePools[general].count', targets === 0 ? 'add path: <field path>' : 'keep one of them');
    return undefined;
  }
  if ((k.values === undefined) === (k.range === undefined)) {
    r.err(at, 'give values or range (one of them)', 'values: [2, 3, 4] or range: { from: 2, to: 8 }', k.values === undefined ? 'add values: [...] or range: { from, to }' : 'keep one of values and range');
    return undefined;
  }
  let values: readonly (string | number | boolean)[];
  if (k.range !== undefined) {
    const { from, to } = k.range;
    const step = k.range.step ?? 1;
    const n = Math.floor((to - from) / step + 1e-9) + 1;
    if (!(to >= from) || !(n <= MAX_RANGE_VALUES)) {
      r.err([...at, 'range'], `range must go up and hold at most ${MAX_RANGE_VALUES} values (this one: ${from} to ${to} by ${step})`, `from ≤ to, at most ${MAX_RANGE_VALUES} steps`, to < from ? `swap them: from: ${to}, to: ${from}` : 'use a larger step');
      return undefined;
    }
    values = Array.from({ length: n }, (_, j) => Math.round((from + j * step) * 1e9) / 1e9);
  } else values = k.values!;
  if (new Set(values.map(String)).size !== values.length) r.err([...at, 'values'], 'values repeat', 'each value once', 'remove the repeated values');
  if (k.monotone === true && !values.every((v) => typeof v === 'number')) r.err([...at, 'monotone'], 'only a numeric knob can be monotone', 'numbers, or monotone: false', 'remove monotone: true');
  else if (k.monotone === true && values.some((v, j) => j > 0 && (v as number) <= (values[j - 1] as number))) r.err([...at, 'values'], 'a monotone knob lists its values in increasing order', 'increasing values', 'sort the values');
  let name: string;
  if (k.clustersPerRegion !== undefined) {
    const t = k.clustersPerRegion.template;
    const clusters = (s.clusters ?? []).map((c) => c.name);
    if (s.clusters && !clusters.includes(t)) r.err([...at, 'clustersPerRegion', 'template'], `no cluster "${t}"`, clusters.join(', '), didYouMean(t, clusters) ?? 'the template names a cluster of this scenario');
    if (!values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) r.err([...at, 'values'], 'clusters per region are whole numbers ≥ 1', 'whole numbers ≥ 1', 'e.g. values: [1, 2, 3]');
    name = k.name ?? `clusters(${t})`;
  } else {
    const texts = k.paths ?? [k.path!];
    texts.forEach((text, j) => {
      const ppath: FieldPath = k.paths ? [...at, 'paths', j] : [...at, 'path'];
      const steps = parseDocPath(text);
      if (steps === undefined) {
        r.err(ppath, `"${text}" is not a path`, 'fields joined by dots, list items by [name], [*] or [index]: clusters[eu-1].nodePools[general].count', 'see docs/plan.md for the path syntax');
        return;
      }
      const missing = missingAlong(doc, steps);
      if (missing !== undefined) r.err(ppath, `the scenario has no ${missing}`, 'a path to a field of this scenario', 'see docs/plan.md for the path syntax');
    });
    name = k.name ?? texts[0];
  }
  if (names.has(name)) r.err([...at, 'name'], `two knobs are named "${name}"`, 'a name not used by another knob', 'give one of them its own name:');
  names.add(name);
  return values.length;
}
