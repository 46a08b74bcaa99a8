import * as z from 'zod';
import { duration, int } from './schemaPrimitives.js';
import type { OutlierDetectionSpec } from './types.js';
import { OUTLIER_DETECTION } from './defaults.js';

/**
 * designs[].traffic.mesh.outlierDetection: how the mesh's proxies take failing endpoints out of a
 * pool (Envoy outlier detection; Istio DestinationRule `outlierDetection`). docs/traffic.md,
 * "Outlier detection".
 *
 * `ejection` says when an endpoint is ejected: `interval` (fleetsim before issue 16: every
 * failing endpoint, once it has failed for a whole interval) or `inline` (Envoy: on the
 * consecutive5xx-th consecutive error, as the requests come).
 */
export const OUTLIER_EJECTION_DEFAULT: OutlierDetectionSpec['ejection'] = 'interval';

export const outlierDetectionSchema = z
  .strictObject({
    consecutive5xx: int(1, 'Default 5.').optional(),
    interval: duration('Default 10s.').optional(),
    baseEjectionTime: duration('Default 30s.').optional(),
    maxEjectionPercent: z.number().min(0).max(100).optional().meta({ description: 'Default 10.' }),
    ejection: z.enum(['interval', 'inline']).optional().meta({ description: `When a failing endpoint is ejected: inline (Envoy: on its consecutive5xx-th consecutive error) or interval (once it has failed for a whole interval); default ${OUTLIER_EJECTION_DEFAULT}.` }),
  })
  .meta({ title: 'OutlierDetection' });

export type RawOutlierDetection = z.output<typeof outlierDetectionSchema>;

export function resolveOutlierDetection(raw: RawOutlierDetection | undefined): OutlierDetectionSpec {
  return {
    consecutive5xx: raw?.consecutive5xx ?? OUTLIER_DETECTION.consecutive5xx,
    intervalS: raw?.interval ?? OUTLIER_DETECTION.intervalS,
    baseEjectionTimeS: raw?.baseEjectionTime ?? OUTLIER_DETECTION.baseEjectionTimeS,
    maxEjectionPercent: raw?.maxEjectionPercent ?? OUTLIER_DETECTION.maxEjectionPercent,
    ejection: raw?.ejection ?? OUTLIER_EJECTION_DEFAULT,
  };
}
