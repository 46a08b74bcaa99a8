import { InvalidArgumentError } from 'commander';

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
 * Bounds of run's numeric flags. Replications: 100 000 of even a small scenario is days of CPU and
 * every summary is kept in memory, so a larger number is a typo (1e21 was once accepted).
 */
export const MAX_REPLICATIONS = 100_000;
/** Simulated time per replication: a thousand years is far beyond any fault rate a scenario states. */
export const MAX_HORIZON_S = 1000 * 365 * 86_400;
