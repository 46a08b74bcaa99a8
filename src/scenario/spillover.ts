import * as z from 'zod';
import { percent } from './schemaPrimitives.js';
import type { SpilloverSpec } from './specs/spillover.js';
export type { SpilloverSpec } from './specs/spillover.js';

/**
 * designs[].traffic.ingress.anycast.spillover: a global load balancer's capacity spill-over (GCP's
 * waterfall by region). docs/traffic.md, "Capacity spill-over".
 */

/** GCP backend services' default balancing-mode target: max utilization 0.8. */
export const DEFAULT_SPILLOVER_MAX_UTILIZATION = 0.8;

export const spilloverSchema = z
  .strictObject({
    maxUtilization: percent(`Busy share of a cluster's entry pods above which users overflow to the next nearest cluster; default ${DEFAULT_SPILLOVER_MAX_UTILIZATION * 100}% (GCP).`).optional(),
  })
  .meta({ title: 'Spillover' });

export type RawSpillover = z.output<typeof spilloverSchema>;

export function resolveSpillover(raw: RawSpillover | undefined): SpilloverSpec | undefined {
  if (raw === undefined) return undefined;
  return { maxUtilization: raw.maxUtilization ?? DEFAULT_SPILLOVER_MAX_UTILIZATION };
}
