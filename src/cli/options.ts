import { InvalidArgumentError } from 'commander';
// Not the scenario index: that loads the whole schema (zod), and every command definition imports this file.
import { LIMITS } from '../scenario/limits.js';
import { formatDuration, parseDuration } from '../scenario/units.js';
import { UserError } from './exitCodes.js';

/**
 * commander option parsers with messages that say what was expected. Digits only: Number() would
 * also take "", " 7 ", "0x10" and "1e21", none of which a person means as a count.
 */
export function parseIntOption(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
}

/** A parser for an integer flag in [min, max], e.g. `.option('--replications <n>', '…', intInRange(1, MAX_REPLICATIONS))`. */
export function intInRange(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

export function parsePositiveNumber(value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

/**
 * Flags that override a scenario's run section (--replications, --horizon) are bounded by the
 * scenario's own limits (scenario/limits.ts): a flag can ask for no more than a file can, and the
 * two cannot drift apart. docs/scenario.md ("Limits") gives the reasons for each value.
 */
export const MAX_REPLICATIONS = LIMITS.replications;

/**
 * Each worker thread holds a whole simulation (tens of MB): `--workers 100` once took 3.8 GB for no
 * speed-up on a few cores. The flag takes up to this; more than twice the cores is clamped (clampWorkers).
 */
export const MAX_WORKERS_FLAG = 1024;

/** What `run` and `merge` print with --output. */
export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'md'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * A --horizon value, checked as run.horizon in a file is: a duration, at most LIMITS.horizonMaxS.
 * The lower bound depends on the scenario's warm-up: see checkHorizonAfterWarmup.
 */
export function parseHorizonFlag(value: string, flag = '--horizon'): number {
  const d = parseDuration(value);
  if (!d.ok || !(d.value > 0)) throw new UserError(`${flag}: expected a positive duration such as 30d or 12h, got "${value}"`);
  if (d.value > LIMITS.horizonMaxS) throw new UserError(`${flag}: ${value} is longer than fleetsim simulates (at most ${formatDuration(LIMITS.horizonMaxS)}); more replications of a shorter horizon give the same figures`);
  return d.value;
}

/** The horizon must leave LIMITS.horizonMinS measured after the warm-up, as in a file. */
export function checkHorizonAfterWarmup(horizonS: number, value: string, warmupS: number, flag = '--horizon'): void {
  if (!(horizonS - warmupS >= LIMITS.horizonMinS)) {
    throw new UserError(`${flag} (${value}) must be at least ${formatDuration(LIMITS.horizonMinS)} longer than the scenario's warm-up (run.warmup, ${formatDuration(warmupS)}): a shorter run measures nothing`);
  }
}
