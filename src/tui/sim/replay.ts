import type { RunContext } from '../../run/context.js';
import { replayWindow } from '../../run/pipeline.js';
import type { ShowcasePlan } from '../../run/types.js';
import type { Replay, ReplayEvent } from './types.js';

/** Steps in a replay: enough to see a failover happen, few enough to play in a few seconds. */
const REPLAY_POINTS = 240;
const MIN_STEP_S = 5;

/**
 * The run's showcase fault (run/showcase.ts picks it: scripted first, then the most severe) replayed
 * by the pipeline's window replay, the one the report's timeline chart uses, at a step fit to play
 * back, with each design's fault milestones as events. Times are absolute seconds of the replication.
 */
export function buildReplay(ctx: RunContext, plan: ShowcasePlan): Replay {
  const stepS = Math.max(MIN_STEP_S, (plan.windowEndS - plan.windowStartS) / REPLAY_POINTS);
  const w = replayWindow(ctx, plan, stepS);
  const { offsetS } = w;
  const tS = (w.designs[0]?.readyCapacity ?? []).map((_, j) => (w.firstRow + j) * stepS + offsetS);
  const designs = w.designs.map((d) => {
    const events: ReplayEvent[] = [];
    for (const f of d.result.faults) {
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
    return { design: d.design, readyCapacity: d.readyCapacity, successRatio: d.successRatio, events };
  });
  return {
    replication: plan.replication,
    focus: { kind: plan.kind, target: plan.target, source: plan.source, startS: plan.startS, endS: plan.endS },
    stepS,
    tS,
    episodes: w.faults.map((ep) => ({ kind: ep.kind, target: ep.targetName, source: ep.source, startS: ep.startS + offsetS, endS: ep.endS + offsetS })),
    designs,
  };
}
