/** The resolved types of the scenario's karmada section (a leaf module: see karmada.ts for the file's form). */

/** Karmada minor versions whose failover semantics fleetsim knows (docs/karmada.md, "By version"). */
export const KARMADA_VERSIONS = ['1.10', '1.11', '1.12', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18'] as const;
export type KarmadaVersion = (typeof KARMADA_VERSIONS)[number];

/** A ClusterTaintPolicy (Karmada ≥ 1.14) tainting a cluster whose Ready condition is False or Unknown. */
export interface ClusterTaintPolicySpec {
  readonly effect: 'NoExecute' | 'NoSchedule';
}

/**
 * Karmada's failover semantics for one design, resolved to the booleans and delays the runtime uses
 * (src/model/runtime/karmadaFailover.ts).
 */
export interface KarmadaSpec {
  /** 'legacy': fleetsim's model before version semantics (cluster failover always on, no taint delay). */
  readonly version: KarmadaVersion | 'legacy';
  /** The Failover feature gate (karmada-controller-manager --feature-gates). */
  readonly failoverGate: boolean;
  /** ≥ 1.14 only: the ClusterTaintPolicy that puts taints on unhealthy clusters; undefined: none. */
  readonly clusterTaintPolicy: ClusterTaintPolicySpec | undefined;
  /** ≥ 1.14 only: --enable-no-execute-taint-eviction (the taint manager acts on NoExecute taints). */
  readonly noExecuteTaintEviction: boolean;
  /**
   * Effective: whether a NotReady cluster's divided replicas are ever evicted. ≤ 1.13: the gate;
   * ≥ 1.14: the gate, a NoExecute ClusterTaintPolicy and noExecuteTaintEviction.
   */
  readonly clusterFailover: boolean;
  /**
   * From NotReady to the NoExecute taint: ≤ 1.13 the cluster controller's --failover-eviction-timeout
   * (5 min); ≥ 1.14 0 (a ClusterTaintPolicy taints at once); legacy 0.
   */
  readonly taintDelayS: number;
  /**
   * The cluster toleration a policy gets when it states none: ≤ 1.14 the webhook adds NoExecute
   * tolerations of 300 s; ≥ 1.15 it adds none, so a tainted cluster is evicted at once.
   */
  readonly defaultClusterTolerationS: number;
  /** Effective: whether placement failover.application acts (≤ 1.11 it needs the Failover gate). */
  readonly applicationFailover: boolean;
}

/** Karmada's purge modes; the deprecated Immediately and Graciously are accepted as Directly and Gracefully. */
export type ApplicationPurgeMode = 'Directly' | 'Gracefully' | 'Never';

/** Placement failover.application (Karmada spec.failover.application). */
export interface ApplicationFailoverSpec {
  /** decisionConditions.tolerationSeconds: how long a cluster's workload stays unhealthy before it is moved. */
  readonly tolerationS: number;
  readonly purgeMode: ApplicationPurgeMode;
  /** gracePeriodSeconds (Gracefully): the old replicas go when the moved ones are ready, or at this timeout. */
  readonly gracePeriodS: number;
}
