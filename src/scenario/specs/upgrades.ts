/** The resolved types of the scenario's upgrades section (a leaf module: see upgrades.ts for the file's form). */

/** How a cluster's Kubernetes upgrade runs (faults.upgrades), with defaults applied. */
export interface UpgradeSettings {
  readonly controlPlane: {
    /**
     * Seconds the API accepts no writes while the control plane is upgraded; undefined: per cluster
     * (0 for a replicated control plane, the whole duration for a single one:
     * defaultControlPlaneUnavailableS in upgrades.ts).
     */
    readonly unavailableS: number | undefined;
    /** Seconds the control-plane upgrade takes before the nodes start (at least unavailableS). */
    readonly durationS: number;
  };
  readonly nodes: {
    /** Upgraded nodes a pool may have launched beyond its size at once. */
    readonly maxSurge: number;
    /** Nodes of a pool that may be unavailable (draining, or not yet replaced) at once. */
    readonly maxUnavailable: number;
    /** A drain still refused by PodDisruptionBudgets after this long is forced (the rest of its pods deleted). */
    readonly drainTimeoutS: number;
    /** A refused eviction is tried again after this long (kubectl drain). */
    readonly podEvictionRetryS: number;
  };
}

/** A pod count, or a share of the expected pods (rounded up, as the disruption controller does). */
export type PodCountOrRatio = { readonly pods: number; readonly ratio?: undefined } | { readonly ratio: number; readonly pods?: undefined };

/** A PodDisruptionBudget of a service, one per cluster it runs in; undefined on a service: none. */
export type DisruptionBudgetSpec = { readonly maxUnavailable: PodCountOrRatio; readonly minAvailable?: undefined } | { readonly minAvailable: PodCountOrRatio; readonly maxUnavailable?: undefined };
