import { createStream, type RandomStream } from '../../engine/rng.js';
import { CLUSTER_WIDE_KINDS } from '../../scenario/changes.js';
import { toDistribution } from '../../scenario/distributions.js';
import type { ChangeStreamSpec, RolloutSpec } from '../../scenario/specs/changes.js';
import type { ResolvedDesign } from '../placement/resolveDesigns.js';
import type { Fleet } from '../fleet/types.js';
import type { DesignEpisodeInput } from './episodeInput.js';
import type { Impairment, UnnumberedEpisode } from './episode.js';
import { YEAR_S } from './processes.js';
import { assignWaves, burnRateDetectionS, waveOffsetS, type ErrorShareStep, type ReachedCluster } from './rollout.js';

/** The SLO burn-rate alerts are computed against when neither the rollout nor run.slo gives one. */
export const FALLBACK_SLO_RATIO = 0.999;

const DAY_S = 86_400;

/** One change of a stream: when it starts and whether it is bad. The same for every design (paired). */
export interface Change {
  readonly atS: number;
  readonly bad: boolean;
}

/**
 * Bad changes rolled out by the design (faults.changes, designs[].rollouts), and every Kubernetes
 * upgrade's passage through each cluster: docs/changes.md. Per stream, changes and their badness
 * come from 'faults/changes/<stream>' and each bad change's detection and rollback times from
 * 'faults/changes/<stream>/<index>', so designs face the same changes and differ only in how far
 * each bad one gets before it is caught.
 */
export function changeEpisodes(input: DesignEpisodeInput): UnnumberedEpisode[] {
  const { scenario, design, horizonS, seed, replication } = input;
  const out: UnnumberedEpisode[] = [];
  // Generation order is part of the result: streams in file order, changes in time order, waves, clusters.
  for (const stream of scenario.faults.changes) {
    const rollout = scenario.designs[design].rollouts.find((r) => r.stream === stream.name);
    if (rollout === undefined) throw new RangeError(`design ${scenario.designs[design].name}: no rollout for change stream "${stream.name}"`);
    const changes = drawChanges(stream, horizonS, createStream(seed, replication, `faults/changes/${stream.name}`));
    const plan = rolloutPlan(input, stream, rollout);
    changes.forEach((c, i) => {
      const nextAtS = i + 1 < changes.length ? changes[i + 1].atS : Infinity;
      emitChange(plan, c, nextAtS, () => createStream(seed, replication, `faults/changes/${stream.name}/${i}`), horizonS, out);
    });
  }
  return out;
}

/**
 * A Poisson process of `perYear` changes, each bad with probability badRatio; two draws per change,
 * so the k-th change is the same whatever the design. With a maintenance window the process runs in
 * window time (the hours it is open, laid end to end) at the same count per calendar year.
 */
export function drawChanges(stream: ChangeStreamSpec, horizonS: number, rng: RandomStream): Change[] {
  const out: Change[] = [];
  if (stream.perYear <= 0) return out;
  const openS = stream.window === undefined ? DAY_S : windowOpenS(stream.window.startHourUtc, stream.window.endHourUtc);
  const meanGapS = (YEAR_S * (openS / DAY_S)) / stream.perYear;
  let tau = 0;
  for (let guard = 0; guard < 10_000_000; guard++) {
    tau += -meanGapS * Math.log(1 - rng.next());
    const bad = rng.next() < stream.badRatio;
    const atS = stream.window === undefined ? tau : Math.floor(tau / openS) * DAY_S + stream.window.startHourUtc * 3600 + (tau % openS);
    if (atS >= horizonS) return out;
    out.push({ atS, bad });
  }
  throw new RangeError(`change stream ${stream.name} produced more than 10 million changes: check its rate`);
}

function windowOpenS(startHour: number, endHour: number): number {
  return (((endHour - startHour) % 24) + 24) % 24 * 3600 || DAY_S;
}

/** What a stream's rollout in this design is, once: its waves of clusters, their offsets and traffic shares. */
interface RolloutPlan {
  readonly stream: ChangeStreamSpec;
  readonly rollout: RolloutSpec;
  readonly waves: readonly (readonly ReachedCluster[])[];
  readonly offsetsS: readonly number[];
  /** Share of the design's requests exposed to the change once waves 0…k have landed. */
  readonly cumulativeShare: readonly number[];
  readonly sloRatio: number;
  readonly impairment: (cluster: number) => Impairment;
}

