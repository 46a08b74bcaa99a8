import * as z from 'zod';
import { FLEETSIM_VERSION } from '../run/aggregate.js';
import { firstNonFinite, MAX_REPLICATIONS } from '../run/fileNumbers.js';
import type { Shard } from '../run/shard.js';
import type { Sample } from './evaluate.js';
import type { KnobEdgeSource } from './edges.js';
import { PlanInputError } from './errors.js';
import type { PreparedPlan } from './prepared.js';
import { buildReport, type PlanReport, type ReportSpace } from './report.js';
import { cheapestMet, type SearchOutcome } from './search.js';
import { pointOf, valueIndicesOf, type KnobValue } from './space.js';
import { sampleSchema } from './sampleSchema.js';
import { MAX_POINTS, type PlanSpec } from './spec.js';
import { pointStats, type PointStats } from './stats.js';

/**
 * Plan shards: `fleetsim plan --shard i/n` evaluates the grid points p with p mod n = i, each at the
 * grid's replications, and prints their raw samples; `fleetsim merge` checks the shards belong to
 * one plan and cover every point once, then computes statistics, optimum and frontier from the
 * samples exactly as a single grid run does. A point's samples depend only on (config, design,
 * replication), so the split cannot change them.
 */
export const PLAN_PARTIAL_SCHEMA = 'fleetsim/plan-partial';
export const PLAN_PARTIAL_SCHEMA_VERSION = 1;

/** Everything besides the scenario file that decides a plan's points and results; shards must agree on it. */
export interface PlanShardSettings {
  /** Hash of prices and usage (the catalog, --catalog). */
  readonly costSha: string;
  readonly catalogVersion: string;
  readonly slo: PlanSpec['slo'];
  readonly knobs: readonly { readonly name: string; readonly values: readonly KnobValue[]; readonly monotone: boolean }[];
  readonly designs: readonly string[];
  readonly minReplications: number;
  readonly maxReplications: number;
  /** --horizon or plan.horizon; null: run.horizon. */
  readonly horizonS: number | null;
  readonly spacePoints: number;
  /** Per knob, where its range is written in the scenario (null: no edges): merge warns as plan does. */
  readonly edgeSources: readonly (KnobEdgeSource | null)[];
}

export interface PlanPartialPoint {
  readonly id: number;
  /** Replications 0 … in order (maxReplications of them unless the config is invalid). */
  readonly samples: readonly Sample[];
  readonly invalid: string | null;
}

export interface PlanPartial {
  readonly schema: typeof PLAN_PARTIAL_SCHEMA;
  readonly schemaVersion: typeof PLAN_PARTIAL_SCHEMA_VERSION;
  readonly fleetsimVersion: string;
  readonly scenario: { readonly name: string; readonly sha256: string };
  readonly settings: PlanShardSettings;
  readonly shard: Shard;
  readonly jobsRun: number;
  readonly jobsReused: number;
  /** Stopped by Ctrl-C: some points are short of replications; merge refuses it. */
  readonly interrupted: boolean;
  readonly points: readonly PlanPartialPoint[];
}

/** The point ids of one shard: round robin, so every slice gets a share of every region of the space. */
export function shardPoints(pointCount: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let p = shard.index; p < pointCount; p += shard.count) out.push(p);
  return out;
}

export function planPartial(p: PreparedPlan, scenarioName: string, shard: Shard, outcome: SearchOutcome): PlanPartial {
  const spec = p.spec;
  return {
    schema: PLAN_PARTIAL_SCHEMA,
    schemaVersion: PLAN_PARTIAL_SCHEMA_VERSION,
    fleetsimVersion: FLEETSIM_VERSION,
    scenario: { name: scenarioName, sha256: p.scenarioSha256 },
    settings: {
      costSha: p.costSha,
      catalogVersion: p.cost.catalog.version,
      slo: spec.slo,
      knobs: spec.knobs.map((k) => ({ name: k.name, values: k.values, monotone: k.monotone })),
      designs: spec.designs,
      minReplications: spec.minReplications,
      maxReplications: spec.maxReplications,
      horizonS: spec.horizonS ?? null,
      spacePoints: p.space.pointCount,
      edgeSources: p.edgeSources,
    },
    shard,
    jobsRun: outcome.jobsRun,
    jobsReused: outcome.jobsReused,
    interrupted: outcome.interrupted,
    points: [...outcome.results.entries()].sort(([a], [b]) => a - b).map(([id, r]) => ({ id, samples: r.samples, invalid: r.invalid })),
  };
}

