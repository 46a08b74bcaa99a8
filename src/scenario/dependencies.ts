import * as z from 'zod';
import { LIMITS } from './limits.js';
import { list, name } from './schemaPrimitives.js';
import type { DependencySpec, GrayFailureSpec, CertificateSpec, HealthCheckSpec } from './specs/dependencies.js';
export type { DependencySpec, GrayFailureSpec, CertificateSpec, HealthCheckSpec } from './specs/dependencies.js';

/**
 * Shared dependencies (DNS/GSLB provider, global anycast load balancer, identity, the Karmada and
 * mesh control planes) with their own failure processes, gray failures (regional brownouts that
 * shallow health checks miss), certificates, and the depth of the ingress health checks.
 * docs/dependencies.md.
 */

export const dependencySchema = z
  .strictObject({
    name: name('Dependency name, unique.'),
  })
  .meta({ title: 'SharedDependency' });

export const dependenciesSchema = list(dependencySchema, LIMITS.smallCount);

export const grayFailuresSchema = z.strictObject({}).meta({ title: 'GrayFailures' });

export const certificatesSchema = z.strictObject({}).meta({ title: 'Certificates' });

/** Inside traffic.ingress.dns and traffic.ingress.anycast. */
export const healthCheckSchema = z.enum(['shallow', 'deep']).meta({ description: 'shallow (default): a TCP or /healthz probe; deep: a probe through the request path.' });

export const dependsOnSchema = list(name('A shared dependency (faults.dependencies[].name).'), LIMITS.smallCount);

export type RawDependency = z.output<typeof dependencySchema>;
export type RawGrayFailures = z.output<typeof grayFailuresSchema>;
export type RawCertificates = z.output<typeof certificatesSchema>;
export type RawHealthCheck = z.output<typeof healthCheckSchema>;

export const DEFAULT_HEALTH_CHECK: HealthCheckSpec = { depth: 'shallow' };

export function resolveDependencies(raw: readonly RawDependency[] | undefined): DependencySpec[] {
  return (raw ?? []).map((d) => ({ name: d.name }));
}

export function resolveGrayFailures(raw: RawGrayFailures | undefined): GrayFailureSpec | undefined {
  return raw === undefined ? undefined : {};
}

export function resolveCertificates(raw: RawCertificates | undefined): CertificateSpec | undefined {
  return raw === undefined ? undefined : {};
}

export function resolveHealthCheck(raw: RawHealthCheck | undefined): HealthCheckSpec {
  return raw === undefined ? DEFAULT_HEALTH_CHECK : { depth: raw };
}

/** The shared dependencies a design uses. */
export function resolveDependsOn(raw: readonly string[] | undefined): string[] {
  return [...(raw ?? [])];
}
