/** The resolved types of the scenario's dependencies section (a leaf module: see dependencies.ts for the file's form). */
import type { DistributionSpec } from '../distributionSpec.js';

/** What a shared dependency is; it decides what its outage does to the designs that use it (docs/dependencies.md). */
export type DependencyKind = 'dns' | 'gslb' | 'anycast' | 'identity' | 'karmada' | 'meshControlPlane' | 'custom';

export interface DependencySpec {
  readonly name: string;
  readonly kind: DependencyKind;
  /** Outages per year (a Poisson process); 0: only scripted outages. */
  readonly perYear: number;
  readonly duration: DistributionSpec;
  /** custom only: share of user requests that fail while it is down (1 for the other kinds, where it is not used). */
  readonly errorRatio: number;
}

/** Regional brownouts: per region a Poisson process of partial failures that shallow checks miss. */
export interface GrayFailureSpec {
  readonly perYear: number;
  readonly duration: DistributionSpec;
  readonly errorRatio: number;
  readonly extraLatencyMs: number;
  readonly blocksNodeLaunches: boolean;
}

/** Per-cluster serving certificates with a renewal process that can fail. */
export interface CertificateSpec {
  readonly lifetimeS: number;
  /** Renewal starts this long before expiry, then retries every `retryS` until it succeeds or the certificate expires. */
  readonly renewBeforeS: number;
  /** Share of renewal attempts that fail, independently. */
  readonly renewalFailureRatio: number;
  readonly retryS: number;
  /** From expiry until a human has noticed and installed a valid certificate. */
  readonly fixTime: DistributionSpec;
  /** Also each cluster's mesh client certificate (designs with a mesh). */
  readonly client: boolean;
}

/** How the ingress's health checks probe an endpoint. */
export interface HealthCheckSpec {
  readonly depth: 'shallow' | 'deep';
  /** Deep probes: a probe fails when its request errors or takes longer than this; undefined: the ingress's default (healthProbe.ts). */
  readonly timeoutS: number | undefined;
  /** Deep probes: whether the probe validates the endpoint's TLS certificate (an expired one then fails it). */
  readonly validatesCertificates: boolean;
}
