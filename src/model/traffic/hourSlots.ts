import { hourOfDay } from './demand.js';
import { incremental } from './incremental.js';
import type { LoadFlow } from './loadFlow.js';

/**
 * Groups (services × clusters) up to which the fleet-wide flow is kept per hour of the day: 24
 * flows of this size are ~24 × 0.5 KB a group (the flow's typed arrays and pool objects), ~240 MB
 * at the limit. Larger fleets keep one flow.
 */
export const MAX_SLOTTED_GROUPS = 20_000;

/** When HourSlots judges whether its flows pay (two days: the first day's passes are whole), and the share of whole passes past which it keeps one flow. */
const JUDGE_AFTER_S = 2 * 86_400;
const WHOLE_SHARE_GIVEN_UP = 0.5;

/** What decides whether the hour slots apply (see HourSlots). */
export interface HourSlotsCase {
  /** Calls go through a mesh: the fleet-wide evaluation (without one, the per-cluster cache plays this part). */
  readonly mesh: boolean;
  /** The flow can take delta passes at all (LoadFlow.deltaPassesPossible). */
  readonly deltaPasses: boolean;
  /** Users retry (several passes per evaluation), pools' utilization is tracked (HPA), or the latency breakdown is kept. */
  readonly clientRetries: boolean;
  readonly tracksUtilization: boolean;
  readonly breakdown: boolean;
  /** Routes read nothing but the pods (no inline ejection, which reads the flow's calls). */
  readonly routesPure: boolean;
  readonly groups: number;
}

export function hourSlotsApply(c: HourSlotsCase): boolean {
  return incremental.hourSlots && c.mesh && c.deltaPasses && !c.clientRetries && !c.tracksUtilization && !c.breakdown && c.routesPure && c.groups <= MAX_SLOTTED_GROUPS;
}

/**
 * The fleet-wide load flow kept once per hour of the day (docs/traffic.md, "Speed"). Demand is the
 * same function of the hour every day, bit for bit (demand.ts), and it is the only input that
 * changes every hour: with one flow, each hourly step changes every user region's load and is a
 * whole pass over every busy pool of the fleet (8,760 a year). With a flow per hour of the day, the
 * evaluations in hour h use flow h, whose last pass was the last evaluation in hour h — usually
 * yesterday's, with the same users' load. Its delta pass (LoadFlow.fleetPass) then visits only the
 * components where something else changed since: in a healed fleet, nothing.
 *
 * The result is the one flow's, bit for bit: a delta pass computes what a whole pass computes from
 * the same inputs (the pods, data planes, impairments, routes and users' load now), whatever pass
 * the flow made last; each flow is told of every change (podsChanged, impairmentsChanged), and
 * compares the rest with what its own last pass saw. The one thing a pass keeps from the past is
 * an idle pool's waits ('keepWaits'), which only a latency walk through an idle pool reads.
 *
 * Each flow is made on first use; the per-cluster rates each writes are its own (the evaluation
 * copies them out after each pass: LoadFlow.copyClusterRatesInto). The latency lookups are one,
 * pointed at the hour's flow (LatencyEstimates.useFlow), so that a change every flow sees (a
 * link, an impairment) makes the user regions walk their trees once, not once per hour of the day.
 */
export class HourSlots {
  private readonly flows: (LoadFlow | undefined)[] = new Array<LoadFlow | undefined>(24);
  /**
   * Set when the flows are given up for one (see at): where most passes are whole anyway (calls
   * that join most of the fleet into one component, so that no delta pass applies), 24 flows only
   * add their first passes and the switches between them.
   */
  private single: LoadFlow | null = null;
  private judged = false;

  constructor(
    /** The flow of the hour the model starts in (the one it was built with). */
    first: LoadFlow,
    firstHourS: number,
    private readonly make: () => LoadFlow,
  ) {
    this.flows[hourOfDay(firstHourS)] = first;
  }

  /** The flow of the hour that contains `nowS` (made now if it is the first evaluation in that hour of the day). */
  at(nowS: number): LoadFlow {
    if (this.single !== null) return this.single;
    const h = hourOfDay(nowS);
    const flow = (this.flows[h] ??= this.make());
    // After two days (the first made the flows), keep one flow if most passes were still whole: from
    // here on it serves every hour, as the one flow would (its passes compare with its own last one).
    if (!this.judged && nowS >= JUDGE_AFTER_S) {
      this.judged = true;
      let passes = 0;
      let whole = 0;
      for (const f of this.made()) {
        passes += f.fleetPasses;
        whole += f.wholePasses;
      }
      if (whole > WHOLE_SHARE_GIVEN_UP * passes) this.single = flow;
    }
    return flow;
  }

  /** Every flow made so far. */
  *made(): IterableIterator<LoadFlow> {
    for (const flow of this.flows) if (flow !== undefined) yield flow;
  }
}
