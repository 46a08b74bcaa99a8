import * as z from 'zod';
import { FLEETSIM_VERSION } from './aggregate.js';
import { RunInputError } from './context.js';
import { firstBadHistogram, firstNonFinite, MAX_REPLICATIONS } from './fileNumbers.js';
import type { ReplicationSummary, ScenarioInfo } from './types.js';
import { rareStratumCount, rareStratumIndices } from './rareStratum.js';

/**
 * Shards: `--shard i/n` runs the replications r with r mod n = i (round robin keeps slices the same
 * size whatever n is) and writes a partial results file; `merge` checks that the partials belong to
 * the same run and cover every replication once, then aggregates them exactly as a single run does.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const PARTIAL_SCHEMA = 'fleetsim/partial-results';
export const PARTIAL_SCHEMA_VERSION = 1;

export interface PartialResults {
  readonly schema: typeof PARTIAL_SCHEMA;
  readonly schemaVersion: typeof PARTIAL_SCHEMA_VERSION;
  readonly fleetsimVersion: string;
  readonly scenario: ScenarioInfo;
  /** Replications of the whole run (all shards). */
  readonly replications: number;
  readonly shard: Shard;
  readonly summaries: readonly ReplicationSummary[];
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new RunInputError(`--shard: expected INDEX/COUNT such as 0/3, got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new RunInputError('--shard: the count must be at least 1');
  // merge reads at most this many shards (the replication limit): refuse a split it would not take.
  if (count > MAX_REPLICATIONS) throw new RunInputError(`--shard: the count must be at most ${MAX_REPLICATIONS} (the replication limit; fleetsim merge refuses larger splits), got ${count}`);
  if (index >= count) throw new RunInputError(`--shard: the index must be below the count (0…${count - 1}), got ${index}`);
  return { index, count };
}

export function shardReplications(replications: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let r = shard.index; r < replications; r += shard.count) out.push(r);
  return out;
}

export function partialResults(scenario: ScenarioInfo, replications: number, shard: Shard, summaries: readonly ReplicationSummary[]): PartialResults {
  return { schema: PARTIAL_SCHEMA, schemaVersion: PARTIAL_SCHEMA_VERSION, fleetsimVersion: FLEETSIM_VERSION, scenario, replications, shard, summaries };
}

// Only the envelope is checked field by field; summaries are fleetsim's own output, checked for shape.
const partialSchema = z.object({
  schema: z.literal(PARTIAL_SCHEMA),
  schemaVersion: z.literal(PARTIAL_SCHEMA_VERSION),
  fleetsimVersion: z.string(),
  scenario: z.object({ name: z.string(), sha256: z.string(), seed: z.string(), designs: z.array(z.object({ name: z.string() })) }).loose(),
  replications: z.int().positive().max(MAX_REPLICATIONS),
  shard: z.object({ index: z.int().nonnegative(), count: z.int().positive().max(MAX_REPLICATIONS) }),
  summaries: z
    .array(z.object({ replication: z.int(), designs: z.array(z.object({ design: z.string() }).loose()) }).loose())
    .max(MAX_REPLICATIONS),
});

/** Parse one partial file's text; `name` is used in error messages. */
export function parsePartial(text: string, name: string): PartialResults {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RunInputError(`${name}: not JSON (${(err as Error).message}); expected the output of "fleetsim run FILE --shard i/n --output json"`);
  }
  if (typeof json === 'object' && json !== null && (json as { schema?: unknown }).schema === 'fleetsim/results') {
    throw new RunInputError(`${name}: this is a finished results.json, not a shard; merge the files written by "fleetsim run … --shard i/n --output json"`);
  }
  const parsed = partialSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RunInputError(`${name}: not a fleetsim partial results file (at ${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  const bad = firstNonFinite(json);
  if (bad !== null) throw new RunInputError(`${name}: not a fleetsim partial results file (at ${bad}: expected a finite number)`);
  const histogram = firstBadHistogram(json);
  if (histogram !== null) throw new RunInputError(`${name}: not a fleetsim partial results file (at ${histogram})`);
  const p = json as PartialResults;
  if (p.shard.index >= p.shard.count) throw new RunInputError(`${name}: shard ${p.shard.index}/${p.shard.count} is not a shard (the index must be below the count)`);
  return p;
}

/** Check the partials form one complete run; returns the scenario and every summary. */
export function combinePartials(partials: readonly { name: string; partial: PartialResults }[]): { scenario: ScenarioInfo; summaries: ReplicationSummary[] } {
  if (partials.length === 0) throw new RunInputError('merge: give at least one shard file');
  const [first] = partials;
  const identity = (p: PartialResults) => JSON.stringify(p.scenario);
  for (const { name, partial } of partials.slice(1)) {
    if (partial.fleetsimVersion !== first.partial.fleetsimVersion) throw new RunInputError(`${name} was written by fleetsim ${partial.fleetsimVersion}, ${first.name} by ${first.partial.fleetsimVersion}`);
    if (identity(partial) !== identity(first.partial)) {
      const why = partial.scenario.sha256 !== first.partial.scenario.sha256 ? 'a different scenario file' : 'different run settings (seed, horizon)';
      throw new RunInputError(`${name} and ${first.name} come from ${why}; shards of one run must share the scenario and its settings`);
    }
    if (partial.replications !== first.partial.replications) throw new RunInputError(`${name} is part of a ${partial.replications}-replication run, ${first.name} of a ${first.partial.replications}-replication run`);
    if (partial.shard.count !== first.partial.shard.count) throw new RunInputError(`${name} is shard ${partial.shard.index}/${partial.shard.count}, ${first.name} is from a split into ${first.partial.shard.count}`);
  }
  const seen = new Map<number, string>();
  for (const { name, partial } of partials) {
    const prior = [...seen.entries()].find(([, n]) => n === `shard ${partial.shard.index}`);
    if (prior) throw new RunInputError(`${name}: shard ${partial.shard.index}/${partial.shard.count} given twice`);
    for (const s of partial.summaries) {
      if (s.replication >= partial.replications) throw new RunInputError(`${name}: replication ${s.replication} is outside the run's 0…${partial.replications - 1}`);
      if (seen.has(s.replication)) throw new RunInputError(`${name}: replication ${s.replication} appears in more than one shard`);
      seen.set(s.replication, `shard ${partial.shard.index}`);
    }
  }
  const total = first.partial.replications;
  const missing: number[] = [];
  for (let r = 0; r < total; r++) if (!seen.has(r)) missing.push(r);
  // The rare stratum (rareStratum.ts): as many as the plain replications' rare outages call for.
  const all = partials.flatMap((p) => p.partial.summaries);
  const rare = first.partial.scenario.rareOutagesPerReplication !== undefined;
  const wanted = rare ? rareStratumCount(all.filter((s) => s.replication >= 0 && (s.rareOutages ?? 0) > 0).length) : 0;
  const extra = [...seen.keys()].filter((r) => r < -wanted);
  if (extra.length > 0) throw new RunInputError(`merge: replication ${extra[0]} is not part of this run (it takes ${wanted} rare-stratum replications, −1…−${wanted}; docs/run.md, "Rare faults")`);
  if (missing.length === 0) {
    const absent = rareStratumIndices(wanted).filter((r) => !seen.has(r));
    if (absent.length > 0) throw new RunInputError(`merge: rare-stratum replications ${absent.join(', ')} are missing (every shard of the run must be given)`);
  }
  if (missing.length > 0) {
    const shards = new Set(partials.map((p) => p.partial.shard.index));
    const absent = Array.from({ length: first.partial.shard.count }, (_, i) => i).filter((i) => !shards.has(i));
    throw new RunInputError(`merge: replications ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} are missing${absent.length > 0 ? ` (shards not given: ${absent.map((i) => `${i}/${first.partial.shard.count}`).join(', ')})` : ''}`);
  }
  return { scenario: first.partial.scenario, summaries: all };
}
