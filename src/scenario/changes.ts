import * as z from 'zod';
import { LIMITS } from './limits.js';
import { distribution, duration, int, list, name, num, percent, posNumber, rate } from './schemaPrimitives.js';
import type { DistributionSpec } from './distributionSpec.js';
import type { BadChangeEffect, BurnRateAlert, ChangeKind, ChangeStreamSpec, DetectionSpec, RolloutSpec, WaveSpec } from './specs/changes.js';
export type { BadChangeEffect, BurnRateAlert, BurnRateDetection, ChangeKind, ChangeStreamSpec, DetectionSpec, MaintenanceWindow, RolloutSpec, WaveSpec } from './specs/changes.js';

/**
 * Changes as faults: streams of deploys, config pushes, GitOps syncs, Kubernetes upgrades and
 * certificate rotations, some of them bad (faults.changes), and each design's rollout strategy per
 * stream (designs[].rollouts). docs/changes.md.
 */

export const CHANGE_KINDS = ['deploy', 'config', 'gitops', 'kubernetesUpgrade', 'certificateRotation'] as const satisfies readonly ChangeKind[];

/** Kinds that change the whole cluster rather than some services: they reach every cluster a design uses. */
export const CLUSTER_WIDE_KINDS: ReadonlySet<ChangeKind> = new Set(['kubernetesUpgrade', 'certificateRotation']);

/** Kinds rolled out as a Deployment's rolling update inside a cluster (their crash loops stall at maxUnavailable). */
export const ROLLING_UPDATE_KINDS: ReadonlySet<ChangeKind> = new Set(['deploy', 'gitops']);

const YEAR_S = 365 * 86_400;

/**
 * Share of changes that are bad, per kind. deploy, config, gitops: DORA's 2023 "high" cluster's
 * change failure rate, 10% (Accelerate State of DevOps 2023: elite 5%, high 10%, medium 15%, low
 * 64%); a failed change there is one needing remediation, which is what a bad change is here.
 * kubernetesUpgrade 5%, certificateRotation 1%: assumptions (no published rate).
 */
export const DEFAULT_BAD_RATIO: Readonly<Record<ChangeKind, number>> = {
  deploy: 0.1,
  config: 0.1,
  gitops: 0.1,
  kubernetesUpgrade: 0.05,
  certificateRotation: 0.01,
};

/**
 * Changes per year when the stream does not say. kubernetesUpgrade: Kubernetes ships three minor
 * releases a year (release cadence since 1.22); certificateRotation: cert-manager renews a
 * certificate when a third of its life is left, so a 90-day certificate every 60 days (≈ 6 a year).
 * Application streams have no sensible default: their rate is required.
 */
export const DEFAULT_PER_YEAR: Readonly<Partial<Record<ChangeKind, number>>> = {
  kubernetesUpgrade: 3,
  certificateRotation: 365 / 60,
};

/**
 * What a bad change does when the stream does not say. Assumption: it fails every request it
 * touches (the outage-trigger pushes of the SRE Workbook's postmortem data are of that kind). A bad
 * certificate fails the TLS handshake of every user request entering the cluster (ingress scope).
 */
export const DEFAULT_BAD_ERROR_RATIO = 1;

/** Kubernetes Deployment default rollingUpdate.maxUnavailable (docs/references.md, "Kubernetes rolling update"). */
export const ROLLING_UPDATE_MAX_UNAVAILABLE_RATIO = 0.25;

/** Assumption: how long one cluster's Kubernetes upgrade takes (control plane, then surge and drain of its nodes). */
export const DEFAULT_UPGRADE_DURATION_S = 3600;

/** Assumption: time between waves when a waves rollout does not say. */
export const DEFAULT_BAKE_S = 3600;

/** Assumption: from detection to the change undone everywhere (page acknowledged, rollback run). */
export const DEFAULT_ROLLBACK: DistributionSpec = { kind: 'constant', valueS: 600 };

/** A Deployment's progressDeadlineSeconds default: a crash-looping rollout is reported as failed after it. */
export const PROGRESS_DEADLINE_S = 600;

/**
 * The SRE Workbook's multiwindow, multi-burn-rate alerts ("Alerting on SLOs"): 2% of a 30-day
 * budget in 1 h (14.4×, short window 5 m), 5% in 6 h (6×, 30 m), and the ticket, 10% in 3 days (1×, 6 h).
 */
