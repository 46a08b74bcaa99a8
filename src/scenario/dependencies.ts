import * as z from 'zod';
import type { DistributionSpec } from './distributionSpec.js';
import { LIMITS } from './limits.js';
import { distribution, duration, list, name, num, percent } from './schemaPrimitives.js';
import type { CertificateSpec, DependencyKind, DependencySpec, GrayFailureSpec, HealthCheckSpec } from './specs/dependencies.js';
export type { CertificateSpec, DependencyKind, DependencySpec, GrayFailureSpec, HealthCheckSpec } from './specs/dependencies.js';

/**
 * Shared dependencies (DNS/GSLB provider, global anycast load balancer, identity, the Karmada and
 * mesh control planes) with their own failure processes, gray failures (regional brownouts that
 * shallow health checks miss), certificates, and the depth of the ingress health checks.
 * docs/dependencies.md.
 */

export const DEPENDENCY_KINDS = ['dns', 'gslb', 'anycast', 'identity', 'karmada', 'meshControlPlane', 'custom'] as const satisfies readonly DependencyKind[];

export const dependencySchema = z
  .strictObject({
    name: name('Dependency name, unique.'),
    kind: z.enum(DEPENDENCY_KINDS).meta({
      description:
        'dns: resolution fails (cached answers run out); gslb: health checking and steering stop (answers frozen); anycast: the global load balancer drops every request; identity: every user request fails; karmada: the Karmada control plane stops (no failover); meshControlPlane: cross-cluster endpoints frozen; custom: `errors` of user requests fail.',
    }),
    perYear: num(LIMITS.perYear).optional().meta({ description: 'Outages per year (Poisson); default 0: only scripted outages.' }),
    duration: distribution('Outage length; needed when perYear > 0.').optional(),
    errors: percent('custom: share of user requests that fail while it is down; default 100%.').optional(),
  })
  .meta({ title: 'SharedDependency' });

export const dependenciesSchema = list(dependencySchema, LIMITS.smallCount);

export const grayFailuresSchema = z
  .strictObject({
    perYear: num(LIMITS.perYear).meta({ description: 'Brownouts per region per year (Poisson).' }),
    duration: distribution('Brownout length.'),
    errors: percent('Share of requests through the region that fail; default 0.').optional(),
    extraLatency: duration('Added to every request through the region; default 0.').optional(),
    blocksNodeLaunches: z.boolean().optional().meta({ description: 'New nodes fail to launch in the region meanwhile; default false.' }),
  })
  .meta({ title: 'GrayFailures' });

export const certificatesSchema = z
  .strictObject({
    lifetime: duration("Certificate validity; default 90d (Let's Encrypt).").optional(),
    renewBefore: duration('Renewal starts this long before expiry; default 30d (cert-manager: at 2/3 of the lifetime).').optional(),
    renewalFailure: percent('Share of renewal attempts that fail, independently; default 5% (assumption).').optional(),
    retry: duration('Time between renewal attempts after a failure; default 12h (certbot runs twice a day).').optional(),
    fixTime: distribution('From expiry until a human installs a valid certificate; default lognormal median 1h, p99 ≈ 8h (assumption).').optional(),
    client: z.boolean().optional().meta({ description: "Also the mesh's client (mTLS) certificate of each cluster, for designs with a mesh: an expired one fails the cluster's calls to other clusters; default false." }),
  })
  .meta({ title: 'Certificates' });

/** Inside traffic.ingress.dns and traffic.ingress.anycast: a depth, or a deep probe with its settings. */
export const healthCheckSchema = z
  .union([
    z.enum(['shallow', 'deep']),
    z.strictObject({
      depth: z.enum(['shallow', 'deep']),
      timeout: duration('Deep probes: a probe slower than this fails; default 2s (Route 53 HTTP(S)) or 5s (GCP health checks).').optional(),
      validatesCertificates: z.boolean().optional().meta({ description: 'Deep probes: whether the probe validates the TLS certificate (an expired serving certificate then fails it); default true (Route 53 HTTPS checks do not: set false to model them).' }),
    }),
  ])
  .meta({ description: 'shallow (default): a TCP or /healthz probe; deep: a probe through the request path. docs/dependencies.md.' });

