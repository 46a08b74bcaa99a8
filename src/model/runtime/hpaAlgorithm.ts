import type { HpaSpec } from '../../scenario/types.js';

/**
 * The arithmetic of the Kubernetes HorizontalPodAutoscaler (autoscaling/v2, CPU utilization
 * target), as kube-controller-manager does it (pkg/controller/podautoscaler: replica_calculator.go
 * for the metric's proposal, horizontal.go for stabilization and rate limits). Pure functions and
 * one small history per autoscaler; the controller that reads the simulated load and writes
 * replica counts is hpaController.ts.
 */

/** What the replica calculator sees of one workload's pods (its `groupPods`). */
export interface HpaPodCounts {
  /** Ready, with a CPU sample: their mean utilization is the one passed in. */
  readonly ready: number;
  /** Pending, or started and not Ready yet: left out, or counted at 0% when scaling up. */
  readonly unready: number;
  /** Listed but without a sample (their node is dead or NotReady): 100% (or the target, if higher) on a scale-down, 0% on a scale-up. */
  readonly missing: number;
}

/**
 * Float noise allowance when a utilization is turned into whole percent: a pool at exactly 55% may
 * come out of the load model as 0.5499999999999999, which the controller's integer arithmetic would
 * have read as 55.
 */
const PERCENT_NOISE = 1e-9;

/** Whole percent, rounded down, as the metrics client computes it ((usage × 100) / requests, integers). */
export function utilizationPercent(utilizationRatio: number): number {
  return Math.floor(utilizationRatio * 100 + PERCENT_NOISE);
}

/** The target in percent: an integer in the API (averageUtilization), so 0.7 is 70, not 70.00000000000001. */
export function targetPercent(targetRatio: number): number {
  const p = targetRatio * 100;
  return Math.abs(p - Math.round(p)) < PERCENT_NOISE ? Math.round(p) : p;
}

/** Inside the tolerance band around the target: no change (`Tolerances.isWithin`, the same tolerance both ways). */
function within(usageRatio: number, toleranceRatio: number): boolean {
  return 1 - toleranceRatio <= usageRatio && usageRatio <= 1 + toleranceRatio;
}

/**
 * Replicas the CPU metric proposes (`GetResourceReplicas`): desired = ceil(ready × utilization /
 * target), no change inside the tolerance; with unready pods on a scale-up, or pods missing
 * samples, the ratio is recomputed with those pods at 0% (scale-up) or at max(100%, target)
 * (missing pods on a scale-down), and the current count is kept if that recomputation lands inside
 * the tolerance or flips the direction. −1 when no ready pod has a sample: the controller does not
 * scale then (it reports the metric as unavailable).
 */
export function metricReplicas(currentReplicas: number, utilizationRatio: number, pods: HpaPodCounts, targetRatio: number, toleranceRatio: number): number {
  if (pods.ready <= 0) return -1;
  const target = targetPercent(targetRatio);
  const usage = utilizationPercent(utilizationRatio) / target;
  const scaleUpWithUnready = pods.unready > 0 && usage > 1;
  if (!scaleUpWithUnready && pods.missing === 0) {
    if (within(usage, toleranceRatio)) return currentReplicas;
    return Math.ceil(usage * pods.ready);
  }
  // Sum of the samples, in percent of one pod's request: every pod requests the same CPU here.
  let samples = pods.ready;
  let usedPercent = utilizationRatio * 100 * pods.ready;
  if (pods.missing > 0 && usage < 1) {
    samples += pods.missing;
    usedPercent += pods.missing * Math.max(100, target);
  } else if (pods.missing > 0 && usage > 1) {
    samples += pods.missing;
  }
  if (scaleUpWithUnready) samples += pods.unready;
  const newUsage = Math.floor(usedPercent / samples + PERCENT_NOISE) / target;
  if (within(newUsage, toleranceRatio) || (usage < 1 && newUsage > 1) || (usage > 1 && newUsage < 1)) return currentReplicas;
  const proposed = Math.ceil(newUsage * samples);
  if ((newUsage < 1 && proposed > currentReplicas) || (newUsage > 1 && proposed < currentReplicas)) return currentReplicas;
  return proposed;
}

/**
 * Times closer than this are the same instant: syncs fall on phase + k × period, and an event one
 * period old must be out of the period's window ("after the cutoff" in the controller) even when the
 * float sums differ in the last bit.
 */
const SAME_INSTANT_S = 1e-6;

/** The behaviour fields of an HPA spec the history needs. */
export type HpaBehavior = Pick<HpaSpec, 'minReplicas' | 'maxReplicas' | 'scaleUpPercent' | 'scaleUpPods' | 'scaleUpPeriodS' | 'scaleUpStabilizationS' | 'scaleDownStabilizationS'>;

/**
 * One autoscaler's memory between syncs, as the controller keeps it per HPA: its recent
 * recommendations (for the stabilization windows) and its recent scale events (for the scale-up
 * rate limit). Times in seconds, in the order recorded.
 */
export class HpaHistory {
  private readonly recTimes: number[] = [];
  private readonly recValues: number[] = [];
  private readonly upTimes: number[] = [];
  private readonly upPods: number[] = [];
  private readonly downTimes: number[] = [];
  private readonly downPods: number[] = [];

