import * as z from 'zod';
import type { KarmadaSpec, ApplicationFailoverSpec } from './specs/karmada.js';
export type { KarmadaSpec, ApplicationFailoverSpec } from './specs/karmada.js';

/**
 * Karmada's failover semantics as a version selects them (designs[].karmada), and application
 * failover (placement failover.application). docs/failures.md, "Karmada".
 */

export const karmadaSchema = z.strictObject({}).meta({ title: 'Karmada' });

export const applicationFailoverSchema = z.strictObject({}).meta({ title: 'ApplicationFailover' });

export type RawKarmada = z.output<typeof karmadaSchema>;
export type RawApplicationFailover = z.output<typeof applicationFailoverSchema>;

export function resolveKarmada(_raw: RawKarmada | undefined): KarmadaSpec {
  return {};
}

export function resolveApplicationFailover(raw: RawApplicationFailover | undefined): ApplicationFailoverSpec | undefined {
  return raw === undefined ? undefined : {};
}
