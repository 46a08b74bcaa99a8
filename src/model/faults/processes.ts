import type { Distribution } from '../../engine/distributions.js';
import type { RandomStream } from '../../engine/rng.js';
import type { Faults } from '../../scenario/types.js';

/** The random processes fault generators share, and the stream-naming function they draw from. */

export type StreamOf = (name: string) => RandomStream;
export type Stochastic = Faults['stochastic'];

export const YEAR_S = 365 * 86_400;

/** Alternating up/down periods starting up at time 0, within [0, horizon). */
export function alternating(
  rng: RandomStream,
  up: Distribution,
  down: Distribution,
  horizonS: number,
  emit: (startS: number, endS: number) => void,
): void {
  let t = 0;
  // Bounded: each iteration advances time by a positive draw; a guard stops degenerate inputs.
  for (let guard = 0; guard < 10_000_000; guard++) {
    t += up.sample(rng);
    if (t >= horizonS) return;
    const d = Math.max(down.sample(rng), 1e-6);
    emit(t, t + d);
    t += d;
  }
  throw new RangeError('fault process produced more than 10 million episodes: check its time-to-failure');
}

/** Poisson outages at `perYear`, durations from `duration`, never overlapping for one target. */
export function poissonOutages(rng: RandomStream, perYear: number, duration: Distribution, horizonS: number, emit: (s: number, e: number) => void): void {
  if (perYear <= 0) return;
  const meanGapS = YEAR_S / perYear;
  let t = 0;
  for (let guard = 0; guard < 10_000_000; guard++) {
    t += -meanGapS * Math.log(1 - rng.next());
    if (t >= horizonS) return;
    const d = Math.max(duration.sample(rng), 1e-6);
    emit(t, t + d);
    t += d;
  }
}
