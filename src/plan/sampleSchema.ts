import * as z from 'zod';

/**
 * The shape of a plan sample and of a job result as they travel through files (the journal, plan
 * shards): every number finite, so a damaged or hand-edited file is refused with a clear message
 * instead of turning into NaN statistics.
 */
const finite = z.number().refine(Number.isFinite, 'expected a finite number');
export const sampleSchema = z
  .object({
    availability: finite.refine((x) => x >= 0 && x <= 1, 'expected a ratio in [0, 1]'),
    latencyS: z.array(finite.refine((x) => x >= 0, 'expected a duration ≥ 0').nullable()),
    monthlyUsd: finite,
    byCategory: z.record(z.string(), finite),
    perMillionRequestsUsd: finite.nullable(),
    idleUnallocatedUsd: finite,
    requests: finite.refine((x) => x >= 0, 'expected a count ≥ 0').optional(),
  })
  .loose();

export const jobResultSchema = z.union([z.strictObject({ sample: sampleSchema }), z.strictObject({ invalid: z.string() })]);
