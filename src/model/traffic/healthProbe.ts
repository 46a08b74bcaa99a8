import type { HealthCheckSpec } from '../../scenario/types.js';
import type { TrafficImpairments } from './impairments.js';

/**
 * Whether the ingress's health checks pass for an entry service's endpoint in a cluster that is up
 * and has ready pods. A shallow check (TCP, or a /healthz that answers from the process) passes
 * whatever the requests do: a bad change returning errors, a brownout, an expired certificate
 * (Route 53's HTTPS checks do not validate certificates) all go unnoticed, unless every pod is
 * crash-looping. A deep check sends a real request through the path: it fails when most requests
 * fail (the threshold-th consecutive failure then comes within a few probes; below half it rarely
 * does).
 */
export function entryPassesChecks(check: HealthCheckSpec | undefined, impairments: TrafficImpairments, group: number, cluster: number, readyPods: number): boolean {
  if (impairments.servingPods(group, readyPods) <= 0) return false;
  if (check === undefined || check.depth === 'shallow') return true;
  const failure = 1 - (1 - impairments.errorRatio[group]) * (1 - impairments.ingressErrorRatio[cluster]);
  return failure < 0.5;
}