function rolloutPlan(input: DesignEpisodeInput, stream: ChangeStreamSpec, rollout: RolloutSpec): RolloutPlan {
  const { fleet, resolved, scenario } = input;
  const reached = reachedClusters(fleet, resolved, stream);
  const waves = assignWaves(rollout.waves, reached);
  const exposure = trafficExposure(resolved, stream, scenario.workload.userRegions.map((u) => u.entryService));
  const landed = new Set<number>();
  const cumulativeShare = waves.map((w) => {
    for (const c of w) landed.add(c.id);
    return exposure(landed);
  });
  const b = stream.bad;
  return {
    stream,
    rollout,
    waves,
    offsetsS: waves.map((_, k) => waveOffsetS(k, rollout.bakeS, stream.durationS)),
    cumulativeShare,
    sloRatio: rollout.detection.burnRate?.sloRatio ?? scenario.run.slo?.availabilityRatio ?? FALLBACK_SLO_RATIO,
    impairment: (c) => ({ clusters: [c], services: stream.services, scope: b.scope, errorRatio: b.errorRatio, extraLatencyMs: b.extraLatencyMs, capacityLostRatio: b.capacityLostRatio }),
  };
}

/**
 * The clusters a stream reaches in the design, in fleet order: where the design runs any of the
 * stream's services (all services when it names none), or every cluster the design uses for
 * upgrades and certificate rotations.
 */
export function reachedClusters(fleet: Fleet, resolved: ResolvedDesign, stream: ChangeStreamSpec): ReachedCluster[] {
  if (CLUSTER_WIDE_KINDS.has(stream.kind)) {
    const used = new Set(resolved.usedClusters);
    return fleet.clusters.filter((c) => used.has(c.name)).map((c) => ({ id: c.id, name: c.name }));
  }
  const pools = resolved.placement.services.filter((p) => stream.services === undefined || stream.services.includes(p.service));
  return fleet.clusters.filter((c) => pools.some((p) => p.assigned[c.id] > 0)).map((c) => ({ id: c.id, name: c.name }));
}

/**
 * The share of the design's requests that pass through a changed pod in the given clusters,
 * approximated from placement: requests spread over a service's replicas, and a request touches
 * every service the change covers, so the most exposed service decides (an upper bound when the
 * changed service is called by only some requests: detection comes no later than this says). A
 * certificate (ingress scope) exposes the entry services' share.
 */
function trafficExposure(resolved: ResolvedDesign, stream: ChangeStreamSpec, entryServices: readonly string[]): (clusters: ReadonlySet<number>) => number {
  const covered = (name: string) => (stream.bad.scope === 'ingress' ? entryServices.includes(name) : stream.services === undefined || stream.services.includes(name));
  const pools = resolved.placement.services.filter((p) => covered(p.service));
  return (clusters) => {
    let share = 0;
    for (const p of pools) {
      let total = 0;
      let hit = 0;
      p.assigned.forEach((n, c) => {
        total += n;
        if (clusters.has(c)) hit += n;
      });
      if (total > 0) share = Math.max(share, hit / total);
    }
    return share;
  };
}

/**
 * One change through the design's waves. A good change emits nothing, except an upgrade, which
 * drains every cluster it passes through. A bad one lands wave after wave until it is detected
 * (the earlier of the health check and the burn-rate alerts, the latter on the error share of the
 * waves landed so far), then is rolled back everywhere it landed. Undetected, it reaches every wave
 * and stays until the stream's next change replaces it.
 */