export const WORKBOOK_ALERTS: readonly BurnRateAlert[] = [
  { longS: 3600, shortS: 300, burnRate: 14.4 },
  { longS: 6 * 3600, shortS: 1800, burnRate: 6 },
  { longS: 3 * 86_400, shortS: 6 * 3600, burnRate: 1 },
];

const badSchema = z
  .strictObject({
    errors: percent('Share of the touched requests that fail; default 100% when nothing else is given.').optional(),
    extraLatency: duration('Added to each touched request.').optional(),
    capacityLost: percent('Share of the pods that crash-loop (not ready). For deploy and gitops it is capped at the rolling update\'s maxUnavailable.').optional(),
  })
  .meta({ title: 'BadChange', description: 'How a bad change fails.' });

const windowSchema = z
  .strictObject({
    startHourUtc: int(0, 'First hour of the window (UTC).', 23),
    endHourUtc: int(0, 'Hour the window closes (UTC); before startHourUtc: the window spans midnight.', 24),
  })
  .meta({ title: 'MaintenanceWindow' });

export const changeStreamSchema = z
  .strictObject({
    name: name('Change stream name, unique.'),
    kind: z.enum(CHANGE_KINDS).meta({ description: 'deploy, config, gitops: per service; kubernetesUpgrade, certificateRotation: per cluster.' }),
    perYear: num(LIMITS.perYear).meta({ description: 'Changes per year (or give rate).' }).optional(),
    rate: rate('Changes per unit of time, e.g. "3/w" (or give perYear).').optional(),
    badRatio: percent('Share of the changes that are bad; default 10% for deploy, config and gitops (DORA 2023), 5% upgrades, 1% certificate rotations.').optional(),
    services: z.array(name('service')).min(1).optional().meta({ description: 'deploy, config, gitops: the services a change touches; default every service.' }),
    bad: badSchema.optional(),
    maxUnavailable: percent('deploy, gitops: the Deployments\' rollingUpdate.maxUnavailable; default 25%.').optional(),
    window: windowSchema.optional().meta({ description: 'Maintenance window: changes start only inside it, every day.' }),
    clusterWindows: z
      .record(z.string(), windowSchema)
      .optional()
      .meta({ description: "Per cluster, its own maintenance window (e.g. each region's night): a change reaches the cluster at the next opening of its window once its wave is due." }),
    duration: duration('kubernetesUpgrade: how long one cluster\'s upgrade takes; default 1h.').optional(),
  })
  .meta({ title: 'ChangeStream' });

export const changeStreamsSchema = list(changeStreamSchema, LIMITS.smallCount);

const waveSchema = z
  .union([int(1, 'How many clusters not named in other waves.'), z.literal('all'), z.array(name('cluster')).min(1)], { error: 'a cluster count, "all", or a list of cluster names' })
  .meta({ description: 'A count of clusters (taken in the order of the clusters section), "all" (every cluster left), or cluster names.' });

const alertSchema = z.strictObject({
  long: duration('Long window, e.g. 1h.'),
  short: duration('Short window, e.g. 5m.'),
  burnRate: posNumber('How many times faster than the SLO allows the budget burns, e.g. 14.4.', 1e6),
});

export const rolloutSchema = z
  .strictObject({
    stream: name('The change stream (faults.changes[].name) this rollout applies to.'),
    strategy: z.enum(['allAtOnce', 'waves']).optional().meta({ description: 'Default waves when waves are given, else allAtOnce.' }),
    waves: list(waveSchema, LIMITS.smallCount).min(1).optional().meta({ description: 'e.g. [1, 2, all]: a canary cluster, then two, then the rest.' }),
    bake: duration('Between the start of one wave and the next (after an upgrade\'s own duration); default 1h.').optional(),
    detection: z
      .strictObject({
        burnRate: z
          .strictObject({
            slo: percent('Default run.slo.availability, or 99.9%.').optional(),
            alerts: list(alertSchema, LIMITS.smallCount).min(1).optional().meta({ description: 'Default the SRE Workbook\'s: 14.4× over 1h/5m, 6× over 6h/30m, 1× over 3d/6h.' }),
          })
          .meta({ description: 'SLO burn-rate alerting on the error share the change causes.' })
          .optional(),
        after: distribution('Health checks, canary analysis or a progress deadline: time from the first landing to detection.').optional(),
      })
      .optional()
      .meta({ description: 'Default: the SRE Workbook\'s burn-rate alerts, plus the 10m progress deadline for a deploy or gitops change that crash-loops.' }),
    rollback: distribution('From detection to the change undone everywhere; default 10m.').optional(),
  })
  .meta({ title: 'Rollout' });