/** Peek at parsed JSON: is it a plan shard (as opposed to a run shard or anything else)? */
export function isPlanPartial(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { schema?: unknown }).schema === PLAN_PARTIAL_SCHEMA;
}

// Every field is checked, numbers included (finite, whole where they count, within the plan's limits):
// a damaged or hand-edited file is refused with its path, never allowed to allocate without bound.
const knobValue = z.union([z.string(), z.number(), z.boolean()]);
const partialSchema = z.object({
  schema: z.literal(PLAN_PARTIAL_SCHEMA),
  schemaVersion: z.literal(PLAN_PARTIAL_SCHEMA_VERSION),
  fleetsimVersion: z.string(),
  scenario: z.object({ name: z.string(), sha256: z.string() }),
  settings: z.object({
    costSha: z.string(),
    catalogVersion: z.string(),
    slo: z.object({ availabilityRatio: z.number(), latency: z.array(z.object({ percentile: z.number(), maxS: z.number(), userRegion: z.string().optional() })) }),
    knobs: z.array(z.object({ name: z.string(), values: z.array(knobValue).min(1), monotone: z.boolean() })),
    designs: z.array(z.string()).min(1),
    minReplications: z.int().positive().max(MAX_REPLICATIONS),
    maxReplications: z.int().positive().max(MAX_REPLICATIONS),
    horizonS: z.number().positive().nullable(),
    spacePoints: z.int().positive().max(MAX_POINTS),
    edgeSources: z.array(
      z
        .object({ file: z.string(), line: z.int().positive(), col: z.int().positive(), path: z.string(), field: z.enum(['range', 'values']), step: z.number().positive().nullable() })
        .nullable(),
    ),
  }),
  shard: z.object({ index: z.int().nonnegative(), count: z.int().positive().max(MAX_POINTS) }),
  jobsRun: z.int().nonnegative(),
  jobsReused: z.int().nonnegative(),
  interrupted: z.boolean(),
  points: z.array(z.object({ id: z.int().nonnegative(), samples: z.array(sampleSchema).max(MAX_REPLICATIONS), invalid: z.string().nullable() })).max(MAX_POINTS),
});