function emitChange(plan: RolloutPlan, change: Change, nextAtS: number, responseStream: () => RandomStream, horizonS: number, out: UnnumberedEpisode[]): void {
  const { stream, rollout, waves } = plan;
  const t0 = change.atS;
  const landing = landings(plan, t0);
  const offsetsS = landing.waveOffsetsS;
  let landedWaves = waves.length;
  let badUntilS = Infinity;
  if (change.bad) {
    const rng = responseStream();
    const afterS = rollout.detection.after === undefined ? Infinity : Math.max(0, toDistribution(rollout.detection.after).sample(rng));
    const rollbackS = Math.max(0, toDistribution(rollout.rollback).sample(rng));
    const { detectedS, waves: landed } = detection(plan, afterS, offsetsS);
    landedWaves = landed;
    badUntilS = Number.isFinite(detectedS) ? t0 + detectedS + rollbackS : Infinity;
  }
  for (let k = 0; k < landedWaves; k++) {
    if (t0 + offsetsS[k] >= horizonS) break;
    for (let j = 0; j < waves[k].length; j++) {
      const c = waves[k][j];
      const startS = landing.clusterStartS[k][j];
      if (startS >= horizonS) continue;
      const base = { targetId: c.id, targetName: c.name, source: 'stochastic' as const, origin: stream.name };
      if (stream.kind === 'kubernetesUpgrade') out.push({ ...base, kind: 'upgrade', startS, endS: startS + stream.durationS });
      if (!change.bad) continue;
      // Undetected: the next change of the stream reaches this wave at the same offset and replaces the version.
      const endS = Number.isFinite(badUntilS) ? badUntilS : Math.min(nextAtS + (startS - t0), horizonS);
      if (endS > startS) out.push({ ...base, kind: 'badChange', startS, endS, impairment: plan.impairment(c.id) });
    }
  }
}

/**
 * When the change reaches each cluster, from its start t0. Without per-cluster windows wave k lands
 * at its nominal offset k × (duration + bake). With them, a cluster of wave k gets the change at the
 * next opening of its window once the wave is due, and the next wave is due `duration + bake` after
 * the last cluster of this one got it (a rollout waits for its wave): the wave's offset is that last
 * landing. Detection then reads these offsets, as the error share steps up when each wave is in.
 */
function landings(plan: RolloutPlan, t0: number): { waveOffsetsS: number[]; clusterStartS: number[][] } {
  const windows = plan.stream.clusterWindows;
  if (Object.keys(windows).length === 0) return { waveOffsetsS: [...plan.offsetsS], clusterStartS: plan.waves.map((w, k) => w.map(() => t0 + plan.offsetsS[k])) };
  const stepS = plan.stream.durationS + plan.rollout.bakeS;
  const waveOffsetsS: number[] = [];
  const clusterStartS: number[][] = [];
  let dueS = t0;
  for (const wave of plan.waves) {
    const starts = wave.map((c) => {
      const w = windows[c.name];
      return w === undefined ? dueS : nextOpeningS(dueS, w.startHourUtc, w.endHourUtc);
    });
    const lastS = Math.max(dueS, ...starts);
    waveOffsetsS.push(lastS - t0);
    clusterStartS.push(starts);
    dueS = lastS + stepS;
  }
  return { waveOffsetsS, clusterStartS };
}

/** The first instant at or after tS inside the daily window [start, end) (UTC hours; it may span midnight). */
export function nextOpeningS(tS: number, startHourUtc: number, endHourUtc: number): number {
  const openS = windowOpenS(startHourUtc, endHourUtc);
  const dayStartS = Math.floor(tS / DAY_S) * DAY_S;
  // Today's window and yesterday's (which may reach past midnight into today).
  for (const opening of [dayStartS - DAY_S + startHourUtc * 3600, dayStartS + startHourUtc * 3600]) {
    if (tS >= opening && tS < opening + openS) return tS;
  }
  const today = dayStartS + startHourUtc * 3600;
  return tS < today ? today : today + DAY_S;
}

/** When the bad change is detected (after its start) and how many waves landed before that. */
function detection(plan: RolloutPlan, afterS: number, offsetsS: readonly number[]): { detectedS: number; waves: number } {
  const burn = plan.rollout.detection.burnRate;
  const steps: ErrorShareStep[] = [];
  let detectedS = afterS;
  let k = 0;
  // Landing a wave only raises the error share, so detection can only move earlier: land waves
  // while the next one starts before the change is caught.
  while (k < plan.waves.length && offsetsS[k] < detectedS) {
    steps.push({ atS: offsetsS[k], share: plan.cumulativeShare[k] * plan.stream.bad.errorRatio });
    k++;
    if (burn !== undefined) detectedS = Math.min(afterS, burnRateDetectionS(steps, plan.sloRatio, burn.alerts));
  }
  return { detectedS, waves: k };
}
