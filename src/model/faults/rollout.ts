import type { BurnRateAlert, WaveSpec } from '../../scenario/specs/changes.js';

/**
 * The arithmetic of rolling a change out in waves: which clusters each wave takes, when an SLO
 * burn-rate alert fires on the errors a bad change causes, and the closed forms of the expected
 * blast radius (clusters hit, bad cluster-seconds) that the generator is validated against.
 * docs/changes.md.
 */

/** A cluster a change stream reaches in a design: its id in the fleet and its name. */
export interface ReachedCluster {
  readonly id: number;
  readonly name: string;
}

/**
 * The clusters of each wave. Named waves take their named clusters (those the stream reaches);
 * count waves take that many of the clusters no wave names, in the order given; "rest" takes all
 * left. Clusters no wave covers form one last wave: a rollout ends with every cluster changed.
 * Empty waves keep their place (a pipeline stage still waits its bake time).
 */
export function assignWaves(waves: readonly WaveSpec[], reached: readonly ReachedCluster[]): ReachedCluster[][] {
  const named = new Set(waves.flatMap((w) => (w.kind === 'clusters' ? w.names : [])));
  const pool = reached.filter((c) => !named.has(c.name));
  let next = 0;
  const out = waves.map((w): ReachedCluster[] => {
    if (w.kind === 'clusters') return reached.filter((c) => w.names.includes(c.name));
    const take = w.kind === 'rest' ? pool.length - next : Math.min(w.count, pool.length - next);
    const slice = pool.slice(next, next + take);
    next += take;
    return slice;
  });
  if (next < pool.length) out.push(pool.slice(next));
  return out;
}

/** When wave k starts, from the change's start: k × (the change's own duration in a cluster + bake). */
export function waveOffsetS(k: number, bakeS: number, durationS: number): number {
  return k * (durationS + bakeS);
}

/** A step of the error share a bad change causes: from `atS` (after the change's start) on, `share` of all requests fail. */
export interface ErrorShareStep {
  readonly atS: number;
  readonly share: number;
}

/**
 * When a multiwindow burn-rate alert first fires on an error share that rises in steps (each wave
 * landing adds its clusters' traffic): the first time the long window's error ratio reaches
 * burnRate × (1 − SLO). With errors starting at 0 and never falling, the short window's ratio is at
 * least the long one's, so the long window decides. For one step of share e from 0 this is the SRE
 * Workbook's detection time, long × burnRate × (1 − SLO) / e. Any alert firing detects; Infinity
 * when none ever does (the errors burn the budget slower than the slowest alert watches for).
 */
export function burnRateDetectionS(steps: readonly ErrorShareStep[], sloRatio: number, alerts: readonly BurnRateAlert[]): number {
  let best = Infinity;
  for (const a of alerts) best = Math.min(best, alertDetectionS(steps, a.burnRate * (1 - sloRatio), a.longS));
  return best;
}

function alertDetectionS(steps: readonly ErrorShareStep[], threshold: number, windowS: number): number {
  if (steps.length === 0) return Infinity;
  // ∫ of the error share from 0 to t (0 before the first step).
  const integral = (t: number): number => {
    let sum = 0;
    for (let k = 0; k < steps.length; k++) {
      const end = k + 1 < steps.length ? steps[k + 1].atS : Infinity;
      if (t > steps[k].atS) sum += steps[k].share * (Math.min(t, end) - steps[k].atS);
    }
    return sum;
  };
  // Errors over the window ending at t; linear between the breakpoints (steps and steps + window).
  const inWindow = (t: number) => integral(t) - integral(Math.max(0, t - windowS));
  const target = threshold * windowS;
  // A 100% SLO has no budget: the first failing request pages.
  if (target <= 0) return steps.find((s) => s.share > 0)?.atS ?? Infinity;
  const points = [...new Set(steps.flatMap((s) => [s.atS, s.atS + windowS]))].sort((x, y) => x - y);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = inWindow(points[i]);
    const b = inWindow(points[i + 1]);
    if (a >= target) return points[i];
    if (b >= target) return points[i] + ((target - a) / (b - a)) * (points[i + 1] - points[i]);
  }
  // Past the last breakpoint the window holds only the last share: constant from here on.
  return Infinity;
}

/** Detection time after the first landing as a closed form allows: fixed, or exponential (a memoryless check). */
export type DetectionLaw = { readonly kind: 'constant'; readonly valueS: number } | { readonly kind: 'exponential'; readonly meanS: number };

/** P(detection comes after t). */
function survival(d: DetectionLaw, t: number): number {
  return d.kind === 'constant' ? (d.valueS > t ? 1 : 0) : Math.exp(-t / d.meanS);
}

/** E[(D − t)⁺]: how long, on average, detection comes after t. */
function meanExcess(d: DetectionLaw, t: number): number {
  return d.kind === 'constant' ? Math.max(0, d.valueS - t) : d.meanS * Math.exp(-t / d.meanS);
}

/**
 * Expected clusters a bad change reaches: wave k (sizes[k] clusters, starting k × interval after
 * the first) is hit when detection comes after it starts, Σ sizes[k] · P(D > k·interval).
 * allAtOnce is one wave: every cluster.
 */
export function expectedClustersHit(sizes: readonly number[], intervalS: number, detection: DetectionLaw): number {
  return sizes.reduce((sum, n, k) => sum + n * survival(detection, k * intervalS), 0);
}

/**
 * Expected bad exposure of a bad change: Σ weights[k] · E[(D + R − k·interval) · 1{D > k·interval}]
 * = Σ weights[k] · (E[(D − k·interval)⁺] + R̄ · P(D > k·interval)), R independent of D. With
 * weights = wave sizes it is bad cluster-seconds; with weights = the waves' shares of user traffic
 * times the error ratio, the seconds of a total outage it equals (the expected downtime).
 */
export function expectedExposureS(weights: readonly number[], intervalS: number, detection: DetectionLaw, rollbackMeanS: number): number {
  return weights.reduce((sum, w, k) => sum + w * (meanExcess(detection, k * intervalS) + rollbackMeanS * survival(detection, k * intervalS)), 0);
}
