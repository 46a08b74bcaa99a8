import * as z from 'zod';
import { int } from './schemaPrimitives.js';
import type { RetryPolicySpec } from './specs/retries.js';
export type { RetryPolicySpec } from './specs/retries.js';

/**
 * Retries and timeouts at each hop of a design's request path (designs[].traffic.retries):
 * attempts, per-try and overall timeouts, backoff, what is retried, retry budgets. docs/traffic.md.
 */

export const retriesSchema = z
  .strictObject({
    attempts: int(1, 'Attempts in all, the first included; default 1 (no retry).').optional(),
  })
  .meta({ title: 'Retries' });

export type RawRetries = z.output<typeof retriesSchema>;

export function resolveRetries(raw: RawRetries | undefined): RetryPolicySpec | undefined {
  return raw === undefined ? undefined : { attempts: raw.attempts ?? 1 };
}
