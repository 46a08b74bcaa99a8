import type { FaultKind } from '../model/faults/schedule.js';
import type { FaultTimelinesResult } from './results.js';
import type { FaultSummary, ReplicationSummary } from './types.js';

/** The replication whose faults results.json lists one by one: the first, which every run and shard split has. */
export const TIMELINE_REPLICATION = 0;

const keyOf = (f: Pick<FaultSummary, 'kind' | 'target' | 'startS'>) => `${f.kind}\u0000${f.target}\u0000${f.startS}`;

/**
 * Every fault of one replication, matched across designs (a fault the schedule shares has the same
 * kind, target and start in each; a design's own faults — its rollouts' bad changes — appear under it
 * alone), in order of start: per design its recovery figures (the same ones the fault tables pool)
 * and the share of requests served while it lasted; and, for the faults the model kept a timeline
 * of (its most severe, per design), that timeline for each design that kept it. null when the summaries predate fault windows.
 */
export function faultTimelinesOf(reps: readonly ReplicationSummary[], designs: readonly string[]): FaultTimelinesResult | null {
  const rep = reps.find((r) => r.replication === TIMELINE_REPLICATION);
  if (rep === undefined || rep.designs.some((d) => d.faults.some((f) => f.servedRatio === undefined))) return null;
  const order: FaultSummary[] = [];
  const seen = new Set<string>();
  for (const d of rep.designs) {
    for (const f of d.faults) {
      if (seen.has(keyOf(f))) continue;
      seen.add(keyOf(f));
      order.push(f);
    }
  }
  order.sort((a, b) => a.startS - b.startS || (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const byDesign = rep.designs.map((d) => new Map(d.faults.map((f) => [keyOf(f), f] as const)));
  return {
    replication: TIMELINE_REPLICATION,
    faults: order.map((first) => {
      const own = byDesign.map((m) => m.get(keyOf(first)) ?? null);
      const withTimeline = own.filter((f): f is FaultSummary => f !== null && f.timeline !== undefined);
      const timeline = withTimeline.length > 0 ? withTimeline[0].timeline! : null;
      return {
        kind: first.kind as FaultKind,
        target: first.target,
        source: first.source,
        ...(first.origin !== undefined ? { origin: first.origin } : {}),
        startS: first.startS,
        endS: first.endS ?? null,
        designs: own.map((f, i) =>
          f === null
            ? null
            : {
                design: designs[i],
                detectionS: f.detectionS,
                failoverS: f.failoverS,
                recoveryS: f.recoveryS,
                censored: f.censored,
                usersOutS: f.usersOutS ?? null,
                usersCensored: f.usersCensored,
                servedRatio: f.servedRatio ?? null,
                readyCapacity: f.readyCapacity ?? null,
              },
        ),
        timeline:
          timeline === null
            ? null
            : {
                windowStartS: timeline.windowStartS,
                stepS: timeline.stepS,
                designs: own.map((f, i) => (f === null || f.timeline === undefined ? null : { design: designs[i], successRatio: f.timeline.successRatio, readyCapacity: f.timeline.readyCapacity })),
              },
      };
    }),
  };
}
