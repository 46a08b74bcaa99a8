import { monthlyCost, type CostObservation, type CostSetup, type MonthlyCost, parsePricedScenario } from '../cost/index.js';
import { designEpisodes } from '../model/faults/designEpisodes.js';
import { usedLinks } from '../model/faults/linkPairs.js';
import { generateFaultSchedule, withDesignEpisodes, type FaultEpisode } from '../model/faults/schedule.js';
import { rareOutagesPerReplication } from '../model/faults/rareOutages.js';
import { dataFlows, type DataFlow } from '../model/residency/dataFlows.js';
import { runReplication, type ReplicationResult } from '../model/replication/replication.js';
import { formatError, type Scenario, type ScenarioError } from '../scenario/index.js';
import { RunInputError } from './errors.js';
import { hasTimeoutPolicy, summarizeDesign, trafficOf } from './summarize.js';
import type { DesignReplicationSummary, ReplicationSummary, ShowcasePlan, ShowcaseSummary } from './types.js';
import { resolveScenario, type ResolvedScenario } from './resolveScenario.js';

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
import type { Fleet } from '../model/fleet/types.js';
export type { SizedFleet } from '../model/sizing/index.js';
// Stage 3 lives in its own module so that check can load it without the simulator.
export { resolveScenario, type DesignView, type ResolvedScenario } from './resolveScenario.js';
export type { ReplicationResult } from '../model/replication/replication.js';

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

/**
 * Stages 1–3 with a change applied between validation and resolution (run's command-line
 * overrides, the TUI's what-ifs, nothing for plan's configurations).
 */
export function prepareScenario(text: string, fileName: string, change: (s: Scenario) => Scenario = (s) => s): ResolvedScenario {
  return resolveScenario(change(validateScenario(text, fileName)));
}

/**
 * Stage 4: a replication's faults. Deterministic in (scenario, seed, replication). Without `design`:
 * the schedule of the fleet as written; with it: that design's, which is the same list unless the
 * design has its own pools (then its nodes' failures come from the same per-pool streams, so a node
 * both fleets have fails at the same times in both).
 */
export function faultSchedule(p: ResolvedScenario, replication: number, design?: number): FaultEpisode[] {
  const { scenario, fleet } = design === undefined ? p : p.views[design];
  const streams = streamsOf(scenario.run.seed, replication);
  return generateFaultSchedule({ fleet, clusters: scenario.clusters, faults: scenario.faults, horizonS: scenario.run.horizonS, ...streams, usedLinks: linksInUse(p) });
}

const LINKS_IN_USE = new WeakMap<ResolvedScenario, Uint8Array>();

/**
 * The region pairs some design uses, over every design's own placement: one set for all designs
 * (and every design's fleet has the same regions, so the same link ids), so link faults stay paired.
 */
function linksInUse(p: ResolvedScenario): Uint8Array {
  let used = LINKS_IN_USE.get(p);
  if (used === undefined) LINKS_IN_USE.set(p, (used = usedLinks(p.fleet, p.scenario, p.views.map((v) => v.resolved))));
  return used;
}

/**
 * Every design's schedule of a replication: the fleet's faults, drawn once per distinct fleet, plus
 * the design's own episodes (its rollouts of changes, the dependencies it uses, replayed incidents).
 */
export function designFaultSchedules(p: ResolvedScenario, replication: number): (readonly FaultEpisode[])[] {
  const byFleet = new Map<Fleet, FaultEpisode[]>();
  return p.views.map((v, i) => {
    let faults = byFleet.get(v.fleet);
    if (faults === undefined) byFleet.set(v.fleet, (faults = faultSchedule(p, replication, v.fleet === p.fleet ? undefined : i)));
    return withDesignEpisodes(faults, ownEpisodes(p, replication, i));
  });
}

/** One design's schedule of a replication (the same as its entry in designFaultSchedules). */
export function designFaultSchedule(p: ResolvedScenario, replication: number, design: number): readonly FaultEpisode[] {
  return withDesignEpisodes(faultSchedule(p, replication, design), ownEpisodes(p, replication, design));
}

