import * as z from 'zod';
import * as D from './defaults.js';
import { LIMITS } from './limits.js';
import { distribution, num } from './schemaPrimitives.js';
import type { ControlPlaneOutages } from './types.js';

/**
 * Managed control-plane outages (faults.stochastic.controlPlanes): how often a managed Kubernetes
 * API is down and for how long. docs/failures.md.
 */

export const controlPlaneOutagesSchema = z.strictObject({
  fromSla: z.boolean().optional().meta({ description: "true: downtime matching each managed cluster's SLA." }),
  perYear: num(LIMITS.perYear).optional(),
  duration: distribution('Outage length; default exponential mean 30m with fromSla.').optional(),
});

export type RawControlPlaneOutages = z.output<typeof controlPlaneOutagesSchema>;

export function resolveControlPlaneOutages(raw: RawControlPlaneOutages | undefined): ControlPlaneOutages | undefined {
  if (raw === undefined) return undefined;
  return raw.fromSla ? { kind: 'fromSla', duration: raw.duration ?? D.CONTROL_PLANE_OUTAGE } : { kind: 'explicit', perYear: raw.perYear!, duration: raw.duration! };
}
