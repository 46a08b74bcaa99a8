import { generateFaultSchedule, type FaultEpisode } from '../../model/faults/schedule.js';
import { runReplication } from '../../model/runtime/replication.js';
import type { RunContext } from '../../run/context.js';
import type { ShowcasePlan } from '../../run/types.js';
import type { Replay, ReplayEvent } from './types.js';

const DAY_S = 86_400;
/** Steps in a replay: enough to see a failover happen, few enough to play in a few seconds. */
const REPLAY_POINTS = 240;
const MIN_STEP_S = 5;

/**
 * Replays the window around the run's showcase fault (run/showcase.ts picks it: scripted first, then
 * the most severe) for every design, with the traffic model on, sampling ready capacity and success
 * per step. Like run/showcase.ts it starts at the midnight before the window (same time of day, so
 * the same diurnal load) with the replication's faults that overlap it, so start-up draws differ
 * from the full replication: the replay illustrates; the comparison table is the evidence.
 */
export function buildReplay(ctx: RunContext, plan: ShowcasePlan): Replay {
  const { scenario, fleet } = ctx;
  const { seed } = scenario.run;
  const all = generateFaultSchedule({ fleet, clusters: scenario.clusters, faults: scenario.faults, horizonS: scenario.run.horizonS, seed, replication: plan.replication });
  const offsetS = Math.floor(plan.windowStartS / DAY_S) * DAY_S;
  const horizonS = plan.windowEndS - offsetS;
  const stepS = Math.max(MIN_STEP_S, (plan.windowEndS - plan.windowStartS) / REPLAY_POINTS);
  const shifted: FaultEpisode[] = [];
  for (const ep of all) {
    if (ep.endS <= offsetS || ep.startS >= plan.windowEndS) continue;
    shifted.push({ ...ep, id: shifted.length, startS: Math.max(0, ep.startS - offsetS), endS: ep.endS - offsetS });
  }
  const firstRow = Math.ceil((plan.windowStartS - offsetS) / stepS - 1e-9);
  const tS: number[] = [];
  const designs = scenario.designs.map((design, i) => {
    const r = runReplication({ fleet, clusters: scenario.clusters, design, resolved: ctx.designs[i], faults: shifted, seed, replication: plan.replication, horizonS, warmupS: 0, timelineStepS: stepS, scenario });
    const rows = r.timeline?.ready ?? [];
    const required = r.services.map((s) => s.requiredReplicas);
    const totalRequired = required.reduce((a, b) => a + b, 0);
    const success = r.traffic?.successTimeline;
    const ready: number[] = [];
    const ok: (number | null)[] = [];
    for (let k = firstRow; k < rows.length; k++) {
      if (i === 0) tS.push(k * stepS + offsetS);
      let sum = 0;
      rows[k].forEach((n, s) => (sum += Math.min(n, required[s])));
      ready.push(totalRequired > 0 ? sum / totalRequired : 1);
      if (success) ok.push(Number.isFinite(success[k]) ? success[k] : null);
    }
    const events: ReplayEvent[] = [];
    for (const f of r.faults) {
      const name = `${f.kind} ${f.target}`;
      const push = (atS: number, what: ReplayEvent['what']) => {
        if (Number.isFinite(atS)) events.push({ atS: atS + offsetS, what, fault: name });
      };
      push(f.startS, 'failed');
      push(f.detectedS, 'detected');
      push(f.failedOverS, 'failed over');
      push(f.endS, 'cleared');
      push(f.recoveredS, 'recovered');
    }
    events.sort((a, b) => a.atS - b.atS);
    return { design: design.name, readyCapacity: ready, successRatio: success ? ok : null, events };
  });
  return {
    replication: plan.replication,
    focus: { kind: plan.kind, target: plan.target, source: plan.source, startS: plan.startS, endS: plan.endS },
    stepS,
    tS,
    episodes: shifted.map((ep) => ({ kind: ep.kind, target: ep.targetName, source: ep.source, startS: ep.startS + offsetS, endS: ep.endS + offsetS })),
    designs,
  };
}
