import * as z from 'zod';
import * as D from './defaults.js';
import { describeDistribution, toDistribution } from './distributions.js';
import type { DistributionSpec } from './distributionSpec.js';
import { LIMITS } from './limits.js';
import { distribution, num } from './schemaPrimitives.js';
import type { ControlPlaneOutageProcess, ControlPlaneOutageSpec } from './specs/controlPlaneOutages.js';
import type { ClusterSpec, ControlPlaneOutages, ManagedTier } from './types.js';
export type { ControlPlaneOutageProcess, ControlPlaneOutageSpec } from './specs/controlPlaneOutages.js';

/**
 * Managed control-plane outages (faults.stochastic.controlPlanes): how often a managed Kubernetes
 * API is down and for how long. docs/failures.md, "Managed control-plane outages"; docs/karmada.md.
 *
 * An SLA is a credit floor (below it the provider refunds part of the fee), not a failure rate: a
 * provider meeting 99.95% may have no outage in a year, and AKS Free, with no SLA, still fails. So the
 * calibrated mode gives every managed tier its own rate and duration, and the SLA is only reported
 * beside the availability that rate implies (controlPlaneAvailability). `fromSla` stays as a
 * pessimistic mode: it spends the whole SLA allowance every year.
 */

export const controlPlaneOutagesSchema = z.strictObject({
  calibrated: z.boolean().optional().meta({ description: 'true: the calibrated rate and duration of each managed tier (docs/karmada.md, "Managed control-plane outages").' }),
  fromSla: z.boolean().optional().meta({ description: "true: downtime per year matching each managed cluster's SLA (a pessimistic bound; no SLA, no outages)." }),
  perYear: num(LIMITS.perYear).optional().meta({ description: 'Outages per managed cluster per year, the same for every tier (needs duration).' }),
  duration: distribution('Outage length; with fromSla default exponential mean 30m.').optional(),
});

export type RawControlPlaneOutages = z.output<typeof controlPlaneOutagesSchema>;

/**
 * What `controlPlanes: {}` means (no mode named): calibrated rates per tier. An SLA is a credit
 * floor, not a failure rate; 'fromSla' stays available as a pessimistic bound.
 */
export const CONTROL_PLANE_OUTAGES_DEFAULT_MODE: 'fromSla' | 'calibrated' = 'calibrated';

export function resolveControlPlaneOutages(raw: RawControlPlaneOutages | undefined): ControlPlaneOutages | undefined {
  if (raw === undefined) return undefined;
  return resolveControlPlaneOutageSpec(raw);
}

/** The resolved form; crossRefs/faults.ts has already rejected contradictory fields. */
export function resolveControlPlaneOutageSpec(raw: RawControlPlaneOutages): ControlPlaneOutageSpec {
  if (raw.perYear !== undefined) return { kind: 'explicit', perYear: raw.perYear, duration: raw.duration ?? D.CONTROL_PLANE_OUTAGE };
  if (raw.fromSla === true) return { kind: 'fromSla', duration: raw.duration ?? D.CONTROL_PLANE_OUTAGE };
  if (raw.calibrated === true) return { kind: 'calibrated' };
  return CONTROL_PLANE_OUTAGES_DEFAULT_MODE === 'calibrated' ? { kind: 'calibrated' } : { kind: 'fromSla', duration: raw.duration ?? D.CONTROL_PLANE_OUTAGE };
}

/**
 * Calibrated outage rate and duration per managed tier. No provider publishes a per-cluster rate:
 * status pages list only incidents that hit many customers, so these are labelled assumptions
 * (docs/references.md, "Managed control-plane outages"; reasoning in docs/karmada.md):
 * - a replicated control plane (API servers in ≥ 2 zones, etcd in 3: EKS, GKE regional, AKS
 *   Standard) is down about once per cluster-year: the regional managed-Kubernetes incidents on the
 *   providers' status histories reach a given region well under once a year, and as many again are
 *   cluster-scoped (an overloaded API server, a failed control-plane upgrade, an expired
 *   certificate) and never published. Published incidents last from minutes to a few hours, most
 *   under an hour: lognormal, median 20 min, sigma 1 (mean ≈ 33 min, p99 ≈ 3.4 h).
 * - a single-replica control plane (GKE zonal; AKS Free, whose control plane has no zone
 *   redundancy and no SLA) is also down whenever its one replica or its zone fails, and is replaced
 *   rather than failed over: 2 per cluster-year, lognormal median 15 min, sigma 1 (mean ≈ 25 min).
 *   Planned control-plane upgrades are not in these rates: the upgrades section models them (a
 *   single replica's API is down for the whole upgrade, as GKE documents for zonal clusters).
 */
