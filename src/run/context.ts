import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parseScenario, formatError, type RunSettings, type Scenario } from '../scenario/index.js';
import { resolveFleet } from '../model/fleet/resolveFleet.js';
import { resolveDesigns, type ResolvedDesign } from '../model/placement/resolveDesigns.js';
import type { Fleet } from '../model/fleet/types.js';
import type { ScenarioInfo } from './types.js';

/** Command-line overrides of the scenario's run section. */
export interface RunOverrides {
  readonly seed?: string;
  readonly horizonS?: number;
  readonly replications?: number;
}

/** A scenario ready to simulate: fleet and placements resolved once, shared by every replication. */
export interface RunContext {
  readonly scenario: Scenario;
  readonly fleet: Fleet;
  readonly designs: readonly ResolvedDesign[];
  readonly info: ScenarioInfo;
}

/** Thrown for scenarios that cannot run (bad file, bad override): the CLI maps it to exit code 2. */
export class RunInputError extends Error {
  override readonly name = 'RunInputError';
}

/**
 * Parse, apply overrides and resolve. Workers call this with the same text and overrides as the
 * main thread, so every thread simulates exactly the same scenario.
 */
export function prepareRun(text: string, fileName: string, overrides: RunOverrides = {}): RunContext {
  const loaded = parseScenario(text, fileName);
  if (!loaded.ok) throw new RunInputError(loaded.errors.map(formatError).join('\n'));
  const scenario = applyOverrides(loaded.scenario, overrides);
  const fleet = resolveFleet(scenario);
  const designs = resolveDesigns(scenario, fleet);
  return { scenario, fleet, designs, info: scenarioInfo(scenario, text) };
}

export function applyOverrides(scenario: Scenario, o: RunOverrides): Scenario {
  const run: { -readonly [K in keyof RunSettings]: RunSettings[K] } = { ...scenario.run };
  if (o.seed !== undefined) run.seed = o.seed;
  if (o.horizonS !== undefined) run.horizonS = o.horizonS;
  if (o.replications !== undefined) run.replications = o.replications;
  if (!(run.horizonS > run.warmupS)) throw new RunInputError(`the horizon (${run.horizonS} s) must be longer than the warm-up (${run.warmupS} s)`);
  if (!Number.isInteger(run.replications) || run.replications < 1) throw new RunInputError(`replications must be a positive integer, got ${run.replications}`);
  return { ...scenario, run };
}

export function scenarioInfo(s: Scenario, text: string): ScenarioInfo {
  return {
    name: s.name,
    description: s.description,
    file: basename(s.sourceFile),
    sha256: createHash('sha256').update(text).digest('hex'),
    seed: s.run.seed,
    horizonS: s.run.horizonS,
    warmupS: s.run.warmupS,
    slo: s.run.slo
      ? { availabilityRatio: s.run.slo.availabilityRatio, latency: s.run.slo.latency.map((l) => ({ percentile: l.percentile, maxS: l.maxS, userRegion: l.userRegion ?? null })) }
      : null,
    designs: s.designs.map((d) => ({ name: d.name, description: d.description })),
    userRegions: s.workload.userRegions.map((u) => u.name),
    clusters: s.clusters.map((c) => c.name),
  };
}
