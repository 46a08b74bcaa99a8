/**
 * A published incident as fleetsim replays it: when it started (UTC), where, for how long each
 * effect lasted, and the public source of every number. Times of steps are seconds from the
 * incident's start. Each step says whether its start and length come from the source ('published')
 * or are a modelling choice ('modelled'); docs/incidents.md explains every choice.
 */

export type IncidentProvider = 'aws' | 'gcp' | 'azure' | 'any';

/** What a step does, in the fault kinds the simulator has. */
export type IncidentEffect =
  /** The provider's managed Kubernetes API is down in the region (managed control planes only). */
  | { readonly kind: 'controlPlane' }
  /** New nodes cannot be launched in the region (the autoscaler's launches fail). */
  | { readonly kind: 'nodeLaunches' }
  /**
   * A share of requests fail (and/or take longer): 'pods' — requests the services' pods serve;
   * 'ingress' — users' requests entering the clusters.
   */
  | { readonly kind: 'brownout'; readonly scope: 'pods' | 'ingress'; readonly errorRatio: number; readonly extraLatencyMs: number }
  /**
   * A share of every cluster's nodes crash at the step's start and stay down for the step; then
   * they are repaired one by one, evenly over `remediationS` (hosts fixed by hand, in turn).
   */
  | { readonly kind: 'nodeCrash'; readonly nodeRatio: number; readonly remediationS: number };

export interface IncidentStep {
  /** One line: what happened, in the source's terms. */
  readonly what: string;
  /** An incident region (mapped to a scenario region by the replay), or '*': every region in scope. */
  readonly region: string;
  /** With region '*': incident regions left out (they have steps of their own). */
  readonly except?: readonly string[];
  /** A named region that only applies when the scenario has it (or maps it); otherwise the step is skipped. */
  readonly optional?: boolean;
  /**
   * Who feels it: 'everyone'; 'cloudApiUsers' — only fleets whose services call the provider's
   * regional APIs (a managed database, queue, storage), when the replay says so (`cloudApis: true`);
   * 'anycastIngress' — only designs whose users enter through a global anycast front door.
   */
  readonly appliesTo: 'everyone' | 'cloudApiUsers' | 'anycastIngress';
  readonly startS: number;
  readonly forS: number;
  readonly effect: IncidentEffect;
  /** Are startS and forS the source's numbers ('published') or a modelling choice ('modelled')? */
  readonly timing: 'published' | 'modelled';
  /** Which numbers are the source's and which are modelling choices, for this step. */
  readonly note: string;
}

export interface IncidentCitation {
  readonly title: string;
  readonly url: string;
  /** When the source was published (YYYY-MM or YYYY-MM-DD), as far as known. */
  readonly published: string;
  /** false: a number of the timeline could not be checked against the source from here (the step's note says which). */
  readonly verified: boolean;
}

export interface LibraryIncident {
  readonly name: string;
  readonly title: string;
  /** UTC date of the start, YYYY-MM-DD. */
  readonly date: string;
  /** UTC start, ISO 8601. */
  readonly startUtc: string;
  readonly provider: IncidentProvider;
  /** One line: where it struck. */
  readonly scope: string;
  /** Published length of the whole incident, start to the provider's "resolved", seconds. */
  readonly publishedDurationS: number;
  readonly citation: IncidentCitation;
  readonly timeline: readonly IncidentStep[];
}
