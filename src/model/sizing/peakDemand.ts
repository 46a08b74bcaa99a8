import type { UserRegionSpec } from '../../scenario/types.js';
import { hourlyFactor, spikeFactorAt } from '../traffic/demand.js';

const HOUR_S = 3600;
const DAY_HOURS = 24;

/**
 * The instants at which demand can peak, as the fluid model sees it: demand is constant over each
 * hour of the day (the diurnal curve's mean over that hour, the same every day) times the spikes
 * active at the instant. So the maximum of any sum of user regions' demands is reached at the start
 * of an hour of the first day, at a spike's start, or at the start of an hour a spike covers (one
 * day's worth of them is enough: the diurnal factor repeats daily). Spikes starting after the
 * horizon never happen and are left out. Sorted, each once.
 */
export function candidateTimes(users: readonly UserRegionSpec[], horizonS: number): number[] {
  const times = new Set<number>();
  for (let h = 0; h < DAY_HOURS; h++) times.add(h * HOUR_S);
  for (const u of users) {
    for (const s of u.spikes) {
      if (s.atS >= horizonS) continue;
      times.add(s.atS);
      const firstHour = Math.floor(s.atS / HOUR_S) + 1;
      for (let k = 0; k < DAY_HOURS; k++) {
        const t = (firstHour + k) * HOUR_S;
        if (t >= s.atS + s.forS || t >= horizonS) break;
        times.add(t);
      }
    }
  }
  return [...times].sort((a, b) => a - b);
}

/** A user region's request rate at tS, as the fluid model offers it (evaluation.ts does the same product). */
export function demandPerS(u: UserRegionSpec, tS: number): number {
  return u.ratePerS * hourlyFactor(tS, u.diurnal) * spikeFactorAt(tS, u.spikes);
}
