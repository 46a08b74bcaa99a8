import { faultSchedule, type FaultEpisode, type FaultKind, type ResolvedScenario } from './pipeline.js';
import type { ShowcasePlan } from './types.js';

/** The replay of the chosen fault's window lives with the other stages, in the pipeline. */
export { runShowcase } from './pipeline.js';

/**
 * The fault timeline chart shows one fault, the same for every design: the most severe fault among
 * the first replications, chosen from the fault schedules alone (they do not depend on the design),
 * so every worker and every shard picks the same one without seeing the others' results.
 */
const KIND_RANK: Readonly<Record<FaultKind, number>> = {
  dependency: 7.5,
  region: 7,
  cluster: 6,
  badChange: 5.7,
  brownout: 5.6,
  certificate: 5.5,
  zone: 5,
  link: 4,
  controlPlane: 3,
  upgrade: 2.5,
  etcdLeader: 2,
  etcdMember: 1,
  node: 0,
  nodeLaunches: -1,
  spotInterruption: -2,
};

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

export function chooseShowcase(ctx: ResolvedScenario, replications: number): ShowcasePlan | null {
  const { horizonS, warmupS } = ctx.scenario.run;
  let best: { r: number; ep: FaultEpisode } | undefined;
  for (let r = 0; r < replications; r++) {
    const faults = faultSchedule(ctx, r);
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
