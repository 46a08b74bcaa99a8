/** The resolved types of designs[].traffic.ingress.anycast.spillover (a leaf module: see ../spillover.ts). */

/**
 * A global load balancer's capacity spill-over (GCP's "waterfall by region"): users go to the
 * nearest healthy cluster until its entry pods reach `maxUtilization` of their capacity, and the
 * rest overflows to the next nearest. undefined on an ingress: no spill-over (nearest takes all).
 */
export interface SpilloverSpec {
  /** Busy share of the entry service's pods in a cluster above which new users go elsewhere, 0..1. */
  readonly maxUtilization: number;
}
