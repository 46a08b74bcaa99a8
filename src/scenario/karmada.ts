import * as z from 'zod';
import { duration } from './schemaPrimitives.js';
import { KARMADA_VERSIONS, type ApplicationFailoverSpec, type ApplicationPurgeMode, type KarmadaSpec, type KarmadaVersion } from './specs/karmada.js';
export type { ApplicationFailoverSpec, ApplicationPurgeMode, ClusterTaintPolicySpec, KarmadaSpec, KarmadaVersion } from './specs/karmada.js';
export { KARMADA_VERSIONS } from './specs/karmada.js';

/**
 * Karmada's failover semantics as a version selects them (designs[].karmada), and application
 * failover (placement failover.application). docs/karmada.md; sources in docs/references.md, "Karmada".
 */

export const karmadaSchema = z
  .strictObject({
    version: z
      .enum(KARMADA_VERSIONS)
      .optional()
      .meta({ description: 'Karmada minor version, quoted ("1.18"); it selects the failover defaults below.' }),
    failoverGate: z.boolean().optional().meta({ description: 'The Failover feature gate; default on up to 1.11, off from 1.12 (karmada PR 5899).' }),
    clusterTaintPolicy: z
      .strictObject({ effect: z.enum(['NoExecute', 'NoSchedule']).optional().meta({ description: 'Default NoExecute.' }) })
      .optional()
      .meta({ description: '1.14 and later: a ClusterTaintPolicy tainting clusters whose Ready condition is False or Unknown; without one no cluster is tainted.' }),
    noExecuteTaintEviction: z.boolean().optional().meta({ description: '1.14 and later: --enable-no-execute-taint-eviction of karmada-controller-manager; default false.' }),
    failoverEvictionTimeout: duration('Up to 1.13: --failover-eviction-timeout, from NotReady to the NoExecute taint; default 5m.').optional(),
  })
  .meta({ title: 'Karmada' });

export const applicationFailoverSchema = z
  .strictObject({
    toleration: duration('decisionConditions.tolerationSeconds: how long the workload may stay unhealthy on a cluster; default 300s.').optional(),
    purgeMode: z.enum(['Directly', 'Gracefully', 'Never', 'Immediately', 'Graciously']).optional().meta({ description: 'Default Gracefully; Immediately and Graciously are the deprecated names of Directly and Gracefully.' }),
    gracePeriod: duration('gracePeriodSeconds (Gracefully only): when the old replicas are removed; default 600s.').optional(),
  })
  .meta({ title: 'ApplicationFailover' });

export type RawKarmada = z.output<typeof karmadaSchema>;
export type RawApplicationFailover = z.output<typeof applicationFailoverSchema>;

/** The newest Karmada release read for these semantics (v1.18.x; v1.19 was in release candidates). */
export const KARMADA_CURRENT_VERSION: KarmadaVersion = '1.18';

/**
 * The version a design without karmada.version gets: the current release, whose cluster failover is
 * off unless the design turns it on (docs/karmada.md). 'legacy' is fleetsim's model before version
 * semantics (failover on API unreachability, always), kept selectable for comparison.
 */
export const KARMADA_DEFAULT_VERSION: KarmadaVersion | 'legacy' = KARMADA_CURRENT_VERSION;

// Karmada's own defaults (docs/references.md, "Karmada").
/** karmada-controller-manager --failover-eviction-timeout (≤ 1.13). */
export const KARMADA_FAILOVER_EVICTION_TIMEOUT_S = 300;
/** karmada-webhook --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds (≤ 1.14). */
export const KARMADA_WEBHOOK_TOLERATION_S = 300;
/** spec.failover.application.decisionConditions.tolerationSeconds default. */
export const KARMADA_APPLICATION_TOLERATION_S = 300;
/** spec.failover.application.gracePeriodSeconds default. */
export const KARMADA_APPLICATION_GRACE_PERIOD_S = 600;

/** Minor version number: "1.14" → 14. */
export function karmadaMinor(v: KarmadaVersion): number {
  return Number(v.split('.')[1]);
}

/**
 * fleetsim's Karmada before version semantics: cluster failover on, eviction one toleration after
 * NotReady, no eviction tasks. Matches no release (≤ 1.13 adds a 5 min taint delay); kept for the goldens.
 */
export const LEGACY_KARMADA: KarmadaSpec = {
  version: 'legacy',
  failoverGate: true,
  clusterTaintPolicy: undefined,
  noExecuteTaintEviction: true,
  clusterFailover: true,
  taintDelayS: 0,
  defaultClusterTolerationS: KARMADA_WEBHOOK_TOLERATION_S,
  applicationFailover: true,
};

export function resolveKarmada(raw: RawKarmada | undefined): KarmadaSpec {
  const version = raw?.version ?? KARMADA_DEFAULT_VERSION;
  if (version === 'legacy') {
    const gate = raw?.failoverGate ?? true;
    return { ...LEGACY_KARMADA, failoverGate: gate, clusterFailover: gate };
  }
  const minor = karmadaMinor(version);
  // PR 5899 (v1.12) turned the gate off by default: cluster failover moves everything on a cluster.
  const gate = raw?.failoverGate ?? minor <= 11;
  if (minor <= 13) {
    return {
      version,
      failoverGate: gate,
      clusterTaintPolicy: undefined,
      noExecuteTaintEviction: gate,
      clusterFailover: gate,
      taintDelayS: raw?.failoverEvictionTimeout ?? KARMADA_FAILOVER_EVICTION_TIMEOUT_S,
      defaultClusterTolerationS: KARMADA_WEBHOOK_TOLERATION_S,
      // Up to 1.11 the application failover controller starts only with the gate on.
      applicationFailover: minor >= 12 || gate,
    };
  }
  const policy = raw?.clusterTaintPolicy === undefined ? undefined : { effect: raw.clusterTaintPolicy.effect ?? 'NoExecute' };
  const eviction = raw?.noExecuteTaintEviction ?? false;
  return {
    version,
    failoverGate: gate,
    clusterTaintPolicy: policy,
    noExecuteTaintEviction: eviction,
    // 1.14 moved NoExecute taints out of the cluster controller: only a ClusterTaintPolicy makes them,
    // and the taint manager acts on them only with the gate and --enable-no-execute-taint-eviction.
    clusterFailover: gate && policy?.effect === 'NoExecute' && eviction,
    taintDelayS: 0,
    // 1.15 removed the webhook's default tolerations: a policy without clusterTolerations is evicted at once.
    defaultClusterTolerationS: minor <= 14 ? KARMADA_WEBHOOK_TOLERATION_S : 0,
    applicationFailover: true,
  };
}

export function resolveApplicationFailover(raw: RawApplicationFailover | undefined): ApplicationFailoverSpec | undefined {
  if (raw === undefined) return undefined;
  return {
    tolerationS: raw.toleration ?? KARMADA_APPLICATION_TOLERATION_S,
    purgeMode: purgeModeOf(raw.purgeMode),
    gracePeriodS: raw.gracePeriod ?? KARMADA_APPLICATION_GRACE_PERIOD_S,
  };
}

function purgeModeOf(m: RawApplicationFailover['purgeMode']): ApplicationPurgeMode {
  switch (m) {
    case 'Immediately':
    case 'Directly':
      return 'Directly';
    case 'Never':
      return 'Never';
    default:
      return 'Gracefully';
  }
}