/** Parse one plan shard file's JSON; `name` is used in error messages. */
export function parsePlanPartial(json: unknown, name: string): PlanPartial {
  const parsed = partialSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanInputError(`${name}: not a fleetsim plan shard file (at ${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  const bad = firstNonFinite(json);
  if (bad !== null) throw new PlanInputError(`${name}: not a fleetsim plan shard file (at ${bad}: expected a finite number)`);
  const p = json as PlanPartial;
  const points = p.settings.knobs.reduce((a, k) => a * k.values.length, 1) * p.settings.designs.length;
  if (points !== p.settings.spacePoints) throw new PlanInputError(`${name}: spacePoints is ${p.settings.spacePoints}, but the knobs and designs make ${points}`);
  if (p.settings.edgeSources.length !== p.settings.knobs.length) throw new PlanInputError(`${name}: settings.edgeSources has ${p.settings.edgeSources.length} entries for ${p.settings.knobs.length} knobs`);
  if (p.shard.index >= p.shard.count) throw new PlanInputError(`${name}: shard ${p.shard.index}/${p.shard.count} is not a shard (the index must be below the count)`);
  return p;
}

/** The knob values and design of a point, as the plan table shows them. */
const describePoint = (space: ReportSpace, id: number) => {
  const p = space.point(id);
  const idx = space.valueIndices(p.config);
  return [...space.spec.knobs.map((k, j) => `${k.name}=${k.values[idx[j]]}`), p.design].join(' ');
};

/** The space as the report needs it, rebuilt from a shard's settings (no scenario needed). */
function frame(s: PlanShardSettings): ReportSpace {
  return {
    spec: { slo: s.slo, designs: s.designs, minReplications: s.minReplications, maxReplications: s.maxReplications, knobs: s.knobs },
    pointCount: s.spacePoints,
    point: (id) => pointOf(s.designs, id),
    valueIndices: (config) => valueIndicesOf(s.knobs, config),
  };
}

/**
 * Check the shards form one complete grid plan and compute its report: statistics per point from
 * the samples, the optimum and the frontier, with points visited in id order as the grid does.
 */
export function combinePlanPartials(partials: readonly { name: string; partial: PlanPartial }[]): PlanReport {
  if (partials.length === 0) throw new PlanInputError('merge: give at least one shard file');
  const [first] = partials;
  const settings = (p: PlanPartial) => JSON.stringify(p.settings);
  for (const { name, partial } of partials.slice(1)) {
    if (partial.fleetsimVersion !== first.partial.fleetsimVersion) throw new PlanInputError(`${name} was written by fleetsim ${partial.fleetsimVersion}, ${first.name} by ${first.partial.fleetsimVersion}`);
    if (partial.scenario.sha256 !== first.partial.scenario.sha256 || partial.scenario.name !== first.partial.scenario.name) {
      throw new PlanInputError(`${name} and ${first.name} come from a different scenario file; shards of one plan must share the scenario and its settings`);
    }
    if (settings(partial) !== settings(first.partial)) {
      throw new PlanInputError(`${name} and ${first.name} come from different plan settings (--max-replications, --horizon, --catalog or prices); shards of one plan must share them`);
    }
    if (partial.shard.count !== first.partial.shard.count) throw new PlanInputError(`${name} is shard ${partial.shard.index}/${partial.shard.count}, ${first.name} is from a split into ${first.partial.shard.count}`);
  }
  const s = first.partial.settings;
  const space = frame(s);
  const shardsSeen = new Set<number>();
  const byId = new Map<number, PlanPartialPoint>();
  for (const { name, partial } of partials) {
    if (shardsSeen.has(partial.shard.index)) throw new PlanInputError(`${name}: shard ${partial.shard.index}/${partial.shard.count} given twice`);
    shardsSeen.add(partial.shard.index);
    if (partial.interrupted) throw new PlanInputError(`${name}: shard ${partial.shard.index}/${partial.shard.count} was interrupted before it finished; run it again (it resumes from its journal)`);
    for (const pt of partial.points) {
      if (pt.id >= s.spacePoints) throw new PlanInputError(`${name}: point ${pt.id} is outside the plan's 0…${s.spacePoints - 1}`);
      if (byId.has(pt.id)) throw new PlanInputError(`${name}: point ${pt.id} (${describePoint(space, pt.id)}) appears more than once`);
      if (pt.id % partial.shard.count !== partial.shard.index) throw new PlanInputError(`${name}: point ${pt.id} does not belong to shard ${partial.shard.index}/${partial.shard.count}`);
      if (pt.invalid === null && pt.samples.length !== s.maxReplications) {
        throw new PlanInputError(`${name}: point ${pt.id} (${describePoint(space, pt.id)}) has ${pt.samples.length} of ${s.maxReplications} replications`);
      }
      byId.set(pt.id, pt);
    }
  }
  const missing: number[] = [];
  for (let id = 0; id < s.spacePoints; id++) if (!byId.has(id)) missing.push(id);
  if (missing.length > 0) {
    const count = first.partial.shard.count;
    const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !shardsSeen.has(i));
    const listed = missing.slice(0, 5).map((id) => `${id} (${describePoint(space, id)})`);
    throw new PlanInputError(
      `merge: ${missing.length === 1 ? 'point' : `${missing.length} points`} missing: ${listed.join(', ')}${missing.length > 5 ? ', …' : ''}${absent.length > 0 ? ` (shards not given: ${absent.map((i) => `${i}/${count}`).join(', ')})` : ''}`,
    );
  }
  // Statistics in id order: the order a single grid run computes them in (ties on the frontier depend on it).
  const stats = new Map<number, PointStats>();
  const all = Array.from({ length: s.spacePoints }, (_, id) => id);
  for (const id of all) {
    const pt = byId.get(id)!;
    stats.set(id, pointStats(pt.samples, pt.invalid, s.slo));
  }
  const outcome: SearchOutcome = {
    strategy: 'grid',
    stats,
    optimum: cheapestMet(all, stats),
    jobsRun: partials.reduce((a, p) => a + p.partial.jobsRun, 0),
    jobsReused: partials.reduce((a, p) => a + p.partial.jobsReused, 0),
    interrupted: false,
    results: new Map(all.map((id) => [id, { samples: byId.get(id)!.samples, invalid: byId.get(id)!.invalid }])),
  };
  return buildReport(space, outcome, { scenario: first.partial.scenario.name, catalogVersion: s.catalogVersion, edgeSources: s.edgeSources });
}
