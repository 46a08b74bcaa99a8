/** The resolved types of the scenario's dependencies section (a leaf module: see dependencies.ts for the file's form). */

export interface DependencySpec {
  readonly name: string;
}

export interface GrayFailureSpec {}
export interface CertificateSpec {}

/** How the ingress's health checks probe an endpoint. */
export interface HealthCheckSpec {
  readonly depth: 'shallow' | 'deep';
}

