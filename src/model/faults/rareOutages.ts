import type { Distribution } from '../../engine/distributions.js';
import type { RandomStream } from '../../engine/rng.js';
import type { RegionOutageProcess } from '../../scenario/types.js';
import { YEAR_S } from './processes.js';

/**
 * Rare faults: stochastic region outages when a replication expects few of them (rate × regions ×
 * horizon at most RARE_MAX_PER_REPLICATION). With 0.05 outages per region-year and two regions a
 * one-year replication sees one with probability 0.095, so ten replications see none a third of
 * the time and their availability interval is too narrow and too high. The run stratifies on
 * "no rare outage" versus "at least one" (docs/run.md, "Rare faults"): the probability of the first
 * stratum is known exactly, and replications of the second are drawn conditioned on it (this file).
 */
export const RARE_MAX_PER_REPLICATION = 1;

/** Expected stochastic region outages per replication, or undefined when they are absent or not rare. */
export function rareOutagesPerReplication(regions: RegionOutageProcess | undefined, regionCount: number, horizonS: number): number | undefined {
  if (regions === undefined || !(regions.perYear > 0) || regionCount === 0) return undefined;
  const expected = (regions.perYear * regionCount * horizonS) / YEAR_S;
  return expected <= RARE_MAX_PER_REPLICATION ? expected : undefined;
}

/**
 * Probability that a replication has no stochastic region outage. Exact for the generator
 * (poissonOutages): a region's first outage starts after an exponential gap, so none starts within
 * the horizon with probability exp(−rate·horizon), independently per region.
 */
export function noRareOutageProbability(expectedPerReplication: number): number {
  return Math.exp(-expectedPerReplication);
}

/**
 * Region outages of a replication conditioned on at least one starting within the horizon, exactly
 * as poissonOutages would draw them given that event. The regions' first-outage times are
 * independent exponentials, so the earliest, τ, is exponential at the total rate truncated to the
 * horizon, and it belongs to each region with equal probability (equal rates); the other regions,
 * memoryless, start their processes afresh at τ. After τ every region continues exactly like
 * poissonOutages (duration, then gap, …) on its own stream. `choice` draws τ and the region, so
 * the regions' streams are the same ones the unconditioned generator uses.
 */
export function conditionedRegionOutages(
  choice: RandomStream,
  streams: readonly RandomStream[],
  perYear: number,
  duration: Distribution,
  horizonS: number,
  emit: (region: number, startS: number, endS: number) => void,
): void {
  const regions = streams.length;
  const rateS = (perYear * regions) / YEAR_S;
  // Inverse CDF of Exp(rate) truncated to [0, horizon): −ln(1 − u(1 − e^{−rate·horizon}))/rate.
  const u = choice.next();
  const firstS = Math.min(-Math.log1p(-u * -Math.expm1(-rateS * horizonS)) / rateS, horizonS * (1 - Number.EPSILON));
  const first = Math.min(regions - 1, Math.floor(choice.next() * regions));
  const meanGapS = YEAR_S / perYear;
  for (let r = 0; r < regions; r++) {
    const rng = streams[r];
    let t = firstS;
    if (r === first) {
      const d = Math.max(duration.sample(rng), 1e-6);
      emit(r, t, t + d);
      t += d;
    }
    for (let guard = 0; guard < 10_000_000; guard++) {
      t += -meanGapS * Math.log(1 - rng.next());
      if (t >= horizonS) break;
      const d = Math.max(duration.sample(rng), 1e-6);
      emit(r, t, t + d);
      t += d;
    }
  }
}