function ownEpisodes(p: ResolvedScenario, replication: number, design: number) {
  const { scenario, fleet, resolved } = p.views[design];
  const { seed, replication: index } = streamsOf(scenario.run.seed, replication);
  return designEpisodes({ fleet, scenario, design, resolved, horizonS: scenario.run.horizonS, seed, replication: index });
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
  /** Told of every node taint given (true) or taken off (false): the zone-failure validation reads the taint sequence. */
  readonly onNodeTaint?: (node: number, tS: number, tainted: boolean) => void;
  /** Repeat quiet days of traffic (default true); false evaluates every hour (the tests compare the two). */
  readonly repeatQuietDays?: boolean;
}

/**
 * The random streams of a replication. Plain replications 0…n−1 draw from (seed, r); the rare-stratum
 * replication −1−j (rareStratum.ts) from (seed + RARE_STRATUM_SEED, j), so its streams differ from every
 * plain replication's, and its region outages are drawn conditioned on at least one.
 */
export const RARE_STRATUM_SEED = '|rare-stratum';

export function streamsOf(seed: string, replication: number): { seed: string; replication: number; rareStratum?: true } {
  return replication >= 0 ? { seed, replication } : { seed: `${seed}${RARE_STRATUM_SEED}`, replication: -replication - 1, rareStratum: true };
}

function seedOf(seed: string, replication: number): { seed: string; replication: number } {
  const s = streamsOf(seed, replication);
  return { seed: s.seed, replication: s.replication };
}

/** Stage 5: one design through one replication's faults. */
export function simulateDesign(p: ResolvedScenario, design: number, faults: readonly FaultEpisode[], replication: number, o: SimulateOptions = {}): ReplicationResult {
  const { scenario, fleet, resolved } = p.views[design];
  return runReplication({
    fleet,
    clusters: scenario.clusters,
    design: scenario.designs[design],
    resolved,
    faults,
    ...seedOf(scenario.run.seed, replication),
    horizonS: o.horizonS ?? scenario.run.horizonS,
    warmupS: o.warmupS ?? scenario.run.warmupS,
    ...(o.timelineStepS !== undefined ? { timelineStepS: o.timelineStepS } : {}),
    ...(o.traffic === false ? {} : { scenario }),
    ...(o.onNodeTaint !== undefined ? { onNodeTaint: o.onNodeTaint } : {}),
    ...(o.repeatQuietDays === false ? { repeatQuietDays: false } : {}),
  });
}

/** Stage 6: the month's bill of what one design used in one replication (its result is the observation). */
export function costDesign(p: ResolvedScenario, design: number, observation: CostObservation, cost: CostInputs): MonthlyCost {
  const v = p.views[design];
  return monthlyCost({ scenario: v.scenario, fleet: v.fleet, resolved: v.resolved, observation, catalog: cost.catalog, usage: cost.usage });
}

/** Stages 4–6 for one design: what plan evaluates per job. */
export function simulateAndCost(p: ResolvedScenario, design: number, replication: number, cost: CostInputs): { readonly result: ReplicationResult; readonly bill: MonthlyCost } {
  const result = simulateDesign(p, design, designFaultSchedule(p, replication, design), replication);
  return { result, bill: costDesign(p, design, result, cost) };
}

/**
 * Stages 4–7: one replication of every design, faults drawn once and replayed against each
 * (common random numbers), each costed and summarized. Deterministic in (scenario, seed, replication).
 * `showcase`: the fault window to replay for the timeline chart, when this is its replication.
 */
export function replicate(p: ResolvedScenario, replication: number, cost: CostInputs, showcase: ShowcasePlan | null = null): ReplicationSummary {
  const faults = designFaultSchedules(p, replication);
  const designs = p.scenario.designs.map((_, i) => replicateDesign(p, replication, i, cost, faults[i]));
  const rare = rareOutagesOf(p, faults[0]);
  return { replication, ...(rare !== undefined ? { rareOutages: rare } : {}), designs, showcase: showcase !== null && showcase.replication === replication ? runShowcase(p, showcase) : null };
}

/** Expected stochastic region outages per replication when they are rare (model/faults/rareOutages.ts); else undefined. */
export function rareOutageRate(p: ResolvedScenario): number | undefined {
  return rareOutagesPerReplication(p.scenario.faults.stochastic.regions, p.fleet.regions.length, p.scenario.run.horizonS);
}