  /** True once the first sync recorded the replica count it found (`recordInitialRecommendation`). */
  get started(): boolean {
    return this.recTimes.length > 0;
  }

  /** The first sync: the count found is the first recommendation, so nothing scales down below it for a window. */
  start(nowS: number, currentReplicas: number): void {
    if (this.recTimes.length === 0) this.push(nowS, currentReplicas);
  }

  /**
   * The metric's proposal through both stabilization windows (`stabilizeRecommendationWithBehaviors`):
   * not above the lowest recommendation of the scale-up window, not below the highest of the
   * scale-down window (300 s by default: a scale-down waits for the highest recent proposal to age
   * out), the proposal included; then recorded.
   */
  stabilize(nowS: number, currentReplicas: number, proposed: number, b: HpaBehavior): number {
    const upCutoff = nowS - b.scaleUpStabilizationS;
    const downCutoff = nowS - b.scaleDownStabilizationS;
    let up = proposed;
    let down = proposed;
    const times = this.recTimes;
    const values = this.recValues;
    let kept = 0;
    for (let i = 0; i < times.length; i++) {
      const t = times[i];
      if (t > upCutoff + SAME_INSTANT_S && values[i] < up) up = values[i];
      if (t > downCutoff + SAME_INSTANT_S && values[i] > down) down = values[i];
      // Older than both windows: never read again (the controller reuses such a slot).
      if (t < upCutoff - SAME_INSTANT_S && t < downCutoff - SAME_INSTANT_S) continue;
      times[kept] = t;
      values[kept] = values[i];
      kept++;
    }
    // Shrinking a JS array is slow: only when something was dropped.
    if (kept !== times.length) {
      times.length = kept;
      values.length = kept;
    }
    this.push(nowS, proposed);
    let recommendation = currentReplicas;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;
    return recommendation;
  }

  /**
   * The stabilized count within the rate limits and bounds (`convertDesiredReplicasWithBehaviorRate`):
   * a scale-up adds at most max(percent × start, pods) over the scale-up period, where start is the
   * count at the period's start (current − added + removed within it), and never beyond maxReplicas;
   * a scale-down stops at minReplicas. The scale-down rate policy is the API default (100% per 15 s),
   * which never binds, so it is not modelled.
   */
  limit(nowS: number, currentReplicas: number, desired: number, b: HpaBehavior): number {
    if (desired > currentReplicas) {
      const cutoff = nowS - b.scaleUpPeriodS + SAME_INSTANT_S;
      const start = currentReplicas - sumAfter(this.upTimes, this.upPods, cutoff) + sumAfter(this.downTimes, this.downPods, cutoff);
      const byPods = start + b.scaleUpPods;
      const byPercent = Math.ceil(start * (1 + b.scaleUpPercent / 100));
      const scaleUpLimit = Math.max(currentReplicas, byPods, byPercent);
      return Math.min(desired, b.maxReplicas, scaleUpLimit);
    }
    if (desired < currentReplicas) return Math.max(desired, b.minReplicas);
    return desired;
  }

  /** A change was applied: remember it for the rate limit over the next scale-up period (`storeScaleEvent`). */
  recordScale(nowS: number, from: number, to: number, b: HpaBehavior): void {
    if (to === from) return;
    const cutoff = nowS - b.scaleUpPeriodS + SAME_INSTANT_S;
    const [times, pods] = to > from ? [this.upTimes, this.upPods] : [this.downTimes, this.downPods];
    dropUpTo(times, pods, cutoff);
    times.push(nowS);
    pods.push(Math.abs(to - from));
  }

  /** Every recommendation remembered equals `replicas` (so a window ageing out changes nothing). */
  allRecommendationsAre(replicas: number): boolean {
    for (const v of this.recValues) if (v !== replicas) return false;
    return true;
  }

  /**
   * A sync skipped because nothing it reads changed and everything it remembers equals `replicas`,
   * the proposal it keeps making: it would have recorded `replicas` now. Keeping that one entry is
   * equivalent: windows only ask whether a value occurs in them, and the newest occurrence is the
   * one that stays longest.
   */
  recordUnchanged(nowS: number, replicas: number): void {
    // Already that one entry (every skipped sync after the first): move its time only.
    if (this.recTimes.length !== 1 || this.recValues[0] !== replicas) {
      this.recTimes.length = 0;
      this.recValues.length = 0;
      this.push(nowS, replicas);
    }
    this.recTimes[0] = nowS;
  }

  private push(nowS: number, replicas: number): void {
    this.recTimes.push(nowS);
    this.recValues.push(replicas);
  }
}

/** Sum of the changes recorded strictly after `cutoffS`. */
function sumAfter(times: readonly number[], pods: readonly number[], cutoffS: number): number {
  let sum = 0;
  for (let i = 0; i < times.length; i++) if (times[i] > cutoffS) sum += pods[i];
  return sum;
}

/** Forget the changes at or before `cutoffS` (out of every later window too). */
function dropUpTo(times: number[], pods: number[], cutoffS: number): void {
  let kept = 0;
  for (let i = 0; i < times.length; i++) {
    if (times[i] <= cutoffS) continue;
    times[kept] = times[i];
    pods[kept] = pods[i];
    kept++;
  }
  times.length = kept;
  pods.length = kept;
}
