/**
 * Envoy's outlier detection as the fluid model sees it (docs/traffic/outlier-detection.md): closed
 * forms for when a failing host is ejected, how many hosts may be out at once, when the panic
 * threshold puts them back in, and a small state machine for a set of alike hosts (one dead
 * endpoint; the endpoints of a remote cluster seen from one caller cluster) that is ejected,
 * returns, and is ejected again for longer. Used by deadEndpoints.ts and routing.ts for
 * `ejection: inline`.
 */

/** Consecutive-error counters are compared with this much slack (fluid progress is a float). */
const EPS = 1e-9;

/**
 * Expected attempts until `threshold` consecutive errors when each attempt fails independently
 * with probability `errorRatio`: the mean waiting time for a run of n failures,
 * (1 − eⁿ) ÷ ((1 − e)·eⁿ); n for a host that fails every attempt (a dead endpoint, a partition);
 * Infinity for one that never fails.
 */
export function attemptsToConsecutiveErrors(threshold: number, errorRatio: number): number {
  if (errorRatio <= 0) return Number.POSITIVE_INFINITY;
  if (errorRatio >= 1) return threshold;
  const en = errorRatio ** threshold;
  return (1 - en) / ((1 - errorRatio) * en);
}

/**
 * Seconds from a host starting to fail until its consecutive5xx-th consecutive error, at
 * `attemptsPerS` attempts a second reaching it: attemptsToConsecutiveErrors ÷ rate (for a dead
 * endpoint, consecutive5xx ÷ per-host rate: the closed form).
 */
export function inlineEjectionDelayS(threshold: number, errorRatio: number, attemptsPerS: number): number {
  if (!(attemptsPerS > 0)) return Number.POSITIVE_INFINITY;
  return attemptsToConsecutiveErrors(threshold, errorRatio) / attemptsPerS;
}

/**
 * Hosts of a pool of `hosts` that may be ejected at once: maxEjectionPercent of them, rounded
 * down, but at least one (Envoy ejects a host when the ejected share would stay within the
 * percentage, or when none is ejected: "will eject at least one host regardless of the value").
 */
export function maxEjectableHosts(hosts: number, maxEjectionPercent: number): number {
  if (hosts <= 0) return 0;
  return Math.max(1, Math.floor((hosts * maxEjectionPercent) / 100 + EPS));
}

/** Whether the pool is in panic: fewer than minHealthPercent of its hosts healthy (not ejected). 0 never panics. */
export function inPanic(hosts: number, ejected: number, minHealthPercent: number): boolean {
  if (hosts <= 0 || minHealthPercent <= 0) return false;
  return (100 * (hosts - ejected)) / hosts < minHealthPercent - EPS;
}

/** How long the n-th ejection of a host lasts (n ≥ 1): baseEjectionTime × n. */
export function ejectionDurationS(baseEjectionTimeS: number, timesEjected: number): number {
  return baseEjectionTimeS * timesEjected;
}

/**
 * Success-rate outliers (Envoy, at each interval): among hosts with at least the request volume,
 * when there are at least minimumHosts of them, those whose success rate is below
 * mean − stdevFactor × stdev (population standard deviation over hosts). `groups` are hosts
 * alike: a count and the success rate each has. Returns per group whether it is an outlier.
 */
export function successRateOutliers(groups: readonly { hosts: number; successRatio: number }[], minimumHosts: number, stdevFactor: number): boolean[] {
  let n = 0;
  let sum = 0;
  for (const g of groups) {
    n += g.hosts;
    sum += g.hosts * g.successRatio;
  }
  if (n < minimumHosts || n === 0) return groups.map(() => false);
  const mean = sum / n;
  let variance = 0;
  for (const g of groups) variance += g.hosts * (g.successRatio - mean) ** 2;
  const threshold = mean - stdevFactor * Math.sqrt(variance / n);
  return groups.map((g) => g.hosts > 0 && g.successRatio < threshold - EPS);
}

/**
 * Alike hosts that fail together: how many, how many are ejected now, how far their
 * consecutive-error counter is towards the threshold (0..1, counting at the rate of the current
 * delay), how often they have been ejected, and until when (NaN: none ejected). Hosts of the set
 * ejected later (when a slot frees) return with the first ones: a simplification.
 */
export interface FailingHosts {
  hosts: number;
  ejected: number;
  progress: number;
  timesEjected: number;
  ejectedUntilS: number;
}

export function failingHosts(hosts: number): FailingHosts {
  return { hosts, ejected: 0, progress: 0, timesEjected: 0, ejectedUntilS: Number.NaN };
}

/** Count `dtS` seconds of failures towards the next ejection (hosts still in rotation fail; ejected ones see nothing). */
export function countFailures(h: FailingHosts, dtS: number, delayS: number): void {
  if (dtS > 0 && h.ejected < h.hosts && Number.isFinite(delayS) && delayS >= 0) h.progress += delayS === 0 ? 1 : dtS / delayS;
}

/** Ejected hosts whose time is up come back, their counter at 0. Returns whether they did. */
export function returnIfDue(h: FailingHosts, nowS: number): boolean {
  if (h.ejected === 0 || nowS < h.ejectedUntilS - EPS) return false;
  h.ejected = 0;
  h.ejectedUntilS = Number.NaN;
  h.progress = 0;
  return true;
}

/**
 * The counter reached the threshold: eject as many of the hosts in rotation as `slots` allow
 * (max ejection percent) and reset the counter (Envoy resets it after each ejection attempt, so
 * hosts held back by the percentage try again at the next run of errors). Returns the hosts ejected.
 */
export function ejectIfDue(h: FailingHosts, nowS: number, slots: number, baseEjectionTimeS: number): number {
  if (h.ejected >= h.hosts || h.progress < 1 - EPS) return 0;
  h.progress = 0;
  const n = Math.min(h.hosts - h.ejected, Math.max(0, slots));
  if (n === 0) return 0;
  if (h.ejected === 0) {
    h.timesEjected++;
    h.ejectedUntilS = nowS + ejectionDurationS(baseEjectionTimeS, h.timesEjected);
  }
  h.ejected += n;
  return n;
}

/** The next time after `nowS` the set changes: a return, or (with a free slot) the next ejection. */
export function nextChangeS(h: FailingHosts, nowS: number, delayS: number, slotFree: boolean): number {
  let next = h.ejected > 0 ? h.ejectedUntilS : Number.POSITIVE_INFINITY;
  if (slotFree && h.ejected < h.hosts && Number.isFinite(delayS)) next = Math.min(next, nowS + Math.max(0, 1 - h.progress) * delayS);
  return next;
}