export const dependsOnSchema = list(name('A shared dependency (faults.dependencies[].name).'), LIMITS.smallCount);

export type RawDependency = z.output<typeof dependencySchema>;
export type RawGrayFailures = z.output<typeof grayFailuresSchema>;
export type RawCertificates = z.output<typeof certificatesSchema>;
export type RawHealthCheck = z.output<typeof healthCheckSchema>;

/**
 * Whether a deep probe validates certificates when the file does not say: no. Route 53's HTTPS
 * checks do not (docs/references.md, "Route 53 HTTPS health checks"), nor do load balancers'
 * checks of their backends; say validatesCertificates: true for a prober that does.
 */
export const DEEP_CHECK_VALIDATES_CERTIFICATES = false;

export const DEFAULT_HEALTH_CHECK: HealthCheckSpec = { depth: 'shallow', timeoutS: undefined, validatesCertificates: DEEP_CHECK_VALIDATES_CERTIFICATES };

/** Let's Encrypt certificates last 90 days; its integration guide and cert-manager renew with a third left (30 days). */
export const CERTIFICATE_LIFETIME_S = 90 * 86_400;
export const CERTIFICATE_RENEW_BEFORE_S = 30 * 86_400;
/** Assumption: one renewal attempt in 20 fails (rate limits, a challenge that times out, a DNS API error). */
export const CERTIFICATE_RENEWAL_FAILURE_RATIO = 0.05;
/** certbot's packaged timer runs twice a day. */
export const CERTIFICATE_RETRY_S = 12 * 3600;
/** Assumption: an expired certificate is noticed (users report TLS errors) and replaced within about an hour, rarely a working day. */
export const CERTIFICATE_FIX_TIME: DistributionSpec = { kind: 'lognormal', medianS: 3600, sigma: Math.log(8) / 2.326 };

export function resolveDependencies(raw: readonly RawDependency[] | undefined): DependencySpec[] {
  return (raw ?? []).map((d) => ({
    name: d.name,
    kind: d.kind,
    perYear: d.perYear ?? 0,
    // Not used without perYear (the cross-reference check asks for it when perYear > 0).
    duration: d.duration ?? { kind: 'constant', valueS: 3600 },
    errorRatio: d.kind === 'custom' ? (d.errors ?? 1) : 1,
  }));
}

export function resolveGrayFailures(raw: RawGrayFailures | undefined): GrayFailureSpec | undefined {
  if (raw === undefined) return undefined;
  return { perYear: raw.perYear, duration: raw.duration, errorRatio: raw.errors ?? 0, extraLatencyMs: (raw.extraLatency ?? 0) * 1000, blocksNodeLaunches: raw.blocksNodeLaunches ?? false };
}

export function resolveCertificates(raw: RawCertificates | undefined): CertificateSpec | undefined {
  if (raw === undefined) return undefined;
  return {
    lifetimeS: raw.lifetime ?? CERTIFICATE_LIFETIME_S,
    renewBeforeS: raw.renewBefore ?? CERTIFICATE_RENEW_BEFORE_S,
    renewalFailureRatio: raw.renewalFailure ?? CERTIFICATE_RENEWAL_FAILURE_RATIO,
    retryS: raw.retry ?? CERTIFICATE_RETRY_S,
    fixTime: raw.fixTime ?? CERTIFICATE_FIX_TIME,
    client: raw.client ?? false,
  };
}

/** timeoutS undefined: the ingress's own default (healthProbe.ts). */
export function resolveHealthCheck(raw: RawHealthCheck | undefined): HealthCheckSpec {
  if (raw === undefined) return DEFAULT_HEALTH_CHECK;
  if (typeof raw === 'string') return { ...DEFAULT_HEALTH_CHECK, depth: raw };
  return { depth: raw.depth, timeoutS: raw.timeout, validatesCertificates: raw.validatesCertificates ?? DEEP_CHECK_VALIDATES_CERTIFICATES };
}

/** The shared dependencies a design uses. */
export function resolveDependsOn(raw: readonly string[] | undefined): string[] {
  return [...(raw ?? [])];
}
