import { monthlyCost, type CostObservation, type CostSetup, type MonthlyCost, parsePricedScenario } from '../cost/index.js';
import { generateFaultSchedule, type FaultEpisode } from '../model/faults/schedule.js';
import { resolveFleet } from '../model/fleet/resolveFleet.js';
import type { Fleet } from '../model/fleet/types.js';
import { resolveDesigns, type ResolvedDesign } from '../model/placement/resolveDesigns.js';
import { runReplication, type ReplicationResult } from '../model/replication/replication.js';
import { formatError, type Scenario, type ScenarioError } from '../scenario/index.js';
import { RunInputError } from './errors.js';
import { summarizeDesign, trafficOf } from './summarize.js';
import type { ReplicationSummary, ShowcasePlan, ShowcaseSummary } from './types.js';

/**
 * The simulation pipeline, the one place that turns a scenario into numbers:
 *
 *   scenario text → validated Scenario → fleet and designs resolved → the fault schedule of a
 *   replication (drawn once, replayed against every design: common random numbers) → each design
 *   simulated → its month's bill → its replication summary.
 *
 * `fleetsim run`, `plan`, the TUI, the fault showcase and replay, and the live kube predictor all
 * go through these stages, so the same (scenario, seed, replication) gives the same numbers in
 * every one of them. Only this module builds the input of the model's runReplication.
 */

export type { FaultEpisode, FaultKind } from '../model/faults/schedule.js';
export type { ResolvedDesign } from '../model/placement/resolveDesigns.js';
export type { Fleet } from '../model/fleet/types.js';
export type { ReplicationResult } from '../model/replication/replication.js';

/** A scenario with its fleet and design placements resolved once, shared by every replication. */
export interface ResolvedScenario {
  readonly scenario: Scenario;
  readonly fleet: Fleet;
  /** In the scenario's design order. */
  readonly designs: readonly ResolvedDesign[];
}

/** The prices and usage assumptions every design is costed with. */
export type CostInputs = CostSetup;

/** A scenario file that does not validate; `errors` for callers that word them their own way. */
export class ScenarioInvalidError extends RunInputError {
  override readonly name = 'ScenarioInvalidError';
  constructor(readonly errors: readonly ScenarioError[]) {
    super(errors.map(formatError).join('\n'));
  }
}

/** Stage 1–2: parse and validate. */
export function validateScenario(text: string, fileName: string): Scenario {
  const loaded = parsePricedScenario(text, fileName);
  if (!loaded.ok) throw new ScenarioInvalidError(loaded.errors);
  return loaded.scenario;
}

/** Stage 3: resolve the fleet and every design's placement. */
export function resolveScenario(scenario: Scenario): ResolvedScenario {
  const fleet = resolveFleet(scenario);
  return { scenario, fleet, designs: resolveDesigns(scenario, fleet) };
}

/**
 * Stages 1–3 with a change applied between validation and resolution (run's command-line
 * overrides, the TUI's what-ifs, nothing for plan's configurations).
 */
export function prepareScenario(text: string, fileName: string, change: (s: Scenario) => Scenario = (s) => s): ResolvedScenario {
  return resolveScenario(change(validateScenario(text, fileName)));
}

/** Stage 4: a replication's faults, the same for every design. Deterministic in (scenario, seed, replication). */
export function faultSchedule(p: ResolvedScenario, replication: number): FaultEpisode[] {
  const { scenario, fleet } = p;
  return generateFaultSchedule({ fleet, clusters: scenario.clusters, faults: scenario.faults, horizonS: scenario.run.horizonS, seed: scenario.run.seed, replication });
}

export interface SimulateOptions {
  /** Default: the scenario's run.horizon. */
  readonly horizonS?: number;
  /** Default: the scenario's run.warmup. */
  readonly warmupS?: number;
  /** Sample ready replicas (and success, with traffic) on this period. */
  readonly timelineStepS?: number;
  /** Model user traffic (default true); false: capacity and fault timelines only. */
  readonly traffic?: boolean;
}

/** Stage 5: one design through one replication's faults. */
export function simulateDesign(p: ResolvedScenario, design: number, faults: readonly FaultEpisode[], replication: number, o: SimulateOptions = {}): ReplicationResult {
  const { scenario, fleet } = p;
  return runReplication({
    fleet,
    clusters: scenario.clusters,
    design: scenario.designs[design],
    resolved: p.designs[design],
    faults,
    seed: scenario.run.seed,
    replication,
    horizonS: o.horizonS ?? scenario.run.horizonS,
    warmupS: o.warmupS ?? scenario.run.warmupS,
    ...(o.timelineStepS !== undefined ? { timelineStepS: o.timelineStepS } : {}),
    ...(o.traffic === false ? {} : { scenario }),
  });
}

/** Stage 6: the month's bill of what one design used in one replication (its result is the observation). */
export function costDesign(p: ResolvedScenario, design: number, observation: CostObservation, cost: CostInputs): MonthlyCost {
  return monthlyCost({ scenario: p.scenario, fleet: p.fleet, resolved: p.designs[design], observation, catalog: cost.catalog, usage: cost.usage });
}

