import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { formatDuration, LIMITS, type RunSettings, type Scenario } from '../scenario/index.js';
import type { DesignFleetInfo, ScenarioInfo } from './types.js';
import { costSetup, CostSetupError, MissingPriceError, type CostSetup } from '../cost/index.js';
import { RunInputError } from './errors.js';
import { rareOutagesPerReplication } from '../model/faults/rareOutages.js';
import { costDesign, resolveScenario, validateScenario, type DesignView, type ResolvedScenario } from './pipeline.js';

export { RunInputError } from './errors.js';

/** Command-line overrides of the scenario's run section. */
export interface RunOverrides {
  readonly seed?: string;
  readonly horizonS?: number;
  readonly replications?: number;
}

/** A scenario ready to simulate: fleet and placements resolved once, shared by every replication. */
export interface RunContext extends ResolvedScenario {
  readonly info: ScenarioInfo;
  /** Prices and usage assumptions every design is costed with. */
  readonly cost: CostSetup;
}

/**
 * The scenario's prices, checked before anything runs: a design is costed once on an empty
 * observation, so a missing price is a clear input error here rather than a failure in a worker.
 */
export function checkedCostSetup(p: ResolvedScenario): CostSetup {
  const { scenario, fleet } = p;
  try {
    const setup = costSetup(scenario);
    const observation = { horizonS: 3600, warmupS: 0, pools: fleet.nodePools.map((pool) => ({ cluster: fleet.clusters[pool.clusterId].name, pool: pool.name, nodeHours: 0 })) };
    p.designs.forEach((_, i) => costDesign(p, i, observation, setup));
    return setup;
  } catch (err) {
    if (err instanceof MissingPriceError || err instanceof CostSetupError) throw new RunInputError(err.message);
    throw err;
  }
}

/** Parse, apply overrides and resolve: validateRun then resolveRun. */
export function prepareRun(text: string, fileName: string, overrides: RunOverrides = {}): RunContext {
  return resolveRun(validateRun(text, fileName, overrides), text);
}

/** Parse, validate and apply overrides: enough to size the run (runner.ts decides its worker pool from this). */
export function validateRun(text: string, fileName: string, overrides: RunOverrides = {}): Scenario {
  return applyOverrides(validateScenario(text, fileName), overrides);
}

/** Resolve fleet, placements and sizing, check the prices: the context every replication shares. */
export function resolveRun(scenario: Scenario, text: string): RunContext {
  return runContextOf(resolveScenario(scenario), text);
}

/** The context of a scenario already resolved (resolveWithOverrides): prices checked, facts for the results. */
export function runContextOf(p: ResolvedScenario, text: string): RunContext {
  return { ...p, info: scenarioInfo(p, text), cost: checkedCostSetup(p) };
}

/**
 * The validated scenario with the overrides applied, resolved: what `run` warns about and then
 * simulates, resolved once for both (sizing reads the horizon, so the warnings must see --horizon's).
 * A RunInputError is returned, not thrown: the command prints the loader's warnings before it.
 */
export function resolveWithOverrides(validated: Scenario, overrides: RunOverrides): ResolvedScenario | RunInputError {
  try {
    return resolveScenario(applyOverrides(validated, overrides));
  } catch (err) {
    if (err instanceof RunInputError) return err;
    throw err;
  }
}

export function applyOverrides(scenario: Scenario, o: RunOverrides): Scenario {
  const run: { -readonly [K in keyof RunSettings]: RunSettings[K] } = { ...scenario.run };
  if (o.seed !== undefined) run.seed = o.seed;
  if (o.horizonS !== undefined) run.horizonS = o.horizonS;
  if (o.replications !== undefined) run.replications = o.replications;
  if (!(run.horizonS > run.warmupS)) throw new RunInputError(`the horizon (${run.horizonS} s) must be longer than the warm-up (${run.warmupS} s)`);
  if (!Number.isInteger(run.replications) || run.replications < 1) throw new RunInputError(`replications must be a positive integer, got ${run.replications}`);
  // The loader checked the file's own run size; overrides scale it (events grow with both).
  run.estimatedEvents = scenario.run.estimatedEvents * (run.replications / scenario.run.replications) * (run.horizonS / scenario.run.horizonS);
  if (!(run.estimatedEvents <= LIMITS.runEvents)) {
    throw new RunInputError(
      `${run.replications} replications × ${formatDuration(run.horizonS)} would take about ${run.estimatedEvents.toPrecision(2)} simulation events, far beyond one machine (at most ${LIMITS.runEvents.toPrecision(2)}): lower --replications or --horizon`,
    );
  }
  return { ...scenario, run };
}

export function scenarioInfo(p: ResolvedScenario, text: string): ScenarioInfo {
  const s = p.scenario;
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
    designs: s.designs.map((d, i) => ({ name: d.name, description: d.description, fleet: designFleetInfo(p.views[i], p.scenario) })),
    userRegions: s.workload.userRegions.map((u) => u.name),
    clusters: s.clusters.map((c) => c.name),
    ...rareInfo(p),
  };
}

/** The expected rare outages per replication, only when there are rare faults (so other results keep their form). */
function rareInfo(p: ResolvedScenario): { rareOutagesPerReplication?: number } {
  const expected = rareOutagesPerReplication(p.scenario.faults.stochastic.regions, p.fleet.regions.length, p.scenario.run.horizonS);
  return expected === undefined ? {} : { rareOutagesPerReplication: expected };
}

/** What a design runs at the start (results.json `scenario.designs[].fleet`; `run` prints it). */
export function designFleetInfo(v: DesignView, scenario: Scenario): DesignFleetInfo {
  const used = new Set(v.resolved.usedClusters);
  const z = v.sized;
  const survive = z === undefined ? '' : z.survive.kind === 'none' ? 'no failure' : z.survive.name !== undefined ? `${z.survive.kind} ${z.survive.name}` : `any one ${z.survive.kind}`;
  return {
    pools: v.scenario.clusters
      .filter((c) => used.has(c.name))
      .flatMap((c) =>
        c.nodePools.map((p) => ({
          cluster: c.name,
          pool: p.name,
          instanceType: p.instanceType ?? null,
          capacityType: p.capacityType,
          count: p.count,
          autoscaling: p.autoscaling ? { min: p.autoscaling.minCount, max: p.autoscaling.maxCount } : null,
        })),
      ),
    replicas: v.scenario.workload.services.map((sv) => ({ service: sv.name, replicas: sv.replicas })),
    own: v.scenario !== scenario,
    sizing: z === undefined ? null : { headroomRatio: z.headroomRatio, survive, failoverNodes: v.scenario.designs.find((d) => d.name === z.design)?.sizing?.failoverNodes ?? 'standing', explanation: [...z.explanation], problems: [...z.problems] },
  };
}
