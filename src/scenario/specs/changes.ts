/** The resolved types of the scenario's changes section (a leaf module: see changes.ts for the file's form). */

import type { DistributionSpec } from '../distributionSpec.js';

export type ChangeKind = 'deploy' | 'config' | 'gitops' | 'kubernetesUpgrade' | 'certificateRotation';

/** What a bad change does, in every cluster it has landed in, until it is rolled back. */
export interface BadChangeEffect {
  /** Share of the touched requests that fail. */
  readonly errorRatio: number;
  readonly extraLatencyMs: number;
  /**
   * Share of the services' pods that stop serving (a crash loop). For deploy and gitops streams it is
   * already capped at the rolling update's maxUnavailable: Kubernetes stops replacing old pods when
   * that many new ones are not ready, so a crash-looping version takes no more than that share.
   */
  readonly capacityLostRatio: number;
  /** pods: requests served by the services' pods; ingress: users' requests entering the cluster (certificates). */
  readonly scope: 'pods' | 'ingress';
}

/** Changes land only between these hours of every UTC day (start < end, or wrapping midnight when start > end). */
export interface MaintenanceWindow {
  readonly startHourUtc: number;
  readonly endHourUtc: number;
}

export interface ChangeStreamSpec {
  readonly name: string;
  readonly kind: ChangeKind;
  /** Changes per year (a Poisson process in the time the window is open, or in calendar time without one). */
  readonly perYear: number;
  /** Share of the changes that are bad. */
  readonly badRatio: number;
  /** The services a change touches; undefined: every service (always so for upgrades and certificate rotations). */
  readonly services: readonly string[] | undefined;
  readonly bad: BadChangeEffect;
  readonly window: MaintenanceWindow | undefined;
  /** Per cluster name, its own window: the change reaches it at the window's next opening. */
  readonly clusterWindows: Readonly<Record<string, MaintenanceWindow>>;
  /** kubernetesUpgrade: how long upgrading one cluster takes (control plane, then node surge and drains); 0 otherwise. */
  readonly durationS: number;
}

/** One Google multiwindow burn-rate alert: fires when both windows burn the error budget at least `burnRate` times too fast. */
export interface BurnRateAlert {
  readonly longS: number;
  readonly shortS: number;
  readonly burnRate: number;
}

export interface BurnRateDetection {
  /** The SLO the alerts are computed against; undefined: run.slo.availability, or 99.9% without one. */
  readonly sloRatio: number | undefined;
  /** Any one firing detects the change (the workbook's "OR across pairs"). */
  readonly alerts: readonly BurnRateAlert[];
}

export interface DetectionSpec {
  /** undefined: no SLO alerting on this stream. */
  readonly burnRate: BurnRateDetection | undefined;
  /** A health check, canary analysis or a Deployment's progress deadline: time from landing in the first cluster to detection. */
  readonly after: DistributionSpec | undefined;
}

/** One wave of a rollout: a number of the clusters not yet named, named clusters, or every cluster left. */
export type WaveSpec =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'clusters'; readonly names: readonly string[] }
  | { readonly kind: 'rest' };

export interface RolloutSpec {
  readonly stream: string;
  /** allAtOnce is a single wave of every cluster. */
  readonly strategy: 'allAtOnce' | 'waves';
  readonly waves: readonly WaveSpec[];
  /** Between the start of one wave and the next (after an upgrade's own duration). */
  readonly bakeS: number;
  readonly detection: DetectionSpec;
  /** From detection to the change being undone in every cluster it reached. */
  readonly rollback: DistributionSpec;
}