/** How many stochastic region outages a schedule holds, when they are rare; else undefined. */
function rareOutagesOf(p: ResolvedScenario, faults: readonly FaultEpisode[]): number | undefined {
  if (rareOutageRate(p) === undefined) return undefined;
  return faults.filter((f) => f.kind === 'region' && f.source === 'stochastic').length;
}

/** Stochastic region outages of one replication (faults only, nothing simulated); undefined when they are not rare. */
export function rareOutages(p: ResolvedScenario, replication: number): number | undefined {
  return rareOutageRate(p) === undefined ? undefined : rareOutagesOf(p, faultSchedule(p, replication));
}

/**
 * Stages 4–7 for one design of one replication: a run's unit of parallel work (a replication's
 * designs are independent once its faults are drawn, and the draw depends on nothing but the
 * scenario, seed and replication). `faults`: the design's schedule, when the caller has drawn
 * every design's already (replicate); the same list as designFaultSchedules' entry otherwise.
 */
export function replicateDesign(p: ResolvedScenario, replication: number, design: number, cost: CostInputs, faults: readonly FaultEpisode[] = designFaultSchedule(p, replication, design)): DesignReplicationSummary {
  const options = { timeouts: p.scenario.designs.some((d) => hasTimeoutPolicy(d.traffic)) };
  const flows = designDataFlows(p)[design];
  const result = simulateDesign(p, design, faults, replication);
  return { ...summarizeDesign(result, options), cost: costDesign(p, design, result, cost), ...(flows.length > 0 ? { dataFlows: flows } : {}) };
}

const DATA_FLOWS = new WeakMap<ResolvedScenario, (readonly DataFlow[])[]>();

/**
 * Per design, its data flows (docs/residency.md), violations first: static, so computed once per
 * resolved scenario. Only for scenarios with datastores (issue 17's results are opt-in: a scenario
 * without them keeps its results.json byte for byte); empty otherwise.
 */
export function designDataFlows(p: ResolvedScenario): (readonly DataFlow[])[] {
  let flows = DATA_FLOWS.get(p);
  if (flows === undefined) {
    const on = p.scenario.workload.datastores.length > 0;
    flows = p.views.map((v, i) => (on ? violationsFirst(dataFlows(v.scenario, v.scenario.designs[i], v.resolved, v.fleet)) : []));
    DATA_FLOWS.set(p, flows);
  }
  return flows;
}

function violationsFirst(flows: readonly DataFlow[]): DataFlow[] {
  return [...flows.filter((f) => f.violation), ...flows.filter((f) => !f.violation)];
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
 * `only`: replay just that design (each design's replay is independent: a run replays them in parallel).
 */
export function replayWindow(p: ResolvedScenario, plan: ShowcasePlan, stepS: number, only?: number): WindowReplay {
  const offsetS = Math.floor(plan.windowStartS / DAY_S) * DAY_S;
  const horizonS = plan.windowEndS - offsetS;
  const inWindow = (all: readonly FaultEpisode[]): FaultEpisode[] => {
    const out: FaultEpisode[] = [];
    for (const ep of all) {
      if (ep.endS <= offsetS || ep.startS >= plan.windowEndS) continue;
      out.push({ ...ep, id: out.length, startS: Math.max(0, ep.startS - offsetS), endS: ep.endS - offsetS });
    }
    return out;
  };
  const faults = inWindow(faultSchedule(p, plan.replication));
  const perDesign = designFaultSchedules(p, plan.replication).map(inWindow);
  const firstRow = Math.ceil((plan.windowStartS - offsetS) / stepS - 1e-9);
  const replayed = only === undefined ? p.scenario.designs.map((_, i) => i) : [only];
  const designs = replayed.map((i): WindowDesign => {
    const design = p.scenario.designs[i];
    const result = simulateDesign(p, i, perDesign[i], plan.replication, { horizonS, warmupS: 0, timelineStepS: stepS });
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
 * step, times relative to the fault's start. `only`: that design's entry alone.
 */
export function runShowcase(p: ResolvedScenario, plan: ShowcasePlan, only?: number): ShowcaseSummary {
  const w = replayWindow(p, plan, plan.stepS, only);
  const designs = w.designs.map((d) => ({
    design: d.design,
    tS: d.readyCapacity.map((_, j) => (w.firstRow + j) * plan.stepS + w.offsetS - plan.startS),
    readyCapacity: d.readyCapacity,
    successRatio: d.successRatio,
  }));
  return { plan, designs };
}