export const rolloutsSchema = list(rolloutSchema, LIMITS.smallCount);

export type RawChangeStream = z.output<typeof changeStreamSchema>;
export type RawRollout = z.output<typeof rolloutSchema>;

export function resolveChangeStreams(raw: readonly RawChangeStream[] | undefined): ChangeStreamSpec[] {
  return (raw ?? []).map(resolveChangeStream);
}

function resolveChangeStream(c: RawChangeStream): ChangeStreamSpec {
  const perYear = c.perYear ?? (c.rate !== undefined ? c.rate * YEAR_S : DEFAULT_PER_YEAR[c.kind] ?? 0);
  return {
    name: c.name,
    kind: c.kind,
    perYear,
    badRatio: c.badRatio ?? DEFAULT_BAD_RATIO[c.kind],
    services: CLUSTER_WIDE_KINDS.has(c.kind) ? undefined : c.services,
    bad: badEffect(c),
    window: c.window === undefined ? undefined : { startHourUtc: c.window.startHourUtc, endHourUtc: c.window.endHourUtc },
    clusterWindows: Object.fromEntries(Object.entries(c.clusterWindows ?? {}).map(([k, w]) => [k, { startHourUtc: w.startHourUtc, endHourUtc: w.endHourUtc }])),
    durationS: c.kind === 'kubernetesUpgrade' ? c.duration ?? DEFAULT_UPGRADE_DURATION_S : 0,
  };
}

function badEffect(c: RawChangeStream): BadChangeEffect {
  const b = c.bad ?? {};
  const nothingGiven = b.errors === undefined && b.extraLatency === undefined && b.capacityLost === undefined;
  const lost = b.capacityLost ?? 0;
  return {
    errorRatio: b.errors ?? (nothingGiven ? DEFAULT_BAD_ERROR_RATIO : 0),
    extraLatencyMs: (b.extraLatency ?? 0) * 1000,
    capacityLostRatio: ROLLING_UPDATE_KINDS.has(c.kind) ? Math.min(lost, c.maxUnavailable ?? ROLLING_UPDATE_MAX_UNAVAILABLE_RATIO) : lost,
    scope: c.kind === 'certificateRotation' ? 'ingress' : 'pods',
  };
}

/** One rollout per stream, in the order of faults.changes: a stream the design does not name is rolled out all at once with default detection and rollback. */
export function resolveRollouts(raw: readonly RawRollout[] | undefined, streams: readonly ChangeStreamSpec[]): RolloutSpec[] {
  return streams.map((s) => resolveRollout(raw?.find((r) => r.stream === s.name), s));
}

function resolveRollout(r: RawRollout | undefined, stream: ChangeStreamSpec): RolloutSpec {
  const strategy = r?.strategy ?? (r?.waves !== undefined ? 'waves' : 'allAtOnce');
  const waves: WaveSpec[] = strategy === 'allAtOnce' || r?.waves === undefined ? [{ kind: 'rest' }] : r.waves.map(resolveWave);
  return {
    stream: stream.name,
    strategy,
    waves,
    bakeS: r?.bake ?? DEFAULT_BAKE_S,
    detection: resolveDetection(r?.detection, stream),
    rollback: r?.rollback ?? DEFAULT_ROLLBACK,
  };
}

function resolveWave(w: number | 'all' | string[]): WaveSpec {
  if (w === 'all') return { kind: 'rest' };
  if (typeof w === 'number') return { kind: 'count', count: w };
  return { kind: 'clusters', names: [...w] };
}

function resolveDetection(d: RawRollout['detection'], stream: ChangeStreamSpec): DetectionSpec {
  if (d !== undefined) {
    return {
      burnRate: d.burnRate === undefined ? undefined : { sloRatio: d.burnRate.slo, alerts: d.burnRate.alerts?.map((a) => ({ longS: a.long, shortS: a.short, burnRate: a.burnRate })) ?? WORKBOOK_ALERTS },
      after: d.after,
    };
  }
  // A crash-looping rolling update is reported by its Deployment after the progress deadline, which
  // a pipeline waiting on `kubectl rollout status` (or Argo Rollouts, Flagger) treats as a failure.
  const crashLoops = ROLLING_UPDATE_KINDS.has(stream.kind) && stream.bad.capacityLostRatio > 0;
  return { burnRate: { sloRatio: undefined, alerts: WORKBOOK_ALERTS }, after: crashLoops ? { kind: 'constant', valueS: PROGRESS_DEADLINE_S } : undefined };
}