export const CALIBRATED_CONTROL_PLANE_OUTAGES: Readonly<Record<ManagedTier, { readonly perYear: number; readonly duration: DistributionSpec }>> = (() => {
  const replicated = { perYear: 1, duration: { kind: 'lognormal', medianS: 1200, sigma: 1 } } as const;
  const singleReplica = { perYear: 2, duration: { kind: 'lognormal', medianS: 900, sigma: 1 } } as const;
  return {
    'eks-standard': replicated,
    'eks-extended': replicated,
    'gke-regional': replicated,
    'aks-standard': replicated,
    'gke-zonal': singleReplica,
    'aks-free': singleReplica,
  };
})();

/** How a cluster's control plane fails under `spec`; undefined: it does not (self-managed, or fromSla without an SLA). */
export function controlPlaneOutageProcess(cluster: ClusterSpec, spec: ControlPlaneOutageSpec | ControlPlaneOutages): ControlPlaneOutageProcess | undefined {
  const cp = cluster.controlPlane;
  if (cp.kind !== 'managed') return undefined; // self-managed: etcd and nodes drive it
  const s = spec as ControlPlaneOutageSpec;
  switch (s.kind) {
    case 'calibrated': {
      const c = CALIBRATED_CONTROL_PLANE_OUTAGES[cp.tier];
      return { kind: 'poisson', perYear: c.perYear, duration: c.duration };
    }
    case 'explicit':
      return { kind: 'poisson', perYear: s.perYear, duration: s.duration };
    case 'fromSla': {
      const sla = cp.slaAvailabilityRatio;
      if (sla === undefined || sla >= 1) return undefined; // no SLA to derive outages from (AKS Free)
      return { kind: 'sla', slaAvailabilityRatio: sla, duration: s.duration };
    }
  }
}

const YEAR_S = 365 * 86_400;

export interface ControlPlaneAvailabilityRow {
  readonly cluster: string;
  readonly tier: ManagedTier;
  /** Outages per year the model draws (fromSla: the rate the SLA implies). */
  readonly perYear: number;
  readonly meanOutageS: number;
  /** Long-run share of time the modelled API is up. */
  readonly modelledAvailabilityRatio: number;
  /** The provider's financially backed floor; undefined: no SLA (AKS Free). */
  readonly slaAvailabilityRatio: number | undefined;
}

/**
 * Each managed cluster's modelled control-plane availability next to its SLA, for `check` to print.
 * The outage process alternates an exponential up time of mean year/perYear with an outage of mean
 * m, so the long-run availability is exactly 1 / (1 + perYear × m / year), which is
 * 1 − perYear × m / year to first order. fromSla rows equal their SLA by construction.
 */
export function controlPlaneAvailability(clusters: readonly ClusterSpec[], spec: ControlPlaneOutageSpec | ControlPlaneOutages | undefined): ControlPlaneAvailabilityRow[] {
  const rows: ControlPlaneAvailabilityRow[] = [];
  for (const c of clusters) {
    if (c.controlPlane.kind !== 'managed') continue;
    const sla = c.controlPlane.slaAvailabilityRatio;
    const process = spec === undefined ? undefined : controlPlaneOutageProcess(c, spec);
    const base = { cluster: c.name, tier: c.controlPlane.tier, slaAvailabilityRatio: sla };
    if (process === undefined) {
      rows.push({ ...base, perYear: 0, meanOutageS: 0, modelledAvailabilityRatio: 1 });
      continue;
    }
    const meanOutageS = toDistribution(process.duration).mean();
    if (process.kind === 'sla') {
      // Alternating renewal with availability A: one cycle lasts m / (1 − A).
      const perYear = (YEAR_S * (1 - process.slaAvailabilityRatio)) / meanOutageS;
      rows.push({ ...base, perYear, meanOutageS, modelledAvailabilityRatio: process.slaAvailabilityRatio });
    } else {
      rows.push({ ...base, perYear: process.perYear, meanOutageS, modelledAvailabilityRatio: 1 / (1 + (process.perYear * meanOutageS) / YEAR_S) });
    }
  }
  return rows;
}

/** One line for `check`'s summary, whatever the mode (calibrated has no single rate or duration). */
export function describeControlPlaneOutages(spec: ControlPlaneOutageSpec | ControlPlaneOutages): string {
  const s = spec as ControlPlaneOutageSpec;
  switch (s.kind) {
    case 'calibrated':
      return 'calibrated per managed tier (replicated 1/year, single replica 2/year; docs/karmada.md)';
    case 'fromSla':
      return `from SLA (a pessimistic bound), lasting ${describeDistribution(s.duration)}`;
    case 'explicit':
      return `${s.perYear}/year, lasting ${describeDistribution(s.duration)}`;
  }
}
