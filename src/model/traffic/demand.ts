import type { DiurnalSpec, SpikeSpec } from '../../scenario/types.js';

const HOUR_S = 3600;

/**
 * Demand of a user region over time: a daily sinusoid around the mean rate (peak / trough =
 * peakToTroughRatio at peakHourUtc), times any spike multipliers active. The fluid model holds
 * demand constant over each hour at that hour's exact mean, so a day still carries 24 × mean.
 */
export function diurnalAmplitude(d: DiurnalSpec): number {
  return (d.peakToTroughRatio - 1) / (d.peakToTroughRatio + 1);
}

/** The hour of the day (0–23) that contains tS: demand is the same function of it every day. */
export function hourOfDay(tS: number): number {
  return Math.floor(tS / HOUR_S) % 24;
}

/** Mean diurnal factor over the hour that contains tS: the integral of the sinusoid over it. */
export function hourlyFactor(tS: number, d: DiurnalSpec): number {
  const a = diurnalAmplitude(d);
  if (a === 0) return 1;
  // Hour of the day, so every day gives bit-identical factors (the latency cache and the load
  // flow's hour slots, hourSlots.ts, rely on it).
  const h = hourOfDay(tS);
  const w = (2 * Math.PI) / 24;
  return 1 + (a / w) * (Math.sin(w * (h + 1 - d.peakHourUtc)) - Math.sin(w * (h - d.peakHourUtc)));
}

/** Product of the multipliers of spikes active at tS. */
export function spikeFactorAt(tS: number, spikes: readonly SpikeSpec[]): number {
  let f = 1;
  for (const s of spikes) if (tS >= s.atS && tS < s.atS + s.forS) f *= s.multiplier;
  return f;
}
