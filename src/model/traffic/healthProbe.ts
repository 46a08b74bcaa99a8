import type { HealthCheckSpec, IngressPolicy } from '../../scenario/types.js';
import type { TrafficImpairments } from './impairments.js';

/**
 * Deep probes time out after 2 s under Route 53 (an HTTP(S) endpoint must answer within two seconds
 * of connecting) and 5 s under a GCP global load balancer (gcloud's health-check default).
 */
export const ROUTE53_PROBE_TIMEOUT_S = 2;
export const GCP_PROBE_TIMEOUT_S = 5;

/** The deep probes' timeout for this ingress: the check's own, else its provider's default. */
export function probeTimeoutS(policy: IngressPolicy): number {
  return policy.healthCheck.timeoutS ?? (policy.kind === 'dns' ? ROUTE53_PROBE_TIMEOUT_S : GCP_PROBE_TIMEOUT_S);
}

/**
 * Whether the ingress's health checks pass for an entry service's endpoint in a cluster that is up
 * and has ready pods. A shallow check (TCP, or a /healthz that answers from the process) passes
 * whatever the requests do: a bad change returning errors, a brownout, an expired certificate
 * (Route 53's HTTPS checks do not validate certificates) all go unnoticed, unless every pod is
 * crash-looping. A deep check sends a real request through the path; a probe fails when the request
 * errors or takes longer than the probe's timeout (`timeoutS`: the faults' added latency, the
 * service's own time being well under any timeout). The check fails when most probes fail (the
 * threshold-th consecutive failure then comes within a few probes; below half it rarely does). An
 * expired serving certificate (an ingress-scope impairment) fails a probe only when it validates
 * certificates.
 */
export function entryPassesChecks(check: HealthCheckSpec | undefined, impairments: TrafficImpairments, group: number, cluster: number, readyPods: number, timeoutS = Number.POSITIVE_INFINITY): boolean {
  if (impairments.servingPods(group, readyPods) <= 0) return false;
  if (check === undefined || check.depth === 'shallow') return true;
  const ingressErrors = check.validatesCertificates ? impairments.ingressErrorRatio[cluster] : 0;
  if (impairments.extraLatencyS[group] + impairments.ingressExtraLatencyS[cluster] >= timeoutS) return false;
  const failure = 1 - (1 - impairments.errorRatio[group]) * (1 - ingressErrors);
  return failure < 0.5;
}
