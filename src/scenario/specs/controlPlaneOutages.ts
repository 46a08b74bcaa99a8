/** The resolved types of faults.stochastic.controlPlanes (a leaf module: see controlPlaneOutages.ts for the file's form). */
import type { DistributionSpec } from '../distributionSpec.js';

export type ControlPlaneOutageSpec =
  /** A calibrated rate and duration per managed tier (CALIBRATED_CONTROL_PLANE_OUTAGES). */
  | { readonly kind: 'calibrated' }
  /** Pessimistic bound: downtime per year equal to each managed cluster's SLA (no SLA: no outages). */
  | { readonly kind: 'fromSla'; readonly duration: DistributionSpec }
  /** One Poisson rate and duration for every managed cluster. */
  | { readonly kind: 'explicit'; readonly perYear: number; readonly duration: DistributionSpec };

/** How one managed cluster's control plane fails: a Poisson rate and a duration, or the SLA-derived bound. */
export type ControlPlaneOutageProcess =
  | { readonly kind: 'poisson'; readonly perYear: number; readonly duration: DistributionSpec }
  | { readonly kind: 'sla'; readonly slaAvailabilityRatio: number; readonly duration: DistributionSpec };