/** Stages 4–6 for one design: what plan evaluates per job. */
export function simulateAndCost(p: ResolvedScenario, design: number, replication: number, cost: CostInputs): { readonly result: ReplicationResult; readonly bill: MonthlyCost } {
  const result = simulateDesign(p, design, faultSchedule(p, replication), replication);
  return { result, bill: costDesign(p, design, result, cost) };
}

/**
 * Stages 4–7: one replication of every design, faults drawn once and replayed against each
 * (common random numbers), each costed and summarized. Deterministic in (scenario, seed, replication).
 * `showcase`: the fault window to replay for the timeline chart, when this is its replication.
 */
export function replicate(p: ResolvedScenario, replication: number, cost: CostInputs, showcase: ShowcasePlan | null = null): ReplicationSummary {
  const faults = faultSchedule(p, replication);
  const designs = p.scenario.designs.map((_, i) => {
    const result = simulateDesign(p, i, faults, replication);
    return { ...summarizeDesign(result), cost: costDesign(p, i, result, cost) };
  });
  return { replication, designs, showcase: showcase !== null && showcase.replication === replication ? runShowcase(p, showcase) : null };
}

/**
 * The summary as it will look after a trip through JSON (a shard file, a worker message): running
 * every summary through this makes an in-process run, a pooled run and a merged run compare equal.
 */
export function serializeSummary(s: ReplicationSummary): string {
  return JSON.stringify(s);
}

const DAY_S = 86_400;

/** One design's replay of a fault window: ready capacity and success per step from `firstRow` on. */
export interface WindowDesign {
  readonly design: string;
  readonly result: ReplicationResult;
  /** Ready replicas over required (each service capped at its requirement), per step. */
  readonly readyCapacity: number[];
  /** Share of requests served per step (null: a step without requests); null without traffic. */
  readonly successRatio: (number | null)[] | null;
}

export interface WindowReplay {
  /** The replay's time zero, in seconds of the replication: the midnight before the window. */
  readonly offsetS: number;
  readonly stepS: number;
  /** Index of the first step kept (the first at or after the window's start): step j is at (firstRow + j) × stepS after offsetS. */
  readonly firstRow: number;
  /** The replication's faults that overlap the replay, shifted to the replay's time (0 = offsetS). */
  readonly faults: readonly FaultEpisode[];
  readonly designs: readonly WindowDesign[];
}

/**
 * Replays the window around a chosen fault for every design, with the traffic model on, sampling
 * every `stepS`. To keep the cost independent of where in the year the fault falls, the replay
 * starts at the midnight before the window (same time of day, so the same diurnal load) with the
 * replication's faults that overlap it. Pod start-up draws therefore differ from the full
 * replication: the replay illustrates a fault; the tables come from the full replications. The run
 * report's timeline chart and the TUI's replay are both this replay, at their own step.
 */
export function replayWindow(p: ResolvedScenario, plan: ShowcasePlan, stepS: number): WindowReplay {
  const all = faultSchedule(p, plan.replication);
  const offsetS = Math.floor(plan.windowStartS / DAY_S) * DAY_S;
  const horizonS = plan.windowEndS - offsetS;
  const faults: FaultEpisode[] = [];
  for (const ep of all) {
    if (ep.endS <= offsetS || ep.startS >= plan.windowEndS) continue;
    faults.push({ ...ep, id: faults.length, startS: Math.max(0, ep.startS - offsetS), endS: ep.endS - offsetS });
  }
  const firstRow = Math.ceil((plan.windowStartS - offsetS) / stepS - 1e-9);
  const designs = p.scenario.designs.map((design, i): WindowDesign => {
    const result = simulateDesign(p, i, faults, plan.replication, { horizonS, warmupS: 0, timelineStepS: stepS });
    const rows = result.timeline?.ready ?? [];
    const required = result.services.map((s) => s.requiredReplicas);
    const totalRequired = required.reduce((a, b) => a + b, 0);
    const success = trafficOf(result)?.successTimeline;
    const readyCapacity: number[] = [];
    const ok: (number | null)[] = [];
    for (let k = firstRow; k < rows.length; k++) {
      let sum = 0;
      rows[k].forEach((n, s) => (sum += Math.min(n, required[s])));
      readyCapacity.push(totalRequired > 0 ? sum / totalRequired : 1);
      if (success) ok.push(Number.isFinite(success[k]) ? success[k] : null);
    }
    return { design: design.name, result, readyCapacity, successRatio: success ? ok : null };
  });
  return { offsetS, stepS, firstRow, faults, designs };
}

/**
 * The timeline chart's data (run/showcase.ts picks the fault): the window replayed at the plan's
 * step, times relative to the fault's start.
 */
export function runShowcase(p: ResolvedScenario, plan: ShowcasePlan): ShowcaseSummary {
  const w = replayWindow(p, plan, plan.stepS);
  const designs = w.designs.map((d) => ({
    design: d.design,
    tS: d.readyCapacity.map((_, j) => (w.firstRow + j) * plan.stepS + w.offsetS - plan.startS),
    readyCapacity: d.readyCapacity,
    successRatio: d.successRatio,
  }));
  return { plan, designs };
}
