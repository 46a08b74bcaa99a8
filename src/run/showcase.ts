import { generateFaultSchedule, type FaultEpisode, type FaultKind } from '../model/faults/schedule.js';
import { runReplication } from '../model/runtime/replication.js';
import type { RunContext } from './context.js';
import { trafficOf } from './summarize.js';
import type { ShowcasePlan, ShowcaseSummary } from './types.js';

/**
 * The fault timeline chart shows one fault, the same for every design: the most severe fault among
 * the first replications, chosen from the fault schedules alone (they do not depend on the design),
 * so every worker and every shard picks the same one without seeing the others' results.
 */
const KIND_RANK: Readonly<Record<FaultKind, number>> = { region: 7, cluster: 6, zone: 5, link: 4, controlPlane: 3, etcdLeader: 2, etcdMember: 1, node: 0 };

const DAY_S = 86_400;
/** Points per timeline: enough for a smooth line, small enough for results.json. */
const TIMELINE_POINTS = 400;
const MIN_STEP_S = 5;

/** Scripted faults first (the user asked about them), then by kind, then by duration. */
function outranks(a: FaultEpisode, b: FaultEpisode): boolean {
  const sa = a.source === 'scripted' ? 1 : 0;
  const sb = b.source === 'scripted' ? 1 : 0;
  if (sa !== sb) return sa > sb;
  if (KIND_RANK[a.kind] !== KIND_RANK[b.kind]) return KIND_RANK[a.kind] > KIND_RANK[b.kind];
  return a.endS - a.startS > b.endS - b.startS;
}

export function chooseShowcase(ctx: RunContext, replications: number): ShowcasePlan | null {
  const { scenario, fleet } = ctx;
  const { horizonS, warmupS, seed } = scenario.run;
  let best: { r: number; ep: FaultEpisode } | undefined;
  for (let r = 0; r < replications; r++) {
    const faults = generateFaultSchedule({ fleet, clusters: scenario.clusters, faults: scenario.faults, horizonS, seed, replication: r });
    for (const ep of faults) {
      if (ep.startS < warmupS || ep.startS >= horizonS) continue;
      if (best === undefined || outranks(ep, best.ep)) best = { r, ep };
    }
  }
  if (best === undefined) return null;
  const { ep } = best;
  const durationS = ep.endS - ep.startS;
  const windowStartS = Math.max(0, ep.startS - Math.max(600, 0.1 * durationS));
  const windowEndS = Math.min(horizonS, ep.endS + Math.max(1800, 0.5 * durationS));
  return {
    replication: best.r,
    kind: ep.kind,
    target: ep.targetName,
    source: ep.source,
    startS: ep.startS,
    endS: ep.endS,
    windowStartS,
    windowEndS,
    stepS: Math.max(MIN_STEP_S, (windowEndS - windowStartS) / TIMELINE_POINTS),
  };
}

/**
 * Replays the window around the showcase fault for every design. To keep the cost independent of
 * where in the year the fault falls, the replay starts at the midnight before the window (same
 * time of day, so the same diurnal load) with the replication's faults that overlap it. Pod start-up
 * draws therefore differ from the full run: the chart illustrates the fault; the tables come from
 * the full replications.
 */
export function runShowcase(ctx: RunContext, plan: ShowcasePlan): ShowcaseSummary {
  const { scenario, fleet } = ctx;
  const { seed } = scenario.run;
  const all = generateFaultSchedule({ fleet, clusters: scenario.clusters, faults: scenario.faults, horizonS: scenario.run.horizonS, seed, replication: plan.replication });
  const offsetS = Math.floor(plan.windowStartS / DAY_S) * DAY_S;
  const horizonS = plan.windowEndS - offsetS;
  const faults: FaultEpisode[] = [];
  for (const ep of all) {
    if (ep.endS <= offsetS || ep.startS >= plan.windowEndS) continue;
    faults.push({ ...ep, id: faults.length, startS: Math.max(0, ep.startS - offsetS), endS: ep.endS - offsetS });
  }
  const firstRow = Math.ceil((plan.windowStartS - offsetS) / plan.stepS - 1e-9);
  const designs = scenario.designs.map((design, i) => {
    const r = runReplication({ fleet, clusters: scenario.clusters, design, resolved: ctx.designs[i], faults, seed, replication: plan.replication, horizonS, warmupS: 0, timelineStepS: plan.stepS, scenario });
    const rows = r.timeline?.ready ?? [];
    const required = r.services.map((s) => s.requiredReplicas);
    const totalRequired = required.reduce((a, b) => a + b, 0);
    const success = trafficOf(r)?.successTimeline;
    const tS: number[] = [];
    const ready: number[] = [];
    const ok: (number | null)[] = [];
    for (let k = firstRow; k < rows.length; k++) {
      tS.push(k * plan.stepS + offsetS - plan.startS);
      let sum = 0;
      rows[k].forEach((n, s) => (sum += Math.min(n, required[s])));
      ready.push(totalRequired > 0 ? sum / totalRequired : 1);
      if (success) ok.push(Number.isFinite(success[k]) ? success[k] : null);
    }
    return { design: design.name, tS, readyCapacity: ready, successRatio: success ? ok : null };
  });
  return { plan, designs };
}
