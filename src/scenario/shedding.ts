import * as z from 'zod';
import { int, percent } from './schemaPrimitives.js';
import type { SheddingSpec } from './specs/shedding.js';
export type { SheddingSpec } from './specs/shedding.js';

/**
 * designs[].traffic.shedding: how a pool refuses work it cannot take. docs/traffic.md, "Overload
 * and load shedding".
 */

/** The default: refuse what exceeds 95% of capacity, fleetsim's behaviour before issue 16 (pool.ts MAX_UTILIZATION). */
export const DEFAULT_SHEDDING: SheddingSpec = { policy: 'utilization', maxUtilization: 0.95 };

export const sheddingSchema = z
  .strictObject({
    policy: z.enum(['utilization', 'queueLength', 'none']).meta({ description: 'utilization: refuse what exceeds maxUtilization of capacity at once; queueLength: a bounded queue of maxQueuedPerPod per pod; none: an unbounded queue.' }),
    maxUtilization: percent('utilization: busy share above which arrivals are refused; default 95%.').optional(),
    maxQueuedPerPod: int(0, 'queueLength: requests waiting per pod at most; default 100.', 1_000_000).optional(),
  })
  .meta({ title: 'Shedding' });

export type RawShedding = z.output<typeof sheddingSchema>;

/** Requests waiting per pod at most under `queueLength`, when not said. */
export const DEFAULT_MAX_QUEUED_PER_POD = 100;

export function resolveShedding(raw: RawShedding | undefined): SheddingSpec {
  if (raw === undefined) return DEFAULT_SHEDDING;
  if (raw.policy === 'utilization') return { policy: 'utilization', maxUtilization: raw.maxUtilization ?? 0.95 };
  if (raw.policy === 'queueLength') return { policy: 'queueLength', maxQueuedPerPod: raw.maxQueuedPerPod ?? DEFAULT_MAX_QUEUED_PER_POD };
  return { policy: 'none' };
}
