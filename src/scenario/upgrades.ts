import * as z from 'zod';
import { duration, int } from './schemaPrimitives.js';
import type { DisruptionBudgetSpec, PodCountOrRatio, UpgradeSettings } from './specs/upgrades.js';
import type { ControlPlaneSpec } from './types.js';
import { parsePercent } from './units.js';
import type { IssueParams } from './schemaPrimitives.js';
export type { DisruptionBudgetSpec, PodCountOrRatio, UpgradeSettings } from './specs/upgrades.js';

/**
 * Kubernetes upgrades: how a cluster is upgraded (control-plane unavailability, node surge and drain
 * pace: faults.upgrades) and what a drain must respect (services[].disruptionBudget, a
 * PodDisruptionBudget). When upgrades happen and in which order is a change stream of kind
 * kubernetesUpgrade rolled out by each design (changes.ts), or a scripted `upgrade` fault.
 * docs/upgrades.md; figures in docs/references.md, "Kubernetes upgrades".
 */

/**
 * Seconds a cluster's API accepts no writes while its control plane is upgraded, when the file does
 * not say. A control plane with a single API server (GKE zonal; a self-managed one with one etcd
 * member, hence one control-plane node) is out for the whole upgrade: GKE documents that a zonal
 * cluster cannot deploy or modify workloads until its control-plane upgrade completes. Replicated
 * ones (EKS, GKE regional, AKS; self-managed with three or more members, upgraded node by node as
 * kubeadm does) upgrade one replica at a time and stay available: 0.
 */
export function defaultControlPlaneUnavailableS(cp: ControlPlaneSpec, durationS: number): number {
  const single = cp.kind === 'managed' ? cp.tier === 'gke-zonal' : cp.etcd.memberCount <= 1;
  return single ? durationS : 0;
}

/** Assumption: how long a control-plane upgrade takes before the nodes start (EKS and GKE publish none). */
export const CONTROL_PLANE_UPGRADE_S = 600;

/** GKE surge upgrade default maxSurge (1); EKS launches new nodes before draining old ones as well. */
export const DEFAULT_MAX_SURGE = 1;

/** EKS managed node group updateConfig.maxUnavailable default (1 node). */
export const DEFAULT_MAX_UNAVAILABLE = 1;

/** EKS managed node group update: pods not drained within 15 minutes fail the update, or are forced with `force`. */
export const DEFAULT_DRAIN_TIMEOUT_S = 15 * 60;

/** kubectl drain retries an eviction the API refused (HTTP 429, a PodDisruptionBudget) after 5 s. */
export const DEFAULT_POD_EVICTION_RETRY_S = 5;

const PERCENT = /^\s*[0-9.]+\s*%\s*$/;

/** An integer pod count, or a percentage string ("25%") of the pods expected. */
const podCountOrPercent = (description: string) =>
  z
    .union([z.number({ error: 'an integer or a percentage like "25%"' }).int({ error: 'an integer' }).min(0).max(1_000_000), z.string({ error: 'an integer or a percentage like "25%"' })])
    .transform((v, ctx): PodCountOrRatio => {
      if (typeof v === 'number') return { pods: v };
      const r = PERCENT.test(v) ? parsePercent(v) : undefined;
      if (r?.ok) return { ratio: r.value };
      ctx.issues.push({ code: 'custom', message: `invalid pod count ${JSON.stringify(v)}`, input: v, params: { expected: 'an integer or a percentage like "25%"', hint: 'a PodDisruptionBudget counts pods, or a percentage of the replicas' } satisfies IssueParams });
      return z.NEVER;
    })
    .meta({ description });

export const upgradesSchema = z
  .strictObject({
    controlPlane: z
      .strictObject({
        unavailable: duration('Time the API accepts no writes during a control-plane upgrade. Default: 0 for a replicated control plane (EKS, GKE regional, AKS, self-managed with 3+ etcd members); the whole duration for a single one (GKE zonal, one member).').optional(),
        duration: duration('Time the control-plane upgrade takes before node upgrades start (default 10m).').optional(),
      })
      .optional(),
    nodes: z
      .strictObject({
        maxSurge: int(0, 'Upgraded nodes a pool may launch beyond its size at once (default 1).').optional(),
        maxUnavailable: int(0, 'Nodes of a pool that may be unavailable at once (default 1, EKS).').optional(),
        drainTimeout: duration('A drain the PodDisruptionBudgets still hold back after this long is forced (default 15m, EKS).').optional(),
        podEvictionRetry: duration('Wait before a refused eviction is tried again (default 5s, kubectl drain).').optional(),
      })
      .optional(),
  })
  .meta({ title: 'Upgrades' });

export const disruptionBudgetSchema = z
  .strictObject({
    maxUnavailable: podCountOrPercent('Pods of the service a drain may take down at once in a cluster (a count, or a percentage of its replicas rounded up).').optional(),
    minAvailable: podCountOrPercent('Pods of the service that must stay ready in a cluster during a drain (a count, or a percentage rounded up).').optional(),
  })
  .refine((b) => (b.maxUnavailable === undefined) !== (b.minAvailable === undefined), {
    error: 'a disruption budget sets exactly one of maxUnavailable and minAvailable',
    params: { expected: 'maxUnavailable or minAvailable, not both', hint: 'as in a PodDisruptionBudget: e.g. { maxUnavailable: 1 } or { minAvailable: "75%" }' } satisfies IssueParams,
  })
  .meta({ title: 'DisruptionBudget' });

export type RawUpgrades = z.output<typeof upgradesSchema>;
export type RawDisruptionBudget = z.output<typeof disruptionBudgetSchema>;

export function resolveUpgrades(raw: RawUpgrades | undefined): UpgradeSettings {
  const unavailableS = raw?.controlPlane?.unavailable;
  return {
    controlPlane: {
      unavailableS,
      durationS: Math.max(raw?.controlPlane?.duration ?? CONTROL_PLANE_UPGRADE_S, unavailableS ?? 0),
    },
    nodes: {
      maxSurge: raw?.nodes?.maxSurge ?? DEFAULT_MAX_SURGE,
      maxUnavailable: raw?.nodes?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
      drainTimeoutS: raw?.nodes?.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT_S,
      podEvictionRetryS: raw?.nodes?.podEvictionRetry ?? DEFAULT_POD_EVICTION_RETRY_S,
    },
  };
}

export function resolveDisruptionBudget(raw: RawDisruptionBudget | undefined): DisruptionBudgetSpec | undefined {
  if (raw === undefined) return undefined;
  if (raw.maxUnavailable !== undefined) return { maxUnavailable: raw.maxUnavailable };
  return { minAvailable: raw.minAvailable! };
}
